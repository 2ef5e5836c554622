"""Repairing a dump's segmentation: lines into paragraphs, glued lines into pieces.

Naive scrapers break text in the wrong places. `get_text("\\n")` starts a new line
at every inline link, so one paragraph arrives as "He posted on" / "Twitter" /
"that the plan..."; `get_text()` with no separator glues neighbouring elements,
so "...the end of a paragraph.Next paragraph" or "NewsSportWeather" share a line.
The classifier judges paragraphs, so both are undone here, by offsets only: the
text itself is never changed.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Sequence
from typing import NamedTuple

from cleaner._speedups import compiled
from cleaner.model.document import Block, Document
from cleaner.text import words

GLUE_MIN_CHARS = 160
"""Lines shorter than this are left whole: splitting them gains nothing."""
CONTINUATION_MAX_WORDS = 4
"""A link text this short, between two pieces of one sentence, joins them."""

# Sentence punctuation directly followed by a capital, with no space between: two
# elements glued by a scraper that used no separator ("...the end.Next paragraph").
_GLUE_SENTENCE = re.compile(r"(?<=[.!?”\"»)])(?=[A-ZА-ЯЁÄÖÜÉÈÀ“«(])")
# Glued words: a word of three or more lowercase letters, or a number, directly
# followed by a capitalised word ("NewsSport", "review21/06/2014", "433If"). Names
# such as "McDonald" and "YouTube" have fewer lowercase letters before the capital.
_GLUE_WORD = re.compile(r"(?<=[a-zа-яёäöüßéèàùâêîôûç]{3})(?=[A-ZА-ЯЁÄÖÜÉÈÀ][a-zа-яёäöüßéèàùâêîôûç])|(?<=[0-9])(?=[A-ZА-ЯЁ][a-zа-яё])")
# At most CONTINUATION_MAX_WORDS runs of word characters (as `words` counts them);
# possessive, so a line of more fails at once instead of trying ways to split its words.
_FEW_WORDS_PATTERN = r"\W*+(?:\w++\W*+){0,%d}+"
_FEW_WORDS = re.compile(_FEW_WORDS_PATTERN % CONTINUATION_MAX_WORDS)
_CLOSING = frozenset(".!?:…\"”»)]")
"""A piece that ends in one of these closes its sentence; any other last character
(a word, a comma, a trailing space) leaves it open."""
_CONTINUES = re.compile(r"^\s*[a-zа-яäöüßéèàùâêîôûç,.;:)!?%»”’]")


class Paragraph(NamedTuple):
    """A span of the document judged as one unit: several lines, one line, or part of one.

    (A named tuple: BC01 makes one per paragraph on every pass.)"""

    start: int
    end: int
    """Offset after the last content character."""
    stop: int
    """Offset after the line break that ends the paragraph, if it ends a line."""
    text: str

    @property
    def words(self) -> list[str]:
        return words(self.text)


class _Piece(NamedTuple):
    """What joining needs of one piece of a line, found from the line's text alone."""

    start: int
    """Offsets relative to the line's start."""
    end: int
    last: bool
    """Whether the piece ends the line (and so takes its line break)."""
    open_end: bool
    """It leaves a sentence open: a piece on the next line may carry it on."""
    continues: bool
    """It carries on a sentence left open before it."""
    link_like: bool
    """Short enough to be a link's text inside a sentence."""


def make_paragraphs(doc: Document) -> list[Paragraph]:
    """Cut a document into paragraphs: glued lines split, broken sentences joined.

    A line's pieces and what joining reads of them follow from its text, so they are
    found once per input (`Document.facts`), however many passes judge the line."""
    # (The compiled join keeps each line's pieces as bytes, the twin as tuples of `_Piece`.)
    known: dict[str, object] = doc.facts(make_paragraphs)
    return _joined(doc.blocks, known, _pieces, doc.text, Paragraph)


def paragraph_texts(doc: Document) -> tuple[tuple[str, ...], array[int]]:
    """The texts of the paragraphs `make_paragraphs` cuts, and their offsets as one array
    [start, stop, start, stop, ...] (stop: after the line break that ends the paragraph, if
    it ends a line): what BC01 reads of them, without a `Paragraph` each when compiled."""
    known: dict[str, object] = doc.facts(make_paragraphs)
    return _texts_and_bounds(doc.blocks, known, _pieces, doc.text)


def texts_and_bounds_py(
    blocks: Sequence[Block], known: dict[str, tuple[_Piece, ...]], pieces_of: Callable[[str], tuple[_Piece, ...]], text: str
) -> tuple[tuple[str, ...], array[int]]:
    """`paragraph_texts` of the paragraphs `joined_py` gives. (`_texts_and_bounds` is its
    compiled twin when built.)"""
    paragraphs = joined_py(blocks, known, pieces_of, text, Paragraph)
    return tuple(paragraph.text for paragraph in paragraphs), array("q", [bound for paragraph in paragraphs for bound in (paragraph.start, paragraph.stop)])


