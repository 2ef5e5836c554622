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
from dataclasses import dataclass

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
_OPEN_END = re.compile(r"[^.!?:…\"”»)\]]\s*$")
_CONTINUES = re.compile(r"^\s*[a-zа-яäöüßéèàùâêîôûç,.;:)!?%»”’]")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A span of the document judged as one unit: several lines, one line, or part of one."""

    start: int
    end: int
    """Offset after the last content character."""
    stop: int
    """Offset after the line break that ends the paragraph, if it ends a line."""
    text: str

    @property
    def words(self) -> list[str]:
        return words(self.text)


def make_paragraphs(doc: Document) -> list[Paragraph]:
    """Cut a document into paragraphs: glued lines split, broken sentences joined."""
    pieces: list[tuple[int, int, int, int]] = []  # start, end, stop, block index
    for block in doc.blocks:
        if block.is_blank:
            continue
        for start, end, last in _split_glued(block):
            pieces.append((start, end, block.stop if last else end, block.index))
    groups: list[list[tuple[int, int, int, int]]] = []
    for position, piece in enumerate(pieces):
        if groups and _continues(doc, groups[-1][-1], piece, pieces[position + 1 : position + 2]):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return [
        Paragraph(
            start=group[0][0],
            end=group[-1][1],
            stop=group[-1][2],
            text=doc.text[group[0][0] : group[-1][1]],
        )
        for group in groups
    ]


def _split_glued(block: Block) -> list[tuple[int, int, bool]]:
    text = block.text
    if len(text) < GLUE_MIN_CHARS:
        return [(block.start, block.end, True)]
    glued = {m.start() for m in _GLUE_SENTENCE.finditer(text)} | {m.start() for m in _GLUE_WORD.finditer(text)}
    cuts = [0, *sorted(glued - {0}), len(text)]
    spans = []
    for left, right in zip(cuts, cuts[1:]):
        piece = text[left:right]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece.rstrip())
        if trail > lead:
            spans.append((block.start + left + lead, block.start + left + trail, False))
    if spans:
        start, end, _ = spans[-1]
        spans[-1] = (start, end, True)
    return spans


def _continues(doc: Document, previous: tuple, piece: tuple, following: list[tuple]) -> bool:
    """Whether `piece` carries on the sentence that `previous` left open on the line before."""
    if piece[3] != previous[3] + 1:
        return False
    before, current = doc.text[previous[0] : previous[1]], doc.text[piece[0] : piece[1]]
    if not _OPEN_END.search(before):
        return False
    if _CONTINUES.match(current):
        return True
    if following and len(words(current)) <= CONTINUATION_MAX_WORDS and following[0][3] == piece[3] + 1:
        return bool(_CONTINUES.match(doc.text[following[0][0] : following[0][1]]))
    return False
