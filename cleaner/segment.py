"""Plain text to blocks: one block per line, with offsets into the original."""

from __future__ import annotations

import re

from cleaner.document import Block, Document

# \r\n first so a Windows line break is one terminator, not two lines.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")


def segment_text(text: str, source: str = "<text>") -> Document:
    """Cut `text` into line blocks; the blocks' spans tile the text exactly."""
    blocks: list[Block] = []
    for match in _LINE.finditer(text):
        start, stop = match.span()
        if start == stop:
            break
        line = match.group()
        content = line.rstrip("\r\n")
        blocks.append(Block(len(blocks), start, start + len(content), stop, content))
    return Document(text=text, blocks=tuple(blocks), source=source)