def joined_py(
    blocks: Sequence[Block], known: dict[str, tuple[_Piece, ...]], pieces_of: Callable[[str], tuple[_Piece, ...]], text: str, paragraph: type
) -> list[Paragraph]:
    """The paragraphs (of type `paragraph`) of `blocks`, each line's pieces looked up in
    `known` by its text, else made by `pieces_of` and kept there. (`_joined` is its
    compiled twin when built.)"""
    # start, end, stop, block index and the piece's facts, for every piece of a non-blank line.
    pieces: list[tuple[int, int, int, int, _Piece]] = []
    for block in blocks:
        line = block.text
        found = known.get(line)
        if found is None:
            found = known[line] = pieces_of(line)
        for piece in found:
            start = block.start + piece.start
            end = block.start + piece.end
            pieces.append((start, end, block.stop if piece.last else end, block.index, piece))
    paragraphs: list[Paragraph] = []
    count = len(pieces)
    first = previous = None
    for position in range(count):
        piece = pieces[position]
        if previous is not None and _continues(previous, piece, pieces[position + 1] if position + 1 < count else None):
            previous = piece
            continue
        if first is not None:
            paragraphs.append(paragraph(first[0], previous[1], previous[2], text[first[0] : previous[1]]))  # type: ignore[index]
        first = previous = piece
    if first is not None:
        paragraphs.append(paragraph(first[0], previous[1], previous[2], text[first[0] : previous[1]]))  # type: ignore[index]
    return paragraphs


def pieces_py(line: str) -> tuple[_Piece, ...]:
    """The pieces of a line (none for a blank one), with what joining reads of each.
    (`_pieces` is its compiled twin when built, `cleaner._speedups.paragraphs.Pieces`.)"""
    if not line or line.isspace():
        return ()
    facts = _piece_facts
    return tuple(
        _Piece(start, end, last, line[end - 1] not in _CLOSING, *facts(line, start, end, CONTINUATION_MAX_WORDS))
        for start, end, last in _split_glued(line)
    )


def _piece_facts_py(line: str, start: int, end: int, max_words: int) -> tuple[bool, bool]:
    """(`_Piece.continues`, `_Piece.link_like`) of line[start:end], for `max_words` =
    CONTINUATION_MAX_WORDS. (`_piece_facts` is its compiled twin when built.)"""
    continues = bool(_CONTINUES.match(line, start, end)) if start == 0 else bool(_CONTINUES.match(line[start:end]))
    few = _FEW_WORDS if max_words == CONTINUATION_MAX_WORDS else re.compile(_FEW_WORDS_PATTERN % max_words)
    return continues, few.fullmatch(line, start, end) is not None


_lines_kernel = compiled("lines")
_piece_facts: Callable[[str, int, int, int], tuple[bool, bool]] = _lines_kernel.piece_facts if _lines_kernel else _piece_facts_py


def _split_glued(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, ends the line) of each piece of a line, relative to its start."""
    if len(text) < GLUE_MIN_CHARS:
        return [(0, len(text), True)]
    glued = {m.start() for m in _GLUE_SENTENCE.finditer(text)} | {m.start() for m in _GLUE_WORD.finditer(text)}
    cuts = [0, *sorted(glued - {0}), len(text)]
    spans = []
    for left, right in zip(cuts, cuts[1:]):
        piece = text[left:right]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            spans.append((left + lead, left + trail, False))
    if spans:
        start, end, _ = spans[-1]
        spans[-1] = (start, end, True)
    return spans


def _continues(previous: tuple, piece: tuple, following: tuple | None) -> bool:
    """Whether `piece` carries on the sentence that `previous` left open on the line before."""
    if piece[3] != previous[3] + 1 or not previous[4].open_end:
        return False
    facts = piece[4]
    if facts.continues:
        return True
    if following is not None and facts.link_like and following[3] == piece[3] + 1:
        return following[4].continues
    return False


_paragraphs_kernel = compiled("paragraphs")
_joined: Callable[..., list[Paragraph]] = _paragraphs_kernel.joined if _paragraphs_kernel else joined_py
_texts_and_bounds: Callable[..., tuple[tuple[str, ...], array[int]]] = (
    _paragraphs_kernel.texts_and_bounds if _paragraphs_kernel else texts_and_bounds_py
)
_pieces: Callable[[str], tuple[_Piece, ...]] = (
    _paragraphs_kernel.Pieces(_Piece, GLUE_MIN_CHARS, CONTINUATION_MAX_WORDS) if _paragraphs_kernel else pieces_py
)
