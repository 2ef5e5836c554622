"""Plain text to blocks: one block per line, with offsets into the original."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.model.document import Block, Document
from cleaner.text import normalise

# \r\n first so a Windows line break is one terminator, not two lines.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_MAX_KEYED = 2000


def segment_text(text: str, source: str = "<text>", memo: dict[int, dict] | None = None) -> Document:
    """Cut `text` into line blocks; the blocks' spans tile the text exactly.

    With a `memo` (`Document.memo`), each line's key is normalised once for all the
    passes over one input, which see nearly the same lines."""
    # Key 0 cannot be a rule's (an object's id).
    keys: dict[str, str] = memo.setdefault(0, {}) if memo is not None else {}
    blocks: list[Block] = []
    for start, content, stop in _lines(text):
        # Lines past this length are not UI text; normalising them would only cost time.
        if 0 < len(content) <= _MAX_KEYED:
            key = keys.get(content)
            if key is None:
                key = keys[content] = normalise(content)
        else:
            key = ""
        blocks.append(Block(len(blocks), start, start + len(content), stop, content, key))
    return Document(text=text, blocks=tuple(blocks), source=source, memo=memo)


def _lines(text: str) -> Iterator[tuple[int, str, int]]:
    """(start, content, stop) of each line: content without its line break, stop after it."""
    if "\r" in text:
        for match in _LINE.finditer(text):
            start, stop = match.span()
            if start == stop:
                return
            yield start, match.group().rstrip("\r\n"), stop
        return
    # Only LF breaks: str.split finds them several times faster than the pattern.
    parts = text.split("\n")
    start, last = 0, len(parts) - 1
    for number, content in enumerate(parts):
        if number == last:
            if content:
                yield start, content, start + len(content)
            return
        stop = start + len(content) + 1
        yield start, content, stop
        start = stop
