"""The unified diff of a cleaning, built from the removals so it shows what really went.

A generic line differ aligns identical lines as it likes: with a headline printed
twice it may show the first copy removed when the rule removed the second. The
removals say exactly which lines went, so the diff is built from them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from cleaner.document import Removal
from cleaner.segment import segment_text
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
    """A unified diff from `original` to `clean`, marking a missing final line break as git does."""
    old = [original[b.start : b.stop] for b in segment_text(original).blocks]
    new = [clean[b.start : b.stop] for b in segment_text(clean).blocks]
    opcodes = _opcodes(original, old, new, removals)
    if opcodes is None:
        lines = difflib.unified_diff(old, new, _label("a", before), _label("b", after), n=context)
        return "".join(_terminated(line) for line in lines)
    out = [f"--- {_label('a', before)}\n", f"+++ {_label('b', after)}\n"]
    for group in _KnownOpcodes(opcodes).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        out.append(f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out += [" " + _terminated(line) for line in old[i1:i2]]
                continue
            out += ["-" + _terminated(line) for line in old[i1:i2]]
            out += ["+" + _terminated(line) for line in new[j1:j2]]
    return "".join(out)


def _opcodes(original: str, old: list[str], new: list[str], removals: Sequence[Removal]) -> list[Opcode] | None:
    """Line opcodes derived from the removals, or None if a removal joins two lines."""
    cuts = sorted((r.start, r.end) for r in removals)
    opcodes: list[Opcode] = []
    position, cut, j = 0, 0, 0
    for i, line in enumerate(old):
        start, stop = position, position + len(line)
        position = stop
        pieces, cursor = [], start
        while cut < len(cuts) and cuts[cut][0] < stop:
            cut_start, cut_end = cuts[cut]
            pieces.append(original[cursor:cut_start])
            cursor = max(cursor, min(cut_end, stop))
            if cut_end > stop:
                break
            cut += 1
        pieces.append(original[cursor:stop])
        kept = "".join(pieces)
        if kept == line:
            tag = "equal"
        elif kept == "":
            tag = "delete"
        elif kept.rstrip("\r\n") != kept or not line.endswith(("\n", "\r")):
            tag = "replace"
        else:
            return None
        width = 0 if tag == "delete" else 1
        if width and (j >= len(new) or new[j] != kept):
            return None
        opcodes.append((tag, i, i + 1, j, j + width))
        j += width
    return _merged(opcodes) if j == len(new) else None


def _merged(opcodes: list[Opcode]) -> list[Opcode]:
    merged: list[Opcode] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if merged and merged[-1][0] == tag:
            merged[-1] = (tag, merged[-1][1], i2, merged[-1][3], j2)
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


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
