"""`--reflow`: lines that a dump broke at inline elements, joined back into their paragraph.

A scraper that writes one text node a line (BeautifulSoup's `get_text("\\n")`) breaks a
sentence at every link or emphasis inside it: "...the chaos of" / "the Big Bang" /
"remains...". Each join is recorded in the report like a removal (code RF01): the line
break it removed, and the space (or nothing) the clean text holds in its place
(`Removal.replacement`), so `cleaner restore` puts the break back exactly.

When two lines are one paragraph, from evidence at the break (no language's words):
- the line before does not end a sentence (its last character is a letter, a digit or
  a comma) and holds at least `MIN_WORDS` words, counting the lines already joined to it;
- and the next line continues it: it starts with a lower-case letter, or with punctuation
  that closes a phrase (",", ")", ...: joined without a space), or it is a short phrase
  (at most `SHORT_WORDS` words: a link's text) that the line after it continues or that
  itself ends the sentence.

Joining never crosses a blank line, and a joined text has nothing left to join: the
decision at a break reads only the ends of the lines around it, which joining keeps.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from cleaner.text import WORD

CODE = "RF01"
NAME = "reflow"
MIN_WORDS = 3
"""Words the paragraph before a break must hold: menus and tag lists are lines of one or two."""
SHORT_WORDS = 4
"""At most this many words, a line reads as a linked phrase inside a sentence."""
_CLOSING = frozenset(",.;:!?)]}%”’»")
_SENTENCE_END = frozenset(".!?")
_BREAK = re.compile(r"\r\n|\n|\r")


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


def joins(text: str) -> list[Join]:
    """The line breaks of `text` that `--reflow` joins, in order."""
    lines = _lines(text)
    found: list[Join] = []
    words = 0  # words of the paragraph up to the current line, joined lines counted
    for at, line in enumerate(lines):
        words = line.words if not found or found[-1].end != line.start else words + line.words
        if at + 1 == len(lines) or line.stop == line.end:
            continue
        after = lines[at + 1]
        if after.start != line.stop:
            continue  # a blank line between: a paragraph ends
        join = _join(line, after, lines[at + 2] if at + 2 < len(lines) and lines[at + 2].start == after.stop else None, words)
        if join is not None:
            found.append(join)
    return found


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
    """The non-blank lines of `text`, with their offsets."""
    lines = []
    position = 0
    for found in _BREAK.finditer(text):
        _add(lines, text, position, found.start(), found.end())
        position = found.end()
    _add(lines, text, position, len(text), len(text))
    return lines


def _add(lines: list[_Line], text: str, start: int, end: int, stop: int) -> None:
    content = text[start:end]
    if content.strip():
        lines.append(_Line(start, end, stop, content, len(WORD.findall(content))))


def reflowed(text: str, found: Sequence[Join]) -> str:
    """`text` with the `found` joins made."""
    pieces, position = [], 0
    for join in found:
        pieces.append(text[position : join.start])
        pieces.append(join.replacement)
        position = join.end
    pieces.append(text[position:])
    return "".join(pieces)
