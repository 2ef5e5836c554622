"""The unified diff of a cleaning, built from the removals so it shows what really went.

A generic line differ aligns identical lines as it likes: with a headline printed
twice it may show the first copy removed when the rule removed the second. The
removals say exactly which lines went, so the diff is built from them.
"""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Callable, Sequence
from itertools import accumulate, count
from operator import add, attrgetter
from typing import NamedTuple

from cleaner._speedups import compiled
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
    """A unified diff from `original` to `clean` (`original` less the `removals`), marking a
    missing final line break as git does.

    Built from the removals, not line by line: the lines are found once (`_line_starts`),
    each removal is placed among them by bisection, and a run of whole lines it removes
    is one opcode, counted and printed with string methods."""
    starts = _line_starts(original)
    changes = _changes(original, clean, removals, starts)
    if changes is None:
        lines = difflib.unified_diff(_lines(original), _lines(clean), _label("a", before), _label("b", after), n=context)
        return "".join(_terminated(line) for line in lines)
    opcodes, replaced = changes
    out = [f"--- {_label('a', before)}\n", f"+++ {_label('b', after)}\n"]
    for group in _KnownOpcodes(opcodes).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, _ in group:
            if tag == "equal":
                out.append(_prefixed(" ", original[starts[i1] : starts[i2]]))
                continue
            out.append(_prefixed("-", original[starts[i1] : starts[i2]]))
            if tag == "replace":
                new_start, new_end = replaced[j1]
                out.append(_prefixed("+", clean[new_start:new_end]))
    return "".join(out)


def _line_starts_py(text: str) -> list[int]:
    """Where each line of `text` starts (lines end after LF, CR LF or CR), then `len(text)`.

    (`_line_starts` is its compiled twin, `cleaner._speedups.diff`, when built.)"""
    if "\r" in text:
        # The pattern's last match is the empty one at the end of the text.
        return [match.start() for match in _LINE.finditer(text)]
    # Only LF breaks: line k starts after the k parts before it and their k line breaks.
    parts = text.split("\n")
    starts = list(map(add, accumulate(map(len, parts), initial=0), count()))
    starts.pop()
    if parts[-1]:
        starts.append(len(text))
    return starts


def _lines(text: str) -> list[str]:
    """The lines of `text`, each with its line break, as `cleaner.engine.segment` cuts them."""
    return _LINE.findall(text)[:-1]


class _Cut(NamedTuple):
    """Lines `first` to `stop` (exclusive) removed whole (no `pieces`), or the one line
    `first`, which the removals cut `pieces` (spans of the original) out of, and where
    that line starts in the clean text."""

    first: int
    stop: int
    pieces: list[tuple[int, int]] | None = None
    clean_start: int = 0


def _cuts(original: str, clean: str, removals: Sequence[Removal], starts: list[int]) -> list[_Cut] | None:
    """Where the removals fall among the lines, in line order; None if what they leave
    is not `clean` less a few lines, with the same lines otherwise: the removals do not
    add up to `clean`, or one puts a CR right before an LF, which makes one line break
    of two."""
    cuts: list[_Cut] = []
    removed = 0

    def cut_into(line: int, piece: tuple[int, int], clean_start: int) -> None:
        if cuts and cuts[-1].first == line and cuts[-1].pieces is not None:
            cuts[-1].pieces.append(piece)
        else:
            cuts.append(_Cut(line, line + 1, [piece], clean_start))

    for start, end in _merged(removals):
        at = start - removed  # where the span was, in the clean text
        if end > len(original) or (0 < at < len(clean) and clean[at - 1] == "\r" and clean[at] == "\n"):
            return None
        first = bisect.bisect_right(starts, start) - 1
        last = bisect.bisect_right(starts, end - 1) - 1
        whole_from, whole_to = first, last + 1
        if starts[first] < start:
            cut_into(first, (start, min(end, starts[first + 1])), at - (start - starts[first]))
            whole_from = first + 1
        if starts[last + 1] > end and last >= whole_from:
            whole_to = last
        if whole_to > whole_from:
            cuts.append(_Cut(whole_from, whole_to))
        if whole_to == last and last >= whole_from:
            cut_into(last, (starts[last], end), at)
        removed += end - start
    return cuts if len(original) - removed == len(clean) else None


