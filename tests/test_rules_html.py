from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.readers import dom
from cleaner.rules.html import BOILERPLATE_CORES, BOILERPLATE_NAMES

_ALTERNATIVES = BOILERPLATE_NAMES.pattern.split("|")
_PIECES = st.sampled_from([
    *BOILERPLATE_CORES, "sharing", "most-read", "mostread", "author-bio", "authorbio", "more-", "_more", "ads", "ad-", "-ad",
    "ad_", "ad-slot", "adslot", "tags", "tag-list", "tools", "meta", "nav", "header", "read", "a", "d", "s", "o", "-", "_",
    " ", "x", "\u212a", "\u0130",
])


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=8))
def test_every_name_the_boilerplate_expression_matches_holds_one_of_its_cores(pieces: list[str]) -> None:
    # The cores let HT03 pass over names without the expression; a match without a core would be missed.
    names = "".join(pieces)
    if BOILERPLATE_NAMES.search(names):
        assert any(core in names for core in BOILERPLATE_CORES)


def test_each_alternative_of_the_boilerplate_expression_holds_a_core() -> None:
    for alternative in _ALTERNATIVES:
        literal = re.sub(r"\\b|\^|\[-_\]|\?|s\?|-\?", "", alternative)
        assert any(core in literal for core in BOILERPLATE_CORES), alternative


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=8))
def test_the_compiled_core_search_finds_the_cores_python_finds(pieces: list[str]) -> None:
    search = dom.word_search(BOILERPLATE_CORES)
    if search is None:
        pytest.skip("the compiled walk is not built (python setup.py build_ext --inplace)")
    names = "".join(pieces)
    assert search(names) == any(core in names for core in BOILERPLATE_CORES)
