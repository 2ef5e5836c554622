"""The whole-page searches of the UI rules find the same lines as their line-by-line tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.rules.chrome import _BREADCRUMB_HINT, _BREADCRUMB_LINE_HINT, chrome_lexicon
from cleaner.rules.scan import lines_with

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
