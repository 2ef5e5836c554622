"""Plain text to blocks: one block per line, with offsets into the original."""

from __future__ import annotations

import re

from cleaner.document import Block, Document
from cleaner.text import normalise

# \r\n first so a Windows line break is one terminator, not two lines.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_MAX_KEYED = 2000


def segment_text(text: str, source: str = "<text>", memo: dict[int, dict] | None = None) -> Document:
    """Cut `text` into line blocks; the blocks' spans tile the text exactly.

    With a `memo` (`Document.memo`), each line's key is normalised once for all the
    passes over one input, which see nearly the same lines."""
    keys: dict[str, str] = memo.setdefault(0, {}) if memo is not None else {}
    blocks: list[Block] = []
    for match in _LINE.finditer(text):
        start, stop = match.span()
        if start == stop:
            break
        line = match.group()
        content = line.rstrip("\r\n")
        # Lines past this length are not UI text; normalising them would only cost time.
        if 0 < len(content) <= _MAX_KEYED:
            key = keys.get(content)
            if key is None:
                key = keys[content] = normalise(content)
        else:
            key = ""
        blocks.append(Block(len(blocks), start, start + len(content), stop, content, key))
    return Document(text=text, blocks=tuple(blocks), source=source, memo=memo)
