"""Text in, clean text and removals out: segment, judge, apply, until nothing changes."""

from __future__ import annotations

import bisect
import dataclasses
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from cleaner._speedups import compiled
from cleaner.engine.keep import Guard, KeepList, guard
from cleaner.engine.segment import respliced, segment_text
from cleaner.model.document import Block, Document, Kept, Removal, Verdict
from cleaner.readers.files import MAX_LINE_CHARS
from cleaner.rules import Rule
from cleaner.rules.base import Kind, Reads, Stage, reads_of, settles
from cleaner.rules.presets import Preset, preset_rules

if TYPE_CHECKING:
    # The HTML reader loads with the first HTML input: a run over text dumps never needs it.
    from cleaner.readers.dom import Page


@dataclass(frozen=True)
class Result:
    """What cleaning one text produced: the clean text and every removal, in text order."""

    original: str
    text: str
    removals: tuple[Removal, ...]
    kept: tuple[Kept, ...] = ()
    """Lines a rule wanted and a keep-list saved; they are in `text`."""

    @property
    def changed(self) -> bool:
        return bool(self.removals)

    def counts(self) -> dict[str, int]:
        """Removals per rule code."""
        return dict(sorted(Counter(r.code for r in self.removals).items()))


def clean_text(
    text: str,
    rules: Sequence[Rule] | None = None,
    keep: KeepList | None = None,
    keys: dict[str, str] | None = None,
    prepared: Prepared | None = None,
) -> Result:
    """Clean `text` with `rules` (the default preset's by default); no rule removes any
    part of a line that a `keep` pattern matches. `keys`: lines `normalise`d already
    (by the learn pass, `cleaner.sites.model.line_keys`), by the line; it is added to.
    `prepared`: the start of the work, done already (`prepare_text`, with `keys`); the
    result is the same without it.

    Passes repeat until the rules find nothing more: removing a line can make its
    neighbours a blank run or a repeated headline. Because the last pass found
    nothing, cleaning the result again changes nothing. A rule with a later `stage`
    (the paragraph classifier) joins only once the earlier rules are done, so it
    judges the page without its UI lines.
    """
    rules = preset_rules(Preset.DEFAULT) if rules is None else rules
    return _clean(text, [rule for rule in rules if Kind.TEXT in rule.kinds], keep=keep, keys=keys, prepared=prepared)


@dataclass(frozen=True)
class Prepared:
    """The start of cleaning a text that needs none of the rules still to be bound
    (`prepare_text`): a worker process makes it while it waits for the run's site model."""

    text: str
    removed: list[tuple[int, int, str, str]]
    """What the raw-text rules (`judge_text`) found, as spans of `text`."""
    doc: Document
    """The first pass's document: `text` without `removed`, cut into lines, with its memo."""
    checks: dict[int, list[Verdict]]
    """The verdicts of the rules (by id) that judged `doc` already."""


def prepare_text(text: str, rules: Sequence[Rule], keys: dict[str, str] | None = None) -> Prepared:
    """What `clean_text(text, ...)` (without a keep-list, with `keys`) does first, with
    `rules`, those of its rules known already: the raw-text rules' removals, the first
    pass's document, and the verdicts there of the `rules` that judge the first pass.
    A rule added later (TP01, once the site model is made) judges that document then."""
    rules = [rule for rule in rules if Kind.TEXT in rule.kinds]
    removed: list[tuple[int, int, str, str]] = []
    current = text
    if verdicts := judge_text(text, rules):
        removed = _to_original(verdicts, removed)
        current = apply_verdicts(current, verdicts)
    doc = segment_text(current, memo={0: keys} if keys is not None else {})
    first = min((rule.stage for rule in rules), default=Stage.LINES)
    checks = {id(rule): rule.check(doc) for rule in rules if rule.stage == first and rule.stage is not Stage.MARKUP}
    return Prepared(text, removed, doc, checks)


