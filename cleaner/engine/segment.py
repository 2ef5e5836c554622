"""Plain text to blocks: one block per line, with offsets into the original."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence

from cleaner._speedups import compiled
from cleaner.model.document import Block, Document, Verdict
from cleaner.text import normalise

# \r\n first so a Windows line break is one terminator, not two lines.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_MAX_KEYED = 2000
_block = tuple.__new__
"""Builds a Block from a tuple of its fields: a named tuple's own constructor is a Python
function, and a pass moves every line of a page."""


def segment_text(text: str, source: str = "<text>", memo: dict[int, dict] | None = None) -> Document:
    """Cut `text` into line blocks; the blocks' spans tile the text exactly.

    With a `memo` (`Document.memo`), each line's key is normalised once for all the
    passes over one input, which see nearly the same lines."""
    # Key 0 cannot be a rule's (an object's id).
    keys: dict[str, str] = memo.setdefault(0, {}) if memo is not None else {}
    if "\r" not in text:
        return Document(text=text, blocks=tuple(_cut(text, 0, 0, keys, normalise, _MAX_KEYED, Block)), source=source, memo=memo)
    blocks: list[Block] = []
    for start, content, stop in _lines(text):
        blocks.append(_block(Block, (len(blocks), start, start + len(content), stop, content, _key(content, keys))))
    return Document(text=text, blocks=tuple(blocks), source=source, memo=memo)


def _key(content: str, keys: dict[str, str], normaliser: Callable[[str], str] = normalise, max_keyed: int = _MAX_KEYED) -> str:
    # Lines past this length are not UI text; normalising them would only cost time.
    if 0 < len(content) <= max_keyed:
        key = keys.get(content)
        if key is None:
            key = keys[content] = normaliser(content)
        return key
    return ""


def respliced(doc: Document, verdicts: Sequence[Verdict], text: str) -> Document:
    """The document of `text`, which is `doc.text` without the spans of `verdicts` (sorted,
    not overlapping): `segment_text(text, doc.source, doc.memo)`, made without cutting
    the whole text again.

    A line no verdict touched is the same line, moved; the lines a run of touched lines
    leaves are cut afresh from `text`, and the new document names them `fresh`. A line
    break with CR could join the lines around a removal (a CR before, an LF after), so
    such a text is cut whole, as is any document without a memo.
    """
    if doc.memo is None or "\r" in doc.text:
        return segment_text(text, doc.source, doc.memo)
    made, fresh = _spliced(doc.blocks, verdicts, text, doc.memo.setdefault(0, {}), normalise, _MAX_KEYED, Block)
    return Document(text=text, blocks=tuple(made), source=doc.source, memo=doc.memo, fresh=tuple(fresh))


def spliced_py(
    blocks: tuple[Block, ...],
    verdicts: Sequence[Verdict],
    text: str,
    keys: dict[str, str],
    normaliser: Callable[[str], str],
    max_keyed: int,
    kind: type,
) -> tuple[list, list[int]]:
    """(the line blocks of `text`, the indexes of the fresh ones), where `text` is the text
    of `blocks` (which hold no CR) without the spans of `verdicts` (sorted, not overlapping):
    the blocks no verdict touched moved, the others cut afresh (as `cut_py`, keyed in
    `keys` by `normaliser`). (`_spliced` is its compiled twin when built.)"""
    touched = bytearray(len(blocks))
    starts = [block.start for block in blocks]
    for verdict in verdicts:
        # Blocks tile the text: those from the one holding the start to the last starting before the end.
        for at in range(max(bisect.bisect_right(starts, verdict.start) - 1, 0), bisect.bisect_left(starts, verdict.end)):
            touched[at] = 1
    made: list[Block] = []
    fresh: list[int] = []
    removed = done = 0  # characters removed before the current block; verdicts counted in it
    at, count = 0, len(blocks)
    while at < count:
        block = blocks[at]
        while done < len(verdicts) and verdicts[done].end <= block.start:
            removed += verdicts[done].end - verdicts[done].start
            done += 1
        if not touched[at]:
            # Up to the next touched block, every line moves by the same distance.
            following = touched.find(1, at)
            following = count if following < 0 else following
            if removed or len(made) != at:
                made += _moved(blocks, at, following, len(made) - at, removed, kind)
            else:
                made += blocks[at:following]  # before the first removal: the same lines, where they were
            at = following
            continue
        # A run of touched blocks holds every verdict that touches it, whole. When what is
        # left of it ends without a line break (a removal took a line's last piece with
        # its break), it joins the next line, which is cut afresh with it.
        last, begin = at, block.start - removed
        while True:
            while last + 1 < count and touched[last + 1]:
                last += 1
            while done < len(verdicts) and verdicts[done].start < blocks[last].stop:
                removed += verdicts[done].end - verdicts[done].start
                done += 1
            end = blocks[last].stop - removed
            if end == begin or text[end - 1] == "\n" or last + 1 == count:
                break
            last += 1
        piece = text[begin:end]
        if piece and piece.find("\n") == len(piece) - 1:
            # What is left is one line with its break (most often: a line a cut shortened).
            fresh.append(len(made))
            content = piece[:-1]
            made.append(_block(kind, (len(made), begin, end - 1, end, content, _key(content, keys, normaliser, max_keyed))))
        else:
            cut = _cut(piece, begin, len(made), keys, normaliser, max_keyed, kind)
            fresh += range(len(made), len(made) + len(cut))
            made += cut
        at = last + 1
    return made, fresh


def cut_py(text: str, offset: int, first: int, keys: dict[str, str], normaliser: Callable[[str], str], max_keyed: int, kind: type) -> list:
    """The line blocks (of `kind`) of `text`, which holds no CR: offsets moved by `offset`,
    indexes from `first`; a line of 1 to `max_keyed` characters is keyed by `normaliser`,
    looked up in `keys` first and kept there. (`_cut` is its compiled twin when built.)"""
    made = []
    for start, content, stop in _lines(text):
        key = ""
        if 0 < len(content) <= max_keyed:
            key = keys.get(content)  # type: ignore[assignment]
            if key is None:
                key = keys[content] = normaliser(content)
        made.append(_block(kind, (first + len(made), offset + start, offset + start + len(content), offset + stop, content, key)))
    return made


def moved_py(blocks: Sequence[Block], begin: int, end: int, base: int, shift: int, kind: type) -> list:
    """blocks[begin:end] (of `kind`), each numbered `base` on from its own index and its
    offsets `shift` characters earlier. (`_moved` is its compiled twin when built.)"""
    return [
        _block(kind, (base + index, line[1] - shift, line[2] - shift, line[3] - shift, line[4], line[5]))
        for index, line in enumerate(blocks[begin:end], begin)
    ]


_segment_kernel = compiled("segment")
_cut: Callable[..., list] = _segment_kernel.cut if _segment_kernel else cut_py
_moved: Callable[..., list] = _segment_kernel.moved if _segment_kernel else moved_py
_spliced: Callable[..., tuple[list, list[int]]] = _segment_kernel.spliced if _segment_kernel else spliced_py


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