def _changes(original: str, clean: str, removals: Sequence[Removal], starts: list[int]) -> tuple[list[Opcode], dict[int, tuple[int, int]]] | None:
    """The opcodes over lines that the removals make, and the span of `clean` that each
    run of replaced lines holds, by its first new line; None if a removal joins two
    lines, which only a line differ can show.

    A line is deleted when the removals take all of it, replaced when they take part
    of it but not its line break (the last line may have none), equal otherwise."""
    cuts = _cuts(original, clean, removals, starts)
    if cuts is None:
        return None
    opcodes = _Opcodes()
    replaced: dict[int, tuple[int, int]] = {}
    for cut in cuts:
        if cut.pieces is None:
            opcodes.add("delete", cut.first, cut.stop)
            continue
        stop = starts[cut.stop]
        kept = _without(original, starts[cut.first], stop, cut.pieces)
        if kept[-1:] not in ("\n", "\r") and original[stop - 1 : stop] in ("\n", "\r"):
            return None  # its line break went: the line joins the next
        new_first = opcodes.add("replace", cut.first, cut.stop)
        run_start = replaced[new_first][0] if new_first in replaced else cut.clean_start
        replaced[new_first] = (run_start, cut.clean_start + len(kept))
    opcodes.up_to(len(starts) - 1)
    return opcodes.opcodes, replaced


class _Opcodes:
    """Opcodes as difflib's SequenceMatcher makes them, added in line order: the lines
    between two added ranges are equal, and a range of the same kind as the last extends it."""

    def __init__(self) -> None:
        self.opcodes: list[Opcode] = []
        self.line = self.new_line = 0

    def add(self, tag: str, first: int, stop: int) -> int:
        """Add lines `first` to `stop`; the first new line of the opcode that holds them."""
        self.up_to(first)
        width = 0 if tag == "delete" else stop - first
        run_first, new_first = first, self.new_line
        if self.opcodes and self.opcodes[-1][0] == tag:
            _, run_first, _, new_first, _ = self.opcodes.pop()
        self.opcodes.append((tag, run_first, stop, new_first, self.new_line + width))
        self.line, self.new_line = stop, self.new_line + width
        return new_first

    def up_to(self, line: int) -> None:
        """The lines from the last range added to `line` are equal."""
        if line > self.line:
            self.add("equal", self.line, line)


def _without(text: str, start: int, stop: int, pieces: list[tuple[int, int]]) -> str:
    """`text[start:stop]` without the `pieces`, spans in order inside it."""
    kept, cursor = [], start
    for piece_start, piece_end in pieces:
        kept.append(text[cursor:piece_start])
        cursor = piece_end
    kept.append(text[cursor:stop])
    return "".join(kept)


def _merged_py(removals: Sequence[Removal]) -> list[tuple[int, int]]:
    """The removed spans in order, overlapping or touching ones joined, empty ones left out.

    (`_merged` is its compiled twin, `cleaner._speedups.diff`, when built.)"""
    spans: list[tuple[int, int]] = []
    for start, end in sorted(map(_SPAN, removals)):
        if start >= end:
            continue
        if spans and start <= spans[-1][1]:
            if end > spans[-1][1]:
                spans[-1] = (spans[-1][0], end)
            continue
        spans.append((start, end))
    return spans


_SPAN = attrgetter("start", "end")


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


_diff_kernel = compiled("diff")
_line_starts: Callable[[str], list[int]] = _diff_kernel.line_starts if _diff_kernel else _line_starts_py
_merged: Callable[[Sequence[Removal]], list[tuple[int, int]]] = _diff_kernel.merged if _diff_kernel else _merged_py


def _label(side: str, path: str) -> str:
    # A line break in a name would end the header early; an escape sequence would reach the terminal.
    return f"{side}/{printable(path).lstrip('/')}"


def _terminated(line: str) -> str:
    return line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n"


_COLOURS = {"+": "\x1b[32m", "-": "\x1b[31m", "@": "\x1b[36m"}
_RESET = "\x1b[0m"


def colour_diff(diff: str) -> str:
    """The diff with ANSI colours: removed lines red, added green, hunk headers cyan."""
    lines = []
    for line in diff.splitlines(keepends=True):
        colour = _COLOURS.get(line[:1])
        if colour is None or line.startswith(("--- ", "+++ ")):
            colour = "\x1b[1m" if line.startswith(("--- ", "+++ ")) else None
        body = line.rstrip("\n")
        lines.append(f"{colour}{body}{_RESET}{line[len(body):]}" if colour else line)
    return "".join(lines)
