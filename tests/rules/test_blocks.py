"""The paragraph classifier's stages, each pinned on small made-up paragraphs."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.rules.blocks import (
    LENGTH_HIGH,
    LENGTH_LOW,
    MAX_LINK_DENSITY,
    STOPWORDS_HIGH,
    STOPWORDS_LOW,
    BlockClass,
    Features,
    classify,
    main_region,
    menu_runs,
    revise,
    unwrap_links_py,
)

G, N, S, B = BlockClass.GOOD, BlockClass.NEARGOOD, BlockClass.SHORT, BlockClass.BAD


def _features(**kwargs: object) -> Features:
    values = {"chars": 300, "words": 50, "stopword_density": 0.4, "link_density": 0.0, "sentence_end": True, "title_share": 0.1, "number_share": 0.0, "punctuated": True}
    values.update(kwargs)
    return Features(**values)  # type: ignore[arg-type]


def test_link_dense_paragraph_is_bad_whatever_its_prose() -> None:
    assert classify(_features(link_density=MAX_LINK_DENSITY + 0.01), prose=0.4) is B


def test_paragraph_below_length_low_is_short() -> None:
    assert classify(_features(chars=LENGTH_LOW - 1), prose=0.4) is S


def test_long_paragraph_with_prose_level_stopwords_is_good() -> None:
    assert classify(_features(chars=LENGTH_HIGH, stopword_density=0.4 * STOPWORDS_HIGH), prose=0.4) is G


def test_medium_paragraph_with_some_stopwords_is_neargood() -> None:
    assert classify(_features(chars=LENGTH_HIGH - 1, stopword_density=0.4 * STOPWORDS_HIGH), prose=0.4) is N
    assert classify(_features(stopword_density=0.4 * STOPWORDS_LOW), prose=0.4) is N


def test_paragraph_without_stopwords_is_bad() -> None:
    assert classify(_features(stopword_density=0.0), prose=0.4) is B


def test_short_between_good_becomes_good_and_between_bad_becomes_bad() -> None:
    assert revise([G, S, G]) == [G, G, G]
    assert revise([B, S, B]) == [B, B, B]


def test_short_next_to_neargood_across_bad_becomes_good() -> None:
    assert revise([N, S, G]) == [G, G, G]


def test_neargood_between_bad_becomes_bad() -> None:
    assert revise([B, N, B]) == [B, B, B]


def test_revision_reads_the_classes_before_it() -> None:
    # The second short must not see the first one's new class.
    assert revise([G, S, S, B]) == [G, B, B, B]


def test_main_region_spans_the_prose_and_short_subheadings_inside_it() -> None:
    classes = [S, S, B, G, S, G, G, B, S, S]
    feats = [_features(chars=40 if c is S else 300) for c in classes]
    assert main_region(classes, feats) == (3, 7)


def test_menu_item_is_a_few_capitalised_words_without_digits_or_punctuation() -> None:
    menu = _features(words=2, title_share=1.0, number_share=0.0, punctuated=False, sentence_end=False)
    assert menu.menu_item
    assert not dataclasses.replace(menu, number_share=0.5).menu_item  # a table cell: "Top 5"
    assert not dataclasses.replace(menu, punctuated=True).menu_item  # "A: Bob Marley, Drake"
    assert not dataclasses.replace(menu, title_share=0.3).menu_item  # "Easy setup for all your devices"
    assert not dataclasses.replace(menu, words=9).menu_item


def test_menu_runs_need_three_items_in_a_row() -> None:
    item = _features(words=1, chars=6, title_share=1.0, punctuated=False, sentence_end=False)
    cell = _features(words=1, chars=4, title_share=0.0, number_share=1.0, punctuated=False, sentence_end=False)
    table = [item, cell, item, cell, item, cell]
    assert menu_runs(table, [S] * len(table)) == [False] * 6
    menu = [item, item, item, cell]
    assert menu_runs(menu, [S] * len(menu)) == [True, True, True, False]


# Brackets, parentheses and image marks in any order: where a link may start, match, or
# fail and move on to the next `[`.
_LINKED = st.lists(st.sampled_from(list("[]()! ax") + ["](", "[a](b)", "![i](u)", "[ab]"]), max_size=30).map("".join)


@given(st.one_of(_LINKED, st.text(max_size=30)))
def test_compiled_link_unwrapping_gives_the_python_one(text: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.lines")
    assert compiled.unwrap_links(text) == unwrap_links_py(text)


def test_link_unwrapping_keeps_the_image_mark_and_counts_the_link_texts() -> None:
    assert unwrap_links_py("![logo](l.png) [Home](/) [x]y") == ("!logo Home [x]y", 8)
