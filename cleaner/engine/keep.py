"""Keep-lists: lines the user says must never be removed, whichever rule wants them.

A keep pattern is a phrase, found anywhere in a line whatever its case, or `re:` and a
Python regular expression, searched in the line as written (case and all; `(?i)` makes
it ignore case). Phrases ignore case because scraped pages set the same words in
several cases (a heading in Title Case, a button in capitals) and a keep-list should
err towards keeping; `re:` is there for an exact match.

A keep selector is a CSS selector: every line of an HTML page whose text lies inside a
matching element is kept (`cleaner.readers.dom.parse_page` marks those blocks).

Patterns are matched against the lines of the input as it was read (for a page, its
text, a block per line), once. Protection is by line, line break included: a removal
that would take any part of a protected line is narrowed to the text around it, as a
removal that straddles an earlier cut is (`cleaner.engine.pipeline`), so every removal is
still text its rule judged and the report can rebuild the input. The rule that wanted
the line is recorded as a `Kept` entry, not as a removal.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cleaner.model.document import Block, Document, Kept, Verdict
from cleaner.text import printable

if TYPE_CHECKING:
    from cleaner.report.model import FileReport
    from cleaner.rules.base import Rule

REGEX_PREFIX = "re:"


class KeepError(ValueError):
    """A keep pattern or selector that cannot be used; the message names it."""

    def __init__(self, entry: str, message: str) -> None:
        super().__init__(message)
        self.entry = entry


@dataclass(frozen=True)
class KeepList:
    """The keep patterns and selectors of a run, checked and compiled once, when it is made;
    an unusable one is a KeepError."""

    patterns: Sequence[str] = ()
    selectors: Sequence[str] = ()
    _phrases: re.Pattern[str] | None = field(init=False, default=None, repr=False, compare=False)
    """Every phrase as one case-insensitive alternation, group k<i> for phrase i: one search a line."""
    _phrase_names: tuple[str, ...] = field(init=False, default=(), repr=False, compare=False)
    _regexes: tuple[tuple[str, re.Pattern[str]], ...] = field(init=False, default=(), repr=False, compare=False)
    """Each `re:` pattern compiled alone: joined into one, their group numbers and
    inline flags would clash."""

    def __post_init__(self) -> None:
        phrases, regexes = [], []
        for pattern in self.patterns:
            body = pattern.removeprefix(REGEX_PREFIX)
            if not body:
                raise KeepError(pattern, f'keep pattern "{pattern}" is empty, so it would keep every line')
            if pattern.startswith(REGEX_PREFIX):
                try:
                    regexes.append((pattern, re.compile(body)))
                except re.error as error:
                    raise KeepError(pattern, f'keep pattern "{pattern}" is not a valid regular expression: {error}') from None
            else:
                phrases.append(pattern)
        for selector in self.selectors:
            _check_selector(selector)
        alternation = "|".join(f"(?P<k{i}>{re.escape(phrase)})" for i, phrase in enumerate(phrases))
        # Frozen: the compiled forms are set once, here, and never change.
        set_field = object.__setattr__
        set_field(self, "patterns", tuple(self.patterns))
        set_field(self, "selectors", tuple(self.selectors))
        set_field(self, "_phrases", re.compile(alternation, re.IGNORECASE) if phrases else None)
        set_field(self, "_phrase_names", tuple(phrases))
        set_field(self, "_regexes", tuple(regexes))

    def __bool__(self) -> bool:
        return bool(self.patterns or self.selectors)

    def match(self, line: str) -> str | None:
        """The pattern that keeps `line`, or None."""
        if self._phrases is not None and (found := self._phrases.search(line)):
            return self._phrase_names[int(found.lastgroup[1:])]  # type: ignore[index]
        return next((pattern for pattern, regex in self._regexes if regex.search(line)), None)


def _check_selector(selector: str) -> None:
    # selectolax is imported here, not at the top: a run without keep selectors, and
    # every command that reads the config, should not pay for loading it.
    from selectolax.lexbor import LexborHTMLParser, SelectolaxError

    try:
        LexborHTMLParser("<p></p>").css(selector)
    except SelectolaxError:
        raise KeepError(selector, f'keep selector "{selector}" is not a valid CSS selector') from None


class Guard:
    """One document's protected lines, followed through the passes, and what the rules
    wanted of them.

    Built on the input's lines; before each pass `follow` moves the lines to the
    current text, which is the original without the removals so far (none of which
    touches a protected line, so each line moves whole).
    """

    def __init__(self, lines: list[tuple[Block, str, bool]]) -> None:
        self._lines = lines
        self._original = [block.start for block, _, _ in lines]
        self._starts = list(self._original)
        self._lengths = [block.stop - block.start for block, _, _ in lines]
        self._saved: dict[int, Kept] = {}

    def follow(self, removed: Sequence[tuple[int, int, str, str]]) -> None:
        """Place the lines in the current text, after the `removed` spans (of the original,
        sorted) were cut from it."""
        shift, at = 0, 0
        for index, start in enumerate(self._original):
            while at < len(removed) and removed[at][1] <= start:
                shift += removed[at][1] - removed[at][0]
                at += 1
            self._starts[index] = start - shift

    def narrow(self, rule: Rule, verdicts: list[Verdict]) -> list[Verdict]:
        """`verdicts` without the protected lines: a verdict that takes part of one is cut
        into the pieces around it, and the first rule to want a line is recorded."""
        starts, lengths = self._starts, self._lengths
        narrowed = []
        for verdict in verdicts:
            position = verdict.start
            at = max(bisect.bisect_right(starts, position) - 1, 0)
            while at < len(starts) and starts[at] < verdict.end:
                start, stop = starts[at], starts[at] + lengths[at]
                if stop > position and stop > start:
                    if start > position:
                        narrowed.append(verdict._replace(start=position, end=start))
                    self._save(at, rule, verdict.reason)
                    position = stop
                at += 1
            if position == verdict.start:
                narrowed.append(verdict)
            elif position < verdict.end:
                narrowed.append(verdict._replace(start=position))
        return narrowed

    def _save(self, at: int, rule: Rule, reason: str) -> None:
        if at not in self._saved:
            block, keep, selector = self._lines[at]
            self._saved[at] = Kept(block.line, block.text, rule.code, rule.name, reason, keep, selector)

    def kept(self) -> tuple[Kept, ...]:
        """Every line saved, in text order, with the first rule that wanted it."""
        return tuple(self._saved[at] for at in sorted(self._saved))


def guard(doc: Document, keep: KeepList | None) -> Guard | None:
    """The guard of `doc`'s protected lines: those a keep pattern matches, and on a page
    those that a keep selector marked; None when no line is protected."""
    page_blocks = doc.page.blocks if doc.page is not None else ()
    lines = []
    for index, block in enumerate(doc.blocks):
        # A selector names the element the user meant, so it is credited before a pattern.
        selector = page_blocks[index].kept_by if page_blocks else ""
        pattern = None if selector or not keep else keep.match(block.text)
        if selector or pattern:
            lines.append((block, selector or pattern, bool(selector)))
    return Guard(lines) if lines else None


def kept_lines(report: FileReport) -> list[str]:
    """What `--show-kept` prints for one input: `path:line: kept by ...; RULE (name) would remove: reason`."""
    path = printable(report.input)
    return [
        printable(
            f"{path}:{kept.line}: kept by {'keep-selector' if kept.selector else 'keep'} \"{kept.keep}\"; "
            f"{kept.code} ({kept.name}) would remove: {kept.reason}"
        )
        for kept in report.kept
    ]
