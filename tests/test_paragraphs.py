from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine import paragraphs
from cleaner.engine.paragraphs import (
    CONTINUATION_MAX_WORDS,
    GLUE_MIN_CHARS,
    Paragraph,
    _Piece,
    _piece_facts_py,
    _pieces,
    joined_py,
    make_paragraphs,
    pieces_py,
    texts_and_bounds_py,
)
from cleaner.engine.segment import segment_text


def _texts(text: str) -> list[str]:
    return [p.text for p in make_paragraphs(segment_text(text))]


def test_sentence_broken_at_inline_links_is_one_paragraph() -> None:
    assert _texts("He posted on\nTwitter\nthat the plan, which\nwas new, would work.\nNext.\n") == [
        "He posted on\nTwitter\nthat the plan, which\nwas new, would work.",
        "Next.",
    ]


def test_menu_lines_stay_separate() -> None:
    assert _texts("Home\nNews\nSport\n") == ["Home", "News", "Sport"]


def test_long_line_of_glued_elements_is_split_where_a_capital_follows_without_space() -> None:
    text = "The council closed the bridge for a year after engineers found cracks in two of its piers.Traffic will move to the ring road, the mayor said on Tuesday evening.NewsSport\n"
    assert _texts(text) == [
        "The council closed the bridge for a year after engineers found cracks in two of its piers.",
        "Traffic will move to the ring road, the mayor said on Tuesday evening.",
        "News",
        "Sport",
    ]


def test_paragraph_offsets_point_into_the_document() -> None:
    text = "Home\n\nHe posted on\nTwitter\nthat it works.\n"
    for paragraph in make_paragraphs(segment_text(text)):
        assert text[paragraph.start : paragraph.end] == paragraph.text


def test_names_with_inner_capitals_are_not_split() -> None:
    text = "Michael McDonald told YouTube viewers on Monday that the band would tour again next summer, playing twenty dates across the south and the west of the country.\n" * 2
    assert _texts(text) == [text.splitlines()[0]] * 2


def test_a_long_line_of_glued_menu_items_is_split_into_items() -> None:
    menu = "MoreBikesNewsBlogCompetitionsBike ReviewsAllAdventure bikesCommuter bikesElectric bikesOff-road bikesRetro style bikeScooters"
    text = menu + " Call 85-433If you want a bike, read on.\n"
    assert _texts(text)[:4] == ["More", "Bikes", "News", "Blog"]
    # "All" has too few lowercase letters to be told from a name such as "McDonald".
    assert "AllAdventure bikes" in _texts(text)
    assert _texts(text)[-1] == "If you want a bike, read on."


@given(st.text(alphabet="ab .!?:…\"”»)]\t", min_size=1, max_size=12).filter(str.strip))
def test_a_line_leaves_its_sentence_open_unless_it_ends_in_closing_punctuation(line: str) -> None:
    # What the pattern `[^.!?:…"”»)\]]\s*$` says, read from the line's last character.
    assert _pieces(line)[-1].open_end == bool(re.search(r"[^.!?:…\"”»)\]]\s*$", line))


# Spaces, letters of the continuation class and beside it (capitals, Cyrillic, ё past я),
# word characters and punctuation: what decides a piece's two facts.
_PIECE_CHARS = st.sampled_from(list(" \t\u00a0\u2003aAzZаяёЯßç,.;:)!?%»”’(_1٣-–/") + ["\u0301", "中"])


@given(st.one_of(st.lists(_PIECE_CHARS, max_size=30).map("".join), st.text(max_size=30)), st.data())
def test_compiled_piece_facts_give_the_python_ones(line: str, data: st.DataObject) -> None:
    compiled = pytest.importorskip("cleaner._speedups.lines")
    start = data.draw(st.integers(min_value=0, max_value=len(line)))
    end = data.draw(st.integers(min_value=start, max_value=len(line)))
    max_words = data.draw(st.sampled_from([CONTINUATION_MAX_WORDS, 0, 1, 2]))
    assert compiled.piece_facts(line, start, end, max_words) == _piece_facts_py(line, start, end, max_words)


# Lines that open or close sentences, short link texts, blank lines, and long lines glued
# at a full stop or a capital: every way pieces join or part.
_LINE = st.sampled_from(
    [
        "He posted on",
        "Twitter",
        "that the plan would go ahead.",
        "World",
        "and then, later",
        "",
        "   ",
        "“Quoted.”",
        "a few more words here",
        "The council met on Tuesday." * 7 + "Next paragraph starts here",
        "NewsSportWeatherTravel and more items of the menu " * 4,
    ]
)


@given(st.lists(_LINE, max_size=25), st.sampled_from(["\n", "\r\n"]))
def test_compiled_join_gives_the_python_one(lines: list[str], newline: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.paragraphs")
    doc = segment_text(newline.join(lines))
    # The compiled join cuts lines with the compiled `Pieces` (whatever CLEANER_PURE_PYTHON says), the twin with `pieces_py`.
    pieces = compiled.Pieces(_Piece, GLUE_MIN_CHARS, CONTINUATION_MAX_WORDS)
    known: dict[str, object] = {}
    found = compiled.joined(doc.blocks, known, pieces, doc.text, Paragraph)
    assert found == joined_py(doc.blocks, {}, pieces_py, doc.text, Paragraph)
    assert all(type(paragraph) is Paragraph for paragraph in found)
    # A later pass reads every line's pieces back from what the first one kept.
    assert compiled.joined(doc.blocks, known, pieces, doc.text, Paragraph) == found
    texts, bounds = compiled.texts_and_bounds(doc.blocks, known, pieces, doc.text)
    assert (texts, bounds) == texts_and_bounds_py(doc.blocks, {}, pieces_py, doc.text)
    assert type(texts) is tuple and bounds.typecode == "q"


# Glued lines: sentence ends and lowercase runs or digits before capitals of several
# scripts, spaces of several kinds around the cuts, long enough to be cut or just short.
_GLUED = st.lists(
    st.sampled_from(["end.", "Next", "word", "News", "Sport", "433", "If", "Мир", "дом", "Ёж", "ёлка", "“Q", "(a", "» ", "Éa", "\u00a0", "  ", " ", "x"]),
    max_size=60,
).map("".join)


@given(st.one_of(_GLUED, st.text(max_size=200)), st.sampled_from([0, 1, 10, GLUE_MIN_CHARS]))
def test_compiled_pieces_give_the_python_ones(line: str, glue_min_chars: int) -> None:
    compiled = pytest.importorskip("cleaner._speedups.paragraphs")
    expected = pieces_py(line) if glue_min_chars == GLUE_MIN_CHARS else _pieces_with(line, glue_min_chars)
    found = compiled.Pieces(_Piece, glue_min_chars, CONTINUATION_MAX_WORDS)(line)
    assert found == expected
    assert all(type(piece) is _Piece for piece in found)


def _pieces_with(line: str, glue_min_chars: int) -> tuple[_Piece, ...]:
    """`pieces_py` with another length from which lines are cut, so short drawn lines are cut too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paragraphs, "GLUE_MIN_CHARS", glue_min_chars)
        return pieces_py(line)
