"""The whole-page searches of the UI rules find the same lines as their line-by-line tests."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.engine.pipeline import page_document
from cleaner.engine.segment import segment_text
from cleaner.readers.dom import parse_page
from cleaner.rules.chrome import _BREADCRUMB_HINT, _BREADCRUMB_LINE_HINT, TeaserLine, chrome_lexicon
from cleaner.rules.scan import lines_with
from cleaner.text import normalise

_LINE = st.lists(st.sampled_from(["a", " ", "\t", "\u00a0", "\x1c", ">", "/", "|", "›", "»", "home", "share", "x", "facebook", ",", ":", "e-mail"]), max_size=12).map("".join)


@given(st.lists(_LINE, max_size=15))
@settings(max_examples=300)
def test_breadcrumb_lines_found_at_once_are_those_the_hint_finds_line_by_line(lines: list[str]) -> None:
    assert lines_with(_BREADCRUMB_LINE_HINT, lines) == [i for i, line in enumerate(lines) if _BREADCRUMB_HINT.search(line)]


@given(st.lists(_LINE, max_size=15))
@settings(max_examples=300)
def test_share_lines_found_at_once_are_those_share_words_open(keys: list[str]) -> None:
    lexicon = chrome_lexicon()
    assert lexicon.share_lines(keys) == [i for i, key in enumerate(keys) if lexicon.share_words.match(key)]


def test_no_character_that_case_folds_into_teaser_prefix_letters_changes_under_nfkc() -> None:
    """What lets UI02 look for its prefixes in the line keys (NFKC, then case-folded)
    instead of in each line's case-folded visible text."""
    lexicon = chrome_lexicon()
    letters = set("".join(lexicon.teaser_prefixes))
    changed = []
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        character = chr(code)
        folded = character.casefold()
        if set(folded) <= letters and unicodedata.normalize("NFKC", character).casefold() != folded:
            changed.append(character)
    assert changed == []


def test_teaser_prefixes_are_their_own_keys() -> None:
    assert [prefix for prefix in chrome_lexicon().teaser_prefixes if normalise(prefix) != prefix] == []


_TEASER_PIECES = ["Read more", "READ MORE", "Читайте также", "more", ":", " ", "\u00a0", "»", "[", "](/u)", "* ", "ＲＥＡＤ", "\u0301", "ſ", "Headline here", "."]


@given(st.lists(st.lists(st.sampled_from(_TEASER_PIECES), max_size=8).map("".join), max_size=10))
@settings(max_examples=300)
def test_teaser_candidates_hold_every_teaser_line(lines: list[str]) -> None:
    rule = TeaserLine()
    doc = segment_text("\n".join(lines))
    candidates = rule._candidates(doc, doc.blocks)
    for index, block in enumerate(doc.blocks):
        if rule._judge(block.text) is not None:
            assert index in candidates, block.text


def test_teaser_candidates_are_the_lines_whose_key_opens_with_a_prefix() -> None:
    doc = segment_text("* [Read more](/u): Headline here\nA sentence that reads more: like prose.\nЧИТАЙТЕ ТАКЖЕ » Заголовок\n")
    assert TeaserLine()._candidates(doc, doc.blocks) == [0, 2]


def test_teaser_candidates_of_an_html_page_first_pass_come_from_its_text() -> None:
    """A page's first pass has no line keys, so UI02 looks for the mark after the prefix in the text."""
    doc = page_document(parse_page("<html><body><p>Read more: Another headline</p><p>A plain paragraph here</p></body></html>"))
    candidates = TeaserLine()._candidates(doc, doc.blocks)
    assert [doc.blocks[i].text for i in candidates] == ["Read more: Another headline"]
    assert TeaserLine().check(doc)