def clean_page(
    page: Page,
    rules: Sequence[Rule] | None = None,
    structure: bool = False,
    keep: KeepList | None = None,
    keys: dict[str, str] | None = None,
) -> Result:
    """Clean an HTML page: its text, a block per line, is what the removals refer to.

    With `keep`, no rule removes a line that a keep pattern matches, nor one that the
    page marks as inside an element of a keep selector (parse the page with the same
    keep-list's selectors).

    The first pass judges the page with its DOM features, so the HTML rules (stage
    MARKUP) see the markup, once; the passes after it judge plain text, as for a dump.
    Rules that judge only text dumps (kinds without HTML: the paragraph classifier,
    whose work the DOM rules do here, and repeated blocks, since a page's main content
    repeats lines on purpose) are left out. Every removal names the element its text came from.
    `keys` as for `clean_text`.
    """
    rules = preset_rules(Preset.DEFAULT) if rules is None else rules
    doc = page_document(page, structure)
    rules = [rule for rule in rules if Kind.HTML in rule.kinds]
    return _clean(doc.text, rules, [block.path for block in page.blocks], doc, keep, keys)


def clean_html(
    data: bytes,
    rules: Sequence[Rule] | None = None,
    structure: bool = False,
    encoding: str | None = None,
    max_line_chars: int = MAX_LINE_CHARS,
    keep: KeepList | None = None,
) -> Result:
    """Clean one page given as bytes, as `cleaner clean` cleans an HTML file."""
    from cleaner.readers.html import read_page

    page, _ = read_page(data, encoding, max_line_chars, keep.selectors if keep else ())
    return clean_page(page, rules, structure, keep)


def page_document(page: Page, structure: bool = False) -> Document:
    """The document the HTML rules judge: the page's text, its blocks as lines."""
    text = page.text(structure)
    return Document(text, _page_lines(text), page=page)


def _page_lines(text: str) -> tuple[Block, ...]:
    """The lines of a page's text, which holds no line break but those between blocks.

    The HTML rules read no line keys, so none are made; the text passes segment afresh.
    """
    lines, start = [], 0
    for index, line in enumerate(text.split("\n")[:-1]):
        end = start + len(line)
        lines.append(Block(index, start, end, end + 1, line))
        start = end + 1
    return tuple(lines)


