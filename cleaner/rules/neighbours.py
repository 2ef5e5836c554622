"""Where a line sits among its neighbours: shared by the rules that must not cut a sentence."""

from __future__ import annotations

from cleaner.model.document import Block, Document
from cleaner.text import ends_sentence, starts_lowercase


def is_fragment(doc: Document, block: Block) -> bool:
    """Whether a short line reads as a piece of a sentence broken at an inline link.

    A `get_text("\\n")` dump cuts "He posted on\\nTwitter\\nthat he..." into three
    lines; the middle one must not be taken for a button.
    """
    before = neighbour(doc, block, -1)
    after = neighbour(doc, block, +1)
    open_before = before is not None and not ends_sentence(before.text) and not before.text.rstrip().endswith(":")
    if not open_before:
        return False
    return starts_lowercase(block.text) or (after is not None and _continues(after.text))


def _continues(line: str) -> bool:
    """Whether a line goes on with a sentence: lowercase, or the punctuation after a link (", where...")."""
    return starts_lowercase(line) or line.lstrip()[:1] in _CONTINUING_PUNCTUATION


_CONTINUING_PUNCTUATION = frozenset(",;:.!?)]")


def neighbour(doc: Document, block: Block, step: int) -> Block | None:
    """The nearest non-blank block before (step -1) or after (step +1) `block`."""
    index = block.index + step
    while 0 <= index < len(doc.blocks):
        if not doc.blocks[index].is_blank:
            return doc.blocks[index]
        index += step
    return None
