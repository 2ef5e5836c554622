"""The compiled per-line scans (`cleaner._speedups.scans`) against their pure-Python twins."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine.segment import segment_text
from cleaner.rules.chrome import separated_lines_py
from cleaner.rules.headlines import repeats_near_py
from cleaner.rules.repeats import collapsed_py, twice_py
from cleaner.rules.whitespace import blank_runs_py, separator_lines_py, trailing_whitespace_py, wide_gaps_py

# Every kind of whitespace `\s` and str.split() know (ASCII, the information separators,
# no-break and wide spaces, the line and paragraph separators), the separators and letters.
_CHARS = st.sampled_from(list(" \t\x0b\x0c\x1c\x1f\x85\u00a0\u2009\u2028\u3000›»>/|ab-•·\\<‹«–—_~=+*#,") + ["é", "中"])
_LINE = st.one_of(st.lists(_CHARS, max_size=12).map("".join), st.text(max_size=12).map(lambda text: text.replace("\n", "").replace("\r", "")))


def _compiled():  # type: ignore[no-untyped-def]
    return pytest.importorskip("cleaner._speedups.scans")


@given(st.lists(_LINE, max_size=10))
def test_compiled_separated_lines_give_the_python_ones(texts: list[str]) -> None:
    assert _compiled().separated_lines(texts) == separated_lines_py(texts)


@given(st.lists(_LINE, max_size=10), st.lists(_LINE, max_size=4))
def test_compiled_collapsed_texts_give_the_python_ones_and_keep_the_same_texts(texts: list[str], seen: list[str]) -> None:
    known_compiled: dict[str, str] = {}
    known_python: dict[str, str] = {}
    for read in (seen, texts):
        assert _compiled().collapsed(read, known_compiled) == collapsed_py(read, known_python)
        assert known_compiled == known_python


def test_a_separator_needs_whitespace_on_both_sides_within_its_line() -> None:
    assert separated_lines_py(["a / b", "a/b", "/ b", "a /", "a » b", "a\u00a0|\tb"]) == [0, 4, 5]


@given(st.lists(_LINE, max_size=10))
def test_compiled_line_end_and_separator_scans_give_the_python_ones(texts: list[str]) -> None:
    blocks = segment_text("\n".join(texts)).blocks
    assert _compiled().trailing_whitespace(blocks) == trailing_whitespace_py(blocks)
    assert _compiled().separator_lines(blocks) == separator_lines_py(blocks)
    fresh = list(blocks[1::2])
    assert _compiled().trailing_whitespace(fresh) == trailing_whitespace_py(fresh)
    assert _compiled().separator_lines(fresh) == separator_lines_py(fresh)


# Class prefixes and the bytes around them: dashes, edge punctuation, whitespace, non-ASCII.
_ICON_PIECES = st.sampled_from(["fa", "bi", "bxl", "icon", "icons", "svg-icon", "material-icons", "-", " ", "\t", "\x1c", "(", "«", "é", "x", "a", "\n"])


@given(st.lists(_ICON_PIECES, max_size=14).map("".join))
def test_compiled_dashed_lines_give_the_python_ones(text: str) -> None:
    from cleaner.rules.icons import IconVocabulary

    _compiled()
    vocabulary = IconVocabulary.load()
    lowered = text.encode("utf-8").lower()
    assert vocabulary._dashed_lines(lowered) == vocabulary.dashed_lines_py(lowered)


# Line breaks, the whitespace that is not one (the vertical tab, the line separator, NEL) and text.
_BLANK_PIECES = st.sampled_from(["\n", "\n\n", " ", "\t", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u3000", "a", "é"])


@given(st.lists(_BLANK_PIECES, max_size=30).map("".join), st.integers(min_value=0, max_value=4))
def test_compiled_blank_runs_give_the_python_ones(text: str, more_than: int) -> None:
    assert _compiled().blank_runs(text, more_than) == blank_runs_py(text, more_than)


@given(st.lists(st.sampled_from(["", "a", "b", "c", "d", "é", "a b"]), max_size=20))
def test_compiled_counts_of_repeated_keys_give_the_python_ones(keys: list[str]) -> None:
    assert _compiled().twice(keys) == twice_py(keys)
    for window in (0, 1, 3):
        assert _compiled().repeats_near(keys, window) == repeats_near_py(keys, window)


def test_keys_twice_are_paired_in_the_order_of_their_first_copies() -> None:
    keys = ["b", "a", "c", "a", "b", "c", "c", "d"]
    assert twice_py(keys) == [(0, 4), (1, 3)]
    assert repeats_near_py(keys, 2) == [(0, 0), (1, 1), (6, 2)]
    assert repeats_near_py(["a", "b"], 2) == []


@given(st.lists(st.integers(0, 6), max_size=12), st.integers(0, 3))
def test_compiled_wide_gaps_give_the_python_ones(steps: list[int], wider_than: int) -> None:
    held = [sum(steps[: at + 1]) for at in range(len(steps))]
    assert _compiled().wide_gaps(held, wider_than) == wide_gaps_py(held, wider_than)