def _clean(
    text: str,
    rules: Sequence[Rule],
    elements: Sequence[str] = (),
    doc: Document | None = None,
    keep: KeepList | None = None,
    keys: dict[str, str] | None = None,
    prepared: Prepared | None = None,
) -> Result:
    """Clean `text`, whose first pass judges `doc` when given (a page's, with its DOM),
    or starts from `prepared` when given (see `prepare_text`)."""
    names = {rule.code: rule.name for rule in rules}
    current, first = text, doc
    removed: list[tuple[int, int, str, str]] = []
    # Protected lines are found on the input's own lines, once (`cleaner.engine.keep`); a text
    # dump has none to find when the keep-list holds selectors only.
    shield = guard(doc or segment_text(text), keep) if keep and (keep.patterns or doc is not None) else None
    # Verdicts of the first pass's rules (by id) on its document, found before it began.
    checked: dict[int, list[Verdict]] | None = None
    if prepared is not None and shield is None and doc is None and prepared.text == text:
        removed = prepared.removed
        if removed:
            current = prepared.doc.text
        first, checked = prepared.doc, prepared.checks
    elif doc is None and (verdicts := judge_text(text, rules, shield)):
        # Found on the raw text (millions of blank lines), before it is cut into lines.
        removed = _to_original(verdicts, removed)
        current = apply_verdicts(current, verdicts)
    # Key 0 holds the line keys (`cleaner.engine.segment`).
    memo: dict[int, dict] = {0: keys} if keys is not None else {}
    if first is not None and first.page is None and first.memo is not None:
        memo = first.memo
    # The document of the last pass if it found nothing, and the rules that judged it:
    # they would find nothing in it again, so the next stage's first pass asks only the
    # rules that join there, of the same document.
    settled: tuple[Document, set[int]] | None = None
    # The last pass's document and verdicts, from which the next document is cut (only
    # the lines the verdicts touched are cut afresh), and the rules that judged the
    # document it was itself cut from: they may judge only its fresh lines.
    last: tuple[Document, list[Verdict]] | None = None
    judged_before: set[int] = set()
    judged: set[int] = set()
    # The rules known to find nothing in the current document without judging it: they
    # read its layout (`Reads.LAYOUT`), found nothing in the last one, and the last
    # pass's removals left the layout as it was (blank lines only).
    quiet: set[int] = set()
    # The rules (by id) that found everything the last pass found, when all of them settle
    # (`Rule.settles`) and their cuts were neither narrowed by a keep-list nor near a CR:
    # asked again, they would find nothing, so a pass that would ask only them finds nothing.
    settled_by: set[int] = set()
    # The original's lines, when a pass cut the original itself into them: each removal's line
    # and column are then looked up there (`_places`), not counted in the text again.
    original_lines: tuple[Block, ...] | None = None
    final = max((rule.stage for rule in rules), default=Stage.LINES)
    for stage in sorted({rule.stage for rule in rules}):
        active = [rule for rule in rules if rule.stage <= stage]
        while True:
            if shield is not None:
                shield.follow(removed)
            if first is not None:
                current_doc, first = first, None
                if current_doc.page is not None and text.endswith("\n") and "\r" not in text:
                    # A page's lines tile its text, each ending in its one line break.
                    original_lines = current_doc.blocks
                elif current_doc.page is None and current is text and "\r" not in text:
                    original_lines = current_doc.blocks  # a prepared text's, as cut below
            elif settled is not None:
                current_doc = settled[0]
            elif last is not None and last[0].page is None:
                judged_before = judged
                current_doc = respliced(last[0], last[1], current)
            else:
                current_doc = segment_text(current, memo=memo)
                if current is text and "\r" not in text:
                    # (With CR, an offset between the CR and LF of one break is on the next line as counted.)
                    original_lines = current_doc.blocks
            judged = settled[1] if settled is not None else set()
            # MARKUP rules judge a page's markup, which no text pass has: they would find nothing there.
            judging = [
                rule
                for rule in active
                if id(rule) not in judged
                and (current_doc.page is not None or rule.stage is not Stage.MARKUP)
                and not _finds_nothing(rule, current_doc, quiet, judged_before)
            ]
            found: set[int] = set()
            if judging and not settled_by.issuperset(map(id, judging)):
                verdicts = judge(current_doc, judging, shield, judged_before, found, checked)
            else:
                verdicts = []
            checked = None  # they judged the first pass's document only
            judged = judged | {id(rule) for rule in active}
            settled = None
            if verdicts:
                removed = _merge(removed, _to_original(verdicts, removed))
                current = apply_verdicts(current, verdicts)
                last = (current_doc, verdicts)
                # A keep-list narrows a verdict afresh each pass (and records whom it refused), so it is judged.
                layout_kept = shield is None and current_doc.page is None and keeps_layout(current_doc, verdicts)
                quiet = {id(rule) for rule in active if id(rule) not in found and reads_of(rule) is Reads.LAYOUT} if layout_kept else set()
                settling = shield is None and current_doc.page is None and "\r" not in current_doc.text
                settled_by = found if settling and all(settles(rule) for rule in active if id(rule) in found) else set()
                if settled_by and stage == final and current_doc.memo is not None and _cuts_whole_lines(current_doc, verdicts):
                    # The next document would have no fresh line, so its pass would ask only rules
                    # that settled, and no later stage needs it: neither is made.
                    asked = {id(rule) for rule in active if id(rule) not in quiet and rule.stage is not Stage.MARKUP and reads_of(rule) is not Reads.LINE}
                    if asked <= settled_by:
                        break
            else:
                settled_by = set()
                if current_doc.page is None:
                    settled = (current_doc, judged)
            # MARKUP rules judge the page's markup, which only the first pass has.
            if not verdicts or stage is Stage.MARKUP:
                break
    if original_lines is not None:
        removals = _placed_removals(removed, tuple(original_lines), text, names, elements, Removal)
    else:
        removals = _counted_removals(removed, text, names, elements, Removal)
    return Result(original=text, text=current, removals=tuple(removals), kept=shield.kept() if shield is not None else ())


