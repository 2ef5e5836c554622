"""The report's diff builder as it was before line offsets were bisected (commit 9801cd0), kept as the
oracle that `tests/test_diff_oracle.py` compares `cleaner.report.diff.unified_diff` with.

It walks the original line by line from each removal, with `str.rfind` and a regular
expression; slower, but its output is what the report's diff has always been."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Sequence
from typing import NamedTuple

from cleaner.engine.segment import segment_text
from cleaner.model.document import Removal
from cleaner.text import printable

Opcode = tuple[str, int, int, int, int]


class _KnownOpcodes(difflib.SequenceMatcher):
    """A SequenceMatcher that reports given opcodes, to reuse its hunk grouping."""

    def __init__(self, opcodes: list[Opcode]) -> None:
        super().__init__(None, [], [])
        self._known = opcodes

    def get_opcodes(self) -> list[Opcode]:  # type: ignore[override]
        return self._known


def unified_diff(original: str, clean: str, removals: Sequence[Removal], before: str, after: str, context: int = 3) -> str:
    """A unified diff from `original` to `clean`, marking a missing final line break as git does.

    Built from line ranges, not line by line: a removal of a million whole lines is one
    range, counted and printed with string methods."""
    ranges = _ranges(original, clean, removals)
    if ranges is None:
        old = [original[b.start : b.stop] for b in segment_text(original).blocks]
        new = [clean[b.start : b.stop] for b in segment_text(clean).blocks]
        lines = difflib.unified_diff(old, new, _label("a", before), _label("b", after), n=context)
        return "".join(_terminated(line) for line in lines)
    by_first_line = {r.opcode[1]: r for r in ranges}
    starts = sorted(by_first_line)
    out = [f"--- {_label('a', before)}\n", f"+++ {_label('b', after)}\n"]
    for group in _KnownOpcodes([r.opcode for r in ranges]).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, _, _ in group:
            whole = by_first_line[starts[bisect.bisect_right(starts, i1) - 1]]
            if tag == "equal":
                out.append(_prefixed(" ", _some_lines(original, whole, i1, i2)))
                continue
            out.append(_prefixed("-", original[whole.old_start : whole.old_end]))
            out.append(_prefixed("+", clean[whole.new_start : whole.new_end]))
    return "".join(out)


class _LineRange(NamedTuple):
    """An opcode over lines, and the characters its lines span on each side."""

    opcode: Opcode
    old_start: int
    old_end: int
    new_start: int
    new_end: int


def _ranges(original: str, clean: str, removals: Sequence[Removal]) -> list[_LineRange] | None:
    """Line ranges derived from the removals, or None if a removal joins two lines."""
    cuts = sorted((r.start, r.end) for r in removals)
    ranges: list[_LineRange] = []
    position = line = new_line = new_position = 0
    cut = 0

    def add(tag: str, lines: int, end: int, kept: int) -> None:
        nonlocal position, line, new_line, new_position
        width = 0 if tag == "delete" else lines
        range_ = _LineRange((tag, line, line + lines, new_line, new_line + width), position, end, new_position, new_position + kept)
        if ranges and ranges[-1].opcode[0] == tag:
            previous = ranges.pop()
            range_ = _LineRange((tag, *previous.opcode[1:2], line + lines, previous.opcode[3], new_line + width), previous.old_start, end, previous.new_start, new_position + kept)
        ranges.append(range_)
        position, line, new_line, new_position = end, line + lines, new_line + width, new_position + kept

    def splits_crlf() -> bool:
        # A CR left at the end of a range and an LF after it are one line break in the clean text.
        return 0 < new_position < len(clean) and clean[new_position - 1] == "\r" and clean[new_position] == "\n"

    while position < len(original):
        if splits_crlf():
            return None
        if cut == len(cuts):
            add("equal", _count_lines(original, position, len(original)), len(original), len(original) - position)
            break
        cut_start, cut_end = cuts[cut]
        start_of_line = _line_start(original, max(cut_start, position), position)
        if start_of_line > position:
            add("equal", _count_lines(original, position, start_of_line), start_of_line, start_of_line - position)
            continue
        # Whole lines that one cut removes from the start of this line on: one range.
        if cut_start <= position:
            last_start = _line_start(original, cut_end, position) if cut_end < len(original) else len(original)
            if last_start > position:
                add("delete", _count_lines(original, position, last_start), last_start, 0)
                if cut_end <= last_start:
                    cut += 1
                continue
        # A line that cuts touch but do not remove whole.
        stop = _line_stop(original, position)
        pieces, cursor = [], position
        while cut < len(cuts) and cuts[cut][0] < stop:
            cut_start, cut_end = cuts[cut]
            pieces.append(original[cursor:max(cursor, cut_start)])
            cursor = max(cursor, min(cut_end, stop))
            if cut_end > stop:
                break
            cut += 1
        pieces.append(original[cursor:stop])
        kept = "".join(pieces)
        line_text = original[position:stop]
        if kept == line_text:
            tag = "equal"
        elif kept == "":
            tag = "delete"
        elif kept.rstrip("\r\n") != kept or not line_text.endswith(("\n", "\r")):
            tag = "replace"
        else:
            return None
        if tag != "delete" and not (clean.startswith(kept, new_position) and _line_stop(clean, new_position) == new_position + len(kept)):
            return None
        add(tag, 1, stop, len(kept))
    return ranges if new_position == len(clean) else None


_BREAK = re.compile(r"\r\n|\n|\r")


def _line_start(text: str, position: int, floor: int = 0) -> int:
    """Where the line holding `position` starts (`position` itself after a line break),
    looking back no further than `floor`, a line start known to come before it."""
    start = max(text.rfind("\n", floor, position), text.rfind("\r", floor, position), floor - 1) + 1
    if start == position > floor and text[position - 1] == "\r" and text.startswith("\n", position):
        return _line_start(text, position - 1, floor)  # inside a CR LF: the line is the one it ends
    return start


def _line_stop(text: str, position: int) -> int:
    """Where the line starting at `position` stops, after its line break."""
    found = _BREAK.search(text, position)
    return found.end() if found else len(text)


def _count_lines(text: str, start: int, end: int) -> int:
    """Lines in `text[start:end]`, which starts at a line start and ends at a line stop."""
    breaks = text.count("\n", start, end) + text.count("\r", start, end) - text.count("\r\n", start, end)
    return breaks + (end > start and text[end - 1] not in "\r\n")


def _some_lines(text: str, whole: _LineRange, first: int, last: int) -> str:
    """The text of lines `first` to `last` (exclusive) of an equal range: a few lines,
    found from whichever end of the range they are near."""
    if first - whole.opcode[1] <= whole.opcode[2] - last:
        start = whole.old_start
        for _ in range(first - whole.opcode[1]):
            start = _line_stop(text, start)
        end = start
        for _ in range(last - first):
            end = _line_stop(text, end)
    else:
        end = whole.old_end
        for _ in range(whole.opcode[2] - last):
            end = _line_start(text, end - 1, whole.old_start)
        start = end
        for _ in range(last - first):
            start = _line_start(text, start - 1, whole.old_start)
    return text[start:end]


def _prefixed(prefix: str, lines: str) -> str:
    """Each line of `lines` with `prefix` in front, a last one without a line break marked."""
    if not lines:
        return ""
    newline = "\r\n" if "\r" in lines else "\n"
    if newline == "\r\n" and not lines.count("\r") == lines.count("\r\n") == lines.count("\n"):
        # Mixed line breaks: line by line.
        return "".join(prefix + _terminated(line) for line in _LINE.findall(lines) if line)
    body = prefix + lines.replace(newline, newline + prefix)
    return body[: -len(prefix)] if lines.endswith(newline) else _terminated(body)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")


def _range(start: int, stop: int) -> str:
    length = stop - start
    if length == 1:
        return str(start + 1)
    return f"{start + 1 if length else start},{length}"


def _label(side: str, path: str) -> str:
    # A line break in a name would end the header early; an escape sequence would reach the terminal.
    return f"{side}/{printable(path).lstrip('/')}"


def _terminated(line: str) -> str:
    return line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"


