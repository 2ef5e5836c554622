"""The paragraph classifier's stages, each pinned on small made-up paragraphs."""

from __future__ import annotations

from array import array

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine.segment import segment_text
from cleaner.model.document import Verdict
from cleaner.rules import blocks
from cleaner.rules.blocks import (
    LENGTH_HIGH,
    LENGTH_LOW,
    MAX_LINK_DENSITY,
    STOPWORDS_HIGH,
    STOPWORDS_LOW,
    BlockClass,
    Features,
    classify,
    features_py,
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
    assert not menu._replace(number_share=0.5).menu_item  # a table cell: "Top 5"
    assert not menu._replace(punctuated=True).menu_item  # "A: Bob Marley, Drake"
    assert not menu._replace(title_share=0.3).menu_item  # "Easy setup for all your devices"
    assert not menu._replace(words=9).menu_item


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


# Links, URLs cut anywhere (a scheme without its slashes, "www." before a space), words
# of several scripts and cases, digits, clause punctuation, closing quotes and spaces:
# what decides each feature.
_PARAGRAPH = st.lists(
    st.sampled_from(
        ["[a](b)", "[Home](/)", "](", "http://x.io/a", "https://", "https:// ", "http:/", "www.", "www.a", "xhttp://b", "wwww.c"]
        + list("aZéÉßİΣσД1٣²_ \t\n.,;:!?…'’\"”»)(«-h w")
    ),
    max_size=25,
).map("".join)


@given(
    st.lists(st.one_of(_PARAGRAPH, st.text(max_size=30)), max_size=6),
    # "The" has a capital: no lower-cased word is ever it.
    st.frozensets(st.sampled_from(["a", "the", "The", "é", "σ", "www", "http", "z1_"]), max_size=4),
)
def test_compiled_features_give_the_python_ones(texts: list[str], stopwords: frozenset[str]) -> None:
    compiled = pytest.importorskip("cleaner._speedups.blocks")
    # repr tells a float from an int and a bool from an int, which == does not.
    assert list(map(repr, compiled.features(texts, stopwords, Features))) == list(map(repr, features_py(texts, stopwords)))


# Stop words of several lists (English, French, German, Russian, Spanish), capitalised too.
_WORDS = st.lists(
    st.sampled_from(["the", "The", "of", "and", "le", "la", "de", "et", "und", "die", "der", "и", "не", "В", "el", "que", "y", " ", " ", ".", "Ünd", "www", "http"]),
    max_size=30,
).map(" ".join)


@given(st.lists(st.one_of(_WORDS, _PARAGRAPH, st.text(max_size=20)), min_size=1, max_size=8), st.sampled_from([3000, 1, 7, 25]))
def test_compiled_language_and_features_give_the_python_ones(texts: list[str], sample: int) -> None:
    pytest.importorskip("cleaner._speedups.blocks")
    with pytest.MonkeyPatch.context() as patch:
        # A small sample, so that detection stops inside a paragraph.
        patch.setattr(blocks, "SAMPLE_WORDS", sample)
        facts: dict = {}  # type: ignore[type-arg]
        for page in (tuple(texts), tuple(texts[::-1]), tuple(texts[1:])):
            if not page:
                continue
            language, found = blocks._language_and_features(page, facts)
            expected = blocks._language(page, {})
            assert language == expected
            assert list(map(repr, found)) == list(map(repr, features_py(list(page), expected.stopwords)))


_PROSE = "The council said that the bridge will be closed for a year, and that the buses will run on the ring road while the work is done."


@given(
    st.lists(st.one_of(_WORDS, _PARAGRAPH, st.sampled_from([_PROSE, _PROSE * 2, "Home", "World News", "Sport", "Le conseil a dit que le pont sera fermé."])), min_size=1, max_size=25),
    st.booleans(),
)
def test_compiled_removals_give_the_python_ones(texts: list[str], article: bool) -> None:
    pytest.importorskip("cleaner._speedups.blocks")
    rule = blocks.BoilerplateBlock(article=article)
    facts: dict = {}  # type: ignore[type-arg]
    # The second page reuses what the first one's scans kept.
    for page in (tuple(texts), tuple(texts[::-1])):
        language = blocks._language(page, {})
        all_features = features_py(list(page), language.stopwords)
        expected = blocks.reasons_py(blocks.judged_py(all_features, article), all_features, article, language.name)
        assert rule._removed(page, facts) == expected


def test_features_skip_urls_as_spaces_and_count_them_as_linked() -> None:
    found = features_py(["See www.example.com/a, the [site](/about)."], frozenset({"the", "see"}))[0]
    assert (found.words, found.chars, found.stopword_density) == (3, 12, 2 / 3)
    assert found.link_density == (len("www.example.com/a,") + len("site")) / len("See www.example.com/a, the site.")
    assert found.sentence_end and found.punctuated
    # A link's target counts as linked from its scheme to the next space.
    assert features_py(["[site](http://x.io) is here"], frozenset())[0].link_density == min(1.0, (4 + len("http://x.io)")) / len("site is here"))


# Paragraphs at and around every threshold: short and long, with and without words, prose
# and link densities either side of the bounds, menu-shaped or not.
_DRAWN_FEATURES = st.builds(
    Features,
    chars=st.sampled_from([0, 3, 20, LENGTH_LOW - 1, LENGTH_LOW, 100, LENGTH_HIGH - 1, LENGTH_HIGH, 400, 1500]),
    words=st.sampled_from([0, 1, 3, 4, 5, 6, 14, 15, 40]),
    stopword_density=st.sampled_from([0.0, 0.1, 0.2, 0.3, 0.35, 0.4, 0.45, 0.5]),
    link_density=st.sampled_from([0.0, 0.2, MAX_LINK_DENSITY, 0.36, 1.0]),
    sentence_end=st.booleans(),
    title_share=st.sampled_from([0.0, 0.5, 0.8, 1.0]),
    number_share=st.sampled_from([0.0, 0.0, 0.5]),
    punctuated=st.booleans(),
)
_MENU_ITEM = Features(chars=12, words=2, stopword_density=0.0, link_density=0.0, sentence_end=False, title_share=1.0, number_share=0.0, punctuated=False)
# Runs of alike paragraphs, menu items among them: menus, lists and stretches of prose.
_DRAWN_PAGE = st.lists(st.tuples(st.one_of(_DRAWN_FEATURES, st.just(_MENU_ITEM)), st.integers(1, 5)), max_size=30).map(
    lambda runs: [f for f, times in runs for _ in range(times)]
)


@given(
    _DRAWN_PAGE,
    st.booleans(),
    st.sampled_from([{}, {"CONSERVATIVE_MIN_CHARS": 300, "GROW_WINDOW": 3}, {"CONSERVATIVE_CONFIDENCE": 0.5, "MENU_MARGIN": 1}]),
)
def test_compiled_judgement_gives_the_python_one(all_features: list[Features], article: bool, changed: dict[str, float]) -> None:
    compiled = pytest.importorskip("cleaner._speedups.blocks")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in changed.items():
            patch.setattr(blocks, name, value)
        found = compiled.judged(all_features, article, blocks.thresholds(), blocks._CLASSES, blocks.Judgement)
        assert type(found) is blocks.Judgement
        assert found == blocks.judged_py(all_features, article)


_PAGE = """Latest News
India
World
Science
The city council voted on Tuesday night to close the northern bridge for a year of repairs, after engineers found that two of its supporting piers had cracked during the spring floods.
The closure will add twenty minutes to the journeys of about eleven thousand commuters, and the council has promised extra buses on the ring road while the work is carried out.
Most popular
Storm closes the northern ports
"""


def test_a_later_pass_with_the_same_paragraphs_gets_the_verdicts_of_a_first_pass_at_its_own_offsets() -> None:
    rule = blocks.BoilerplateBlock(article=True)
    memo: dict[int, dict] = {}  # type: ignore[type-arg]
    rule.check(segment_text(_PAGE, memo=memo))
    # Blank lines change every offset but no paragraph: the kept judgement must follow the offsets.
    later = _PAGE.replace("\nMost", "\n\n\nMost").replace("World\n", "World\n\n")
    assert rule.check(segment_text(later, memo=memo)) == rule.check(segment_text(later, memo={})) != []


@given(_DRAWN_PAGE, st.booleans(), st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=2, max_size=2), st.sampled_from(["english", "unknown", "français"]))
def test_compiled_reasons_give_the_python_ones(all_features: list[Features], article: bool, densities: list[float], language: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.blocks")
    # Any density, so that rounding to two places is held to the twin's too.
    all_features = [f._replace(stopword_density=densities[0], link_density=densities[1]) if i % 3 == 0 else f for i, f in enumerate(all_features)]
    judgement = blocks.judged_py(all_features, article)
    found = compiled.reasons(judgement, all_features, article, language, blocks.thresholds(), blocks._CLASSES)
    assert found == blocks.reasons_py(judgement, all_features, article, language)


@pytest.mark.parametrize(
    "density",
    [0.0, 1.0, 0.125, 0.375, 0.005, 0.015, 0.145, 0.285, 0.995, 1 / 3, 2 / 3, 0.0049999999, 0.9949999999, 5e-324, 123456.785, 1e12, -0.0],
)
def test_compiled_reasons_round_densities_near_a_half_as_python_does(density: float) -> None:
    compiled = pytest.importorskip("cleaner._speedups.blocks")
    page = [_features(stopword_density=density, link_density=density), _features()]
    judgement = blocks.Judgement(1, 2, [(0, N, B)])
    for article in (True, False):
        found = compiled.reasons(judgement, page, article, "english", blocks.thresholds(), blocks._CLASSES)
        assert found == blocks.reasons_py(judgement, page, article, "english")


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=20), st.data())
def test_compiled_placing_gives_the_python_one(spans: list[tuple[int, int]], data: st.DataObject) -> None:
    compiled = pytest.importorskip("cleaner._speedups.blocks")
    bounds = array("q", [bound for span in spans for bound in span])
    indexes = data.draw(st.lists(st.integers(0, len(spans) - 1), max_size=10)) if spans else []
    removed = [(i, f"reason {i}") for i in indexes]
    found = compiled.placed(removed, bounds, "BC01", Verdict)
    assert found == blocks.placed_py(removed, bounds, "BC01")
    assert all(type(verdict) is Verdict for verdict in found)


def test_reason_gives_where_the_paragraph_lies_both_classes_and_its_features() -> None:
    page = [_features(chars=20, words=3, stopword_density=0.0, sentence_end=False, title_share=1.0, punctuated=False)] * 3 + [_features()] * 4
    judgement = blocks.Judgement(3, 7, [(0, S, B)])
    assert blocks.reasons_py(judgement, page, False, "english") == [
        (0, "3 paragraphs before the main article region (paragraphs 4-7); class short -> bad; "
         "3 words, 20 chars, stopwords 0.00, links 0.00, shaped like a menu item; language english")
    ]