def judge_text(text: str, rules: Sequence[Rule], shield: Guard | None = None) -> list[Verdict]:
    """The verdicts of the rules that can judge raw text (`check_text`), without overlaps
    and, with a `shield`, without its protected lines."""
    verdicts: list[Verdict] = []
    for rule in rules:
        check_text = getattr(rule, "check_text", None)
        if check_text is not None:
            found = check_text(text)
            if shield is not None and found:
                found = shield.narrow(rule, found)
            verdicts = _without_overlaps(sorted(verdicts + found, key=_start))
    return verdicts


_removal = tuple.__new__
"""Builds a Removal from a tuple of its fields, as `cleaner.engine.segment` builds blocks:
a named tuple's own constructor is a Python function, and a page has hundreds of removals."""


def _removals(
    removed: Sequence[tuple[int, int, str, str]],
    places: Sequence[tuple[int, int]],
    text: str,
    names: dict[str, str],
    elements: Sequence[str],
    kind: type = Removal,
) -> list[Removal]:
    """A Removal (a `kind`) for each of the `removed` spans of the original `text`, at its line
    and column in `places`, from the element `elements` names for its line (a page's), if any."""
    return [
        _removal(kind, (start, end, text[start:end], code, names[code], reason, line, column, elements[line - 1] if elements else "", 0, 0))
        for (start, end, code, reason), (line, column) in zip(removed, places)
    ]


def placed_removals_py(
    removed: Sequence[tuple[int, int, str, str]], lines: tuple[Block, ...], text: str, names: dict[str, str], elements: Sequence[str], kind: type
) -> list[Removal]:
    """`_removals` of the `removed` spans (sorted) placed among `lines`, the blocks that tile
    the original `text` (`_places`). (`_placed_removals` is its compiled twin when built,
    `cleaner._speedups.spans`: a page of article mode has hundreds of removals.)"""
    return _removals(removed, _places(lines, removed), text, names, elements, kind)


def counted_removals_py(
    removed: Sequence[tuple[int, int, str, str]], text: str, names: dict[str, str], elements: Sequence[str], kind: type
) -> list[Removal]:
    """`_removals` of the `removed` spans (sorted), each at the line and column counted in the
    original `text` (`_lines_and_columns`). (`_counted_removals` is its compiled twin when
    built, `cleaner._speedups.spans`.)"""
    return _removals(removed, _lines_and_columns(text, [span[0] for span in removed]), text, names, elements, kind)


def _places(lines: Sequence[Block], removed: Sequence[tuple[int, int, str, str]]) -> list[tuple[int, int]]:
    """The 1-based line and column of each of the `removed` spans' starts (sorted), found
    among `lines`, the blocks that tile the original (as `_lines_and_columns` counts them)."""
    places = []
    at, count = 0, len(lines)
    for start, _, _, _ in removed:
        while at + 1 < count and lines[at + 1].start <= start:
            at += 1
        places.append((at + 1, start - lines[at].start + 1))
    return places


