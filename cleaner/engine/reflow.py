"""`--reflow`: lines that a dump broke at inline elements, joined back into their paragraph.

A scraper that writes one text node a line (BeautifulSoup's `get_text("\\n")`) breaks a
sentence at every link or emphasis inside it: "...the chaos of" / "the Big Bang" /
"remains...". Each join is recorded in the report like a removal of the line break:
RF01 where the clean text holds a space in its place (`cleaner.model.spans.JOINED`, which
restoring replaces), RF02 where it holds nothing (a break before closing punctuation, or
beside a space the dump kept), so `cleaner restore` puts every break back exactly.

When two lines are one paragraph, from evidence at the break (no language's words):
- the line before does not end a sentence (its last character is a letter, a digit or
  a comma) and holds at least `MIN_WORDS` words, counting the lines already joined to it;
- and the next line continues it: it starts with a lower-case letter, or with punctuation
  that closes a phrase (",", ")", ...: joined without a space), or it is a short phrase
  (at most `SHORT_WORDS` words: a link's text) that the line after it continues or that
  itself ends the sentence.

Joining never crosses a blank line. The decisions are made again over the joined lines
until nothing more joins, so a reflowed text has nothing left to join; and a join that
would make the rules judge the text otherwise is not made (`reflow`), so cleaning a
clean text again changes nothing, with or without `--reflow`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from operator import attrgetter
from typing import NamedTuple

from cleaner.engine.pipeline import Result, _lines_and_columns
from cleaner.engine.segment import segment_text
from cleaner.model.document import Removal
from cleaner.model.spans import JOINED, UNSPACED
from cleaner.text import WORD

NAMES = {JOINED: "reflow-space", UNSPACED: "reflow"}
MIN_WORDS = 3
"""Words the paragraph before a break must hold: menus and tag lists are lines of one or two."""
SHORT_WORDS = 4
"""At most this many words, a line reads as a linked phrase inside a sentence."""
_COUNTED = max(MIN_WORDS, SHORT_WORDS + 1)
"""Words are counted up to this many: no decision reads further, and a long line is not
read word by word. (Capped counts still add up: a joined line's is its parts' summed, capped.)"""
_CLOSING = frozenset(",.;:!?)]}%”’»")
_SENTENCE_END = frozenset(".!?")
_START = attrgetter("start")


class Join(NamedTuple):
    """A line break of the text to replace by `replacement`, and why."""

    start: int
    end: int
    replacement: str
    reason: str


class _Line(NamedTuple):
    start: int
    end: int
    """Just after the last character before the line break."""
    stop: int
    """Just after the line break."""
    text: str
    words: int
    """Its words (`cleaner.text.WORD`), counted up to `_COUNTED`."""


def joins(text: str) -> list[Join]:
    """The line breaks of `text` that `--reflow` joins, in order.

    Decided again over the joined lines until nothing more joins, so that the reflowed
    text has nothing left to join (a short phrase joined to the line after it is no
    longer the same phrase to the line before)."""
    lines = _lines(text)
    found: list[Join] = []
    while True:
        fresh = _joins_of(lines)
        if not fresh:
            return found
        found = sorted(found + fresh)
        lines = _merged(lines, {join.start for join in fresh}, text)


def _joins_of(lines: list[_Line]) -> list[Join]:
    found: list[Join] = []
    words = 0  # words of the paragraph up to the current line, lines joined to it counted
    for at, line in enumerate(lines):
        words = min(words + line.words, _COUNTED) if found and found[-1].end == line.start else line.words
        if at + 1 == len(lines) or line.stop == line.end:
            continue
        after = lines[at + 1]
        if after.start != line.stop:
            continue  # a blank line between: a paragraph ends
        next_after = lines[at + 2] if at + 2 < len(lines) and lines[at + 2].start == after.stop else None
        join = _join(line, after, next_after, words)
        if join is not None:
            found.append(join)
    return found


def _merged(lines: list[_Line], joined: set[int], text: str) -> list[_Line]:
    """`lines` with each line whose break is `joined` merged with the next."""
    merged: list[_Line] = []
    for line in lines:
        if merged and merged[-1].end in joined:
            first = merged[-1]
            merged[-1] = _Line(first.start, line.end, line.stop, text[first.start : line.end], min(first.words + line.words, _COUNTED))
        else:
            merged.append(line)
    return merged


def _join(line: _Line, after: _Line, next_after: _Line | None, words: int) -> Join | None:
    """The join of `line` with `after`, when the evidence says they are one paragraph."""
    left, right = line.text, after.text
    last, first = left.rstrip()[-1:], right.lstrip()[:1]
    if not last or not first or not (last.isalnum() or last == ","):
        return None
    if words < MIN_WORDS:
        return None
    # An edge space already there (a dump that kept the text nodes' spaces) needs none added;
    # closing punctuation is written against the word before it.
    spaced = left[-1].isspace() or right[0].isspace()
    replacement = "" if spaced or first in _CLOSING else " "
    if first in _CLOSING:
        evidence = f"the next line starts with {first!r}, which closes a phrase"
    elif first.islower():
        evidence = f"the next line starts lower-case ({_head(right)!r})"
    elif after.words <= SHORT_WORDS and (right.rstrip()[-1:] in _SENTENCE_END or (next_after is not None and _continues(next_after.text))):
        ending = "ends the sentence" if right.rstrip()[-1:] in _SENTENCE_END else f"the line after it continues ({_head(next_after.text)!r})"  # type: ignore[union-attr]
        evidence = f"the next line is a short phrase ({after.words} words) and {ending}"
    else:
        return None
    reason = f"line break inside a sentence: the line ends without a sentence end ({_tail(left)!r}) and {evidence}"
    return Join(line.end, line.stop, replacement, reason)


def _continues(text: str) -> bool:
    first = text.lstrip()[:1]
    return bool(first) and (first.islower() or first in _CLOSING)


def _head(text: str) -> str:
    return " ".join(text.split()[:2])


def _tail(text: str) -> str:
    return " ".join(text.split()[-2:])


def _lines(text: str) -> list[_Line]:
    """The non-blank lines of `text`, with their offsets (cut as the engine cuts them)."""
    return [_Line(b.start, b.end, b.stop, b.text, _words(b.text)) for b in segment_text(text).blocks if b.text and not b.text.isspace()]


def _words(text: str) -> int:
    """The words of `text`, counted up to `_COUNTED`."""
    count = 0
    for _ in WORD.finditer(text):
        count += 1
        if count == _COUNTED:
            break
    return count


def reflowed(text: str, found: Sequence[Join]) -> str:
    """`text` with the `found` joins made."""
    pieces, position = [], 0
    for join in found:
        pieces.append(text[position : join.start])
        pieces.append(join.replacement)
        position = join.end
    pieces.append(text[position:])
    return "".join(pieces)


def reflow(result: Result, reclean: Callable[[str], Result]) -> Result:
    """`result` with the broken lines of its clean text joined (`joins`), each join one more
    removal of the original (RF01 or RF02, with its evidence).

    `reclean` cleans a text again with the same rules: a join makes a longer line, which a
    rule may judge otherwise than its pieces. Joins in lines the second cleaning would cut
    into are left out (all of them, if it cuts elsewhere), so that cleaning the reflowed
    text again changes nothing."""
    found = joins(result.text)
    while found:
        candidate = _joined(result, found)
        again = reclean(candidate.text)
        if not again.removals:
            return candidate
        untouched = _untouched(found, candidate.text, again.removals)
        if len(untouched) == len(found):
            break
        found = untouched
    return result


def _joined(result: Result, found: Sequence[Join]) -> Result:
    """`result` with the `found` joins (offsets of its clean text) made and recorded."""
    removals = sorted(result.removals, key=_START)
    spans: list[tuple[int, int]] = []
    at = shift = 0
    for join in found:
        # The clean text's characters are the original's not removed: shift by the removals placed before it.
        while at < len(removals) and removals[at].start - shift <= join.start:
            shift += len(removals[at].text)
            at += 1
        start = join.start + shift
        spans.append((start, start + join.end - join.start))
    made: list[Removal] = []
    for join, (start, end), (line, column) in zip(found, spans, _lines_and_columns(result.original, [start for start, _ in spans])):
        code = JOINED if join.replacement else UNSPACED
        made.append(Removal(start, end, result.original[start:end], code, NAMES[code], join.reason, line, column))
    return replace(result, text=reflowed(result.text, found), removals=tuple(sorted(removals + made, key=_START)))


def _untouched(found: Sequence[Join], text: str, removals: Sequence[Removal]) -> list[Join]:
    """The `found` joins whose line in the reflowed `text` none of `removals` cuts into."""
    kept, shift = [], 0
    for join in found:
        position = join.start - shift
        shift += join.end - join.start - len(join.replacement)
        first, last = text.rfind("\n", 0, position) + 1, text.find("\n", position)
        last = len(text) if last < 0 else last
        if not any(r.start <= last and r.end >= first for r in removals):
            kept.append(join)
    return kept