def _lines_and_columns(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """The 1-based line and column of each offset in `starts` (sorted), counting CR LF,
    LF and CR as line breaks as `segment_text` does, in one pass over the text."""
    places = []
    line, line_start, position = 1, 0, 0
    for start in starts:
        breaks = text.count("\n", position, start) + text.count("\r", position, start) - text.count("\r\n", position, start)
        if position and text[position - 1] == "\r" and text.startswith("\n", position) and position < start:
            breaks -= 1  # a CR LF cut by the previous offset is one break, counted with the CR
        if breaks:
            line += breaks
            line_start = max(text.rfind("\n", position, start), text.rfind("\r", position, start)) + 1
        places.append((line, start - line_start + 1))
        position = start
    return places


def judge(
    doc: Document,
    rules: Sequence[Rule],
    shield: Guard | None = None,
    judged_before: Collection[int] = (),
    found: set[int] | None = None,
    checked: dict[int, list[Verdict]] | None = None,
) -> list[Verdict]:
    """Every rule's verdicts on `doc`, without overlaps; earlier rules win a contested span.

    A `shield` takes its protected lines out of each rule's verdicts before they
    contest, so a later rule may still take what an earlier one was refused around them.
    Only the rules in `judged_before` (by id), which judged the document `doc` was cut
    from, see its `fresh` lines as such; the others judge all of it. The ids of the
    rules that found anything, contested or not, are added to `found`. `checked`: the
    verdicts of rules (by id) that judged `doc`, whole, already.
    """
    whole = doc if doc.fresh is None else None
    accepted: list[Verdict] = []
    for rule in rules:
        if checked is not None and id(rule) in checked:
            verdicts = checked[id(rule)]
        elif id(rule) in judged_before:
            verdicts = rule.check(doc)
        else:
            if whole is None:
                whole = dataclasses.replace(doc, fresh=None)
            verdicts = rule.check(whole)
        if shield is not None and verdicts:
            verdicts = shield.narrow(rule, verdicts)
        if not verdicts:
            continue
        if found is not None:
            found.add(id(rule))
        accepted = _admitted(accepted, verdicts)
    return accepted


def admitted_py(accepted: list[Verdict], verdicts: Sequence[Verdict]) -> list[Verdict]:
    """`accepted` (verdicts sorted by start, apart) with those of `verdicts` that overlap none
    of them nor an earlier one admitted, empty spans left out, sorted by start: how `judge`
    adds a rule's verdicts to those of the rules before it. (`_admitted` is its compiled twin
    when built, `cleaner._speedups.spans`: a page's passes contest thousands of verdicts.)"""
    if not accepted:
        # The first rule to find anything needs no overlap test against others.
        return _without_overlaps(sorted(verdicts, key=_start))
    taken = [(v.start, v.end) for v in accepted]
    fresh = _without_overlaps([v for v in sorted(verdicts, key=_start) if not _overlaps(taken, v.start, v.end)])
    return sorted(accepted + fresh, key=_start) if fresh else accepted


def _finds_nothing(rule: Rule, doc: Document, quiet: Collection[int], judged_before: Collection[int]) -> bool:
    """Whether `rule` is known to find nothing in `doc` without judging it: it reads the
    layout and is `quiet`, or it reads lines alone, judged the document `doc` was cut from,
    and no line of `doc` is fresh."""
    if id(rule) in quiet:
        return True
    return doc.fresh is not None and not doc.fresh and id(rule) in judged_before and reads_of(rule) is Reads.LINE


def keeps_layout(doc: Document, verdicts: Sequence[Verdict]) -> bool:
    """Whether cutting `verdicts` (sorted, not overlapping) from `doc` leaves what a
    `Reads.LAYOUT` rule reads as it was (see `keeps_layout_py`, its pure-Python twin)."""
    # The kernel reads the blocks alone; the twin also answers for a text with CR.
    if _spans_kernel is None or "\r" in doc.text:
        return keeps_layout_py(doc, verdicts)
    return _spans_kernel.kept_layout(tuple(doc.blocks), verdicts)  # type: ignore[no-any-return]


def keeps_layout_py(doc: Document, verdicts: Sequence[Verdict]) -> bool:
    """Whether cutting `verdicts` (sorted, not overlapping) from `doc` leaves what a
    `Reads.LAYOUT` rule reads as it was: the non-blank lines, in order, and a blank line
    between two of them exactly where there was one.

    So the verdicts take only blank lines, whole, or the spaces on them (never a line
    break alone, which would join two lines), and never every blank line between two
    non-blank ones. A line break with CR is left to judging: a removal can turn CR and
    LF around it into one break.
    """
    if "\r" in doc.text:
        return False
    blocks = doc.blocks
    gone: list[int] = []
    for verdict in verdicts:
        at = max(bisect.bisect_right(blocks, verdict.start, key=_block_start) - 1, 0)
        while at < len(blocks) and blocks[at].start < verdict.end:
            block = blocks[at]
            if block.text and not block.text.isspace():
                return False
            if verdict.start <= block.start and verdict.end >= block.stop:
                gone.append(at)
            elif verdict.end > block.end:
                return False
            at += 1
    taken, reach = set(gone), -1
    for at in gone:
        if at <= reach:
            continue  # in a run already found to keep a line
        # The run of blank lines around it: one of them must stay, unless no text precedes or follows it.
        before = at
        while before > 0 and not _has_text(blocks[before - 1]):
            before -= 1
        reach = at
        while reach + 1 < len(blocks) and not _has_text(blocks[reach + 1]):
            reach += 1
        if before > 0 and reach + 1 < len(blocks) and all(index in taken for index in range(before, reach + 1)):
            return False
    return True


def _cuts_whole_lines(doc: Document, verdicts: Sequence[Verdict]) -> bool:
    """Whether each of `verdicts` takes whole lines of `doc`, line breaks included: cut
    from it (`cleaner.engine.segment.respliced`), they leave no line fresh."""
    blocks = doc.blocks
    if not blocks:
        return False
    for verdict in verdicts:
        at = bisect.bisect_left(blocks, verdict.start, key=_block_start)
        if at == len(blocks) or blocks[at].start != verdict.start:
            return False
        at = bisect.bisect_left(blocks, verdict.end, key=_block_start)
        if not (at < len(blocks) and blocks[at].start == verdict.end) and verdict.end != blocks[-1].stop:
            return False
    return True


def _has_text(block: Block) -> bool:
    return bool(block.text) and not block.text.isspace()


# Sort and bisection keys read in C: a page's passes sort tens of thousands of verdicts.
_block_start = attrgetter("start")
_start = attrgetter("start")


def _without_overlaps(verdicts: list[Verdict]) -> list[Verdict]:
    """`verdicts` (sorted by start) without empty spans and without any that overlaps an
    earlier one of them."""
    kept: list[Verdict] = []
    reach = -1
    for verdict in verdicts:
        if verdict.start >= verdict.end or verdict.start < reach:
            continue
        kept.append(verdict)
        reach = verdict.end
    return kept


def apply_verdicts_py(text: str, verdicts: Iterable[Verdict]) -> str:
    """`text` without the spans of non-overlapping `verdicts` sorted by start. (`apply_verdicts`
    is its compiled twin when built, `cleaner._speedups.spans`.)"""
    pieces, position = [], 0
    for verdict in verdicts:
        pieces.append(text[position : verdict.start])
        position = verdict.end
    pieces.append(text[position:])
    return "".join(pieces)


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    at = bisect.bisect_left(taken, (start, end))
    if at > 0 and taken[at - 1][1] > start:
        return True
    return at < len(taken) and taken[at][0] < end


def to_original_py(verdicts: list[Verdict], removed: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Map spans of the current text back to the original, which `removed` spans were cut from.

    A span that straddles an earlier cut becomes two spans, one each side of it.
    (`_to_original` is its compiled twin when built, `cleaner._speedups.spans`.)
    """
    # Kept pieces of the original as (start in current text, start in original, length).
    kept: list[tuple[int, int, int]] = []
    current = original = 0
    for start, end, _, _ in removed:
        if start > original:
            kept.append((current, original, start - original))
            current += start - original
        original = end
    kept.append((current, original, 1 << 62))
    starts = [k[0] for k in kept]
    mapped = []
    for verdict in verdicts:
        position = verdict.start
        at = bisect.bisect_right(starts, position) - 1
        while position < verdict.end:
            piece_current, piece_original, length = kept[at]
            stop = min(verdict.end, piece_current + length)
            offset = piece_original + position - piece_current
            mapped.append((offset, offset + stop - position, verdict.code, verdict.reason))
            position = stop
            at += 1
    return mapped


_spans_kernel = compiled("spans")
_to_original: Callable[[list[Verdict], list[tuple[int, int, str, str]]], list[tuple[int, int, str, str]]] = (
    _spans_kernel.to_original if _spans_kernel else to_original_py
)
_placed_removals: Callable[..., list[Removal]] = _spans_kernel.placed_removals if _spans_kernel else placed_removals_py
_counted_removals: Callable[..., list[Removal]] = _spans_kernel.counted_removals if _spans_kernel else counted_removals_py
apply_verdicts: Callable[[str, Iterable[Verdict]], str] = _spans_kernel.applied if _spans_kernel else apply_verdicts_py
_admitted: Callable[[list[Verdict], Sequence[Verdict]], list[Verdict]] = _spans_kernel.admitted if _spans_kernel else admitted_py


def _merge(a: list[tuple[int, int, str, str]], b: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    return sorted(a + b)
