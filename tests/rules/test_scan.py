"""What a pattern's syntax shows about its matches, and the whole-page line scans built on it."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.rules import scan
from cleaner.rules.chrome import chrome_lexicon
from cleaner.rules.scan import digit_openings, lines_holding, lines_with, openings, required_pieces, starts

SHIPPED = [pattern for pattern, _, _ in chrome_lexicon().patterns]


def test_required_pieces_of_an_alternation_are_one_per_branch() -> None:
    assert required_pieces(re.compile(r"(©|\(c\)) ?\d{4}")) == {"©", "(c)"}


def test_required_pieces_skip_an_optional_part() -> None:
    assert required_pieces(re.compile(r"\d+ min(ute)?s? read")) == {" read"}


def test_a_pattern_that_may_match_anything_has_no_pieces() -> None:
    assert required_pieces(re.compile(r".*")) is None
    assert required_pieces(re.compile(r"(?i)share")) is None


@pytest.mark.parametrize("pattern", SHIPPED, ids=lambda p: p.pattern)
def test_the_shared_parse_reads_as_a_fresh_one(pattern: re.Pattern[str]) -> None:
    # The three readings share one cached parse: none may change it for the others, nor
    # differ from reading a parse of its own (the cache emptied before each).
    shared = (required_pieces(pattern), starts(pattern), openings(pattern), required_pieces(pattern))
    fresh = []
    for reading in (required_pieces, starts, openings, required_pieces):
        scan._parsed_items.cache_clear()
        fresh.append(reading(pattern))
    assert shared == tuple(fresh)


def test_openings_stop_at_the_first_part_that_is_not_literal() -> None:
    assert openings(re.compile(r"(this \w*site|we|our) uses")) == {"this ", "we", "our"}
    assert openings(re.compile(r"(view|show) \d+")) == {"view ", "show "}
    assert openings(re.compile(r".{0,9}all rights")) is None


def test_openings_go_through_an_optional_part() -> None:
    assert openings(re.compile(r"(this (web)?site|we) uses?")) == {
        f"{who} {verb}" for who in ("this site", "this website", "we") for verb in ("use", "uses")
    }
    assert openings(re.compile(r"(view|show) (all )?\d+")) == {"view ", "show ", "view all ", "show all "}
    assert openings(re.compile(r"(a|b)?\d")) is None  # a digit alone opens a match: no non-empty opening


def test_digit_openings_follow_a_leading_run_of_digits() -> None:
    assert digit_openings(r"\d+ (comments?|replies)") == {" comment", " comments", " replies"}
    assert digit_openings(r"\d{4} comments") is None
    assert digit_openings(r"[0-9]+ comments") is None
    assert digit_openings(r"(?i)\d+ comments") is None


def test_starts_know_a_leading_digit_class() -> None:
    assert starts(re.compile(r"\d+ comments")) == (frozenset(), True)
    assert starts(re.compile(r"[a-c]x")).characters == frozenset("abc")  # type: ignore[union-attr]
    assert starts(re.compile(r"[^.]x")) is None


@pytest.mark.parametrize("pattern", SHIPPED, ids=lambda p: p.pattern[:40])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_match_of_a_shipped_ui_pattern_shows_what_its_syntax_promises(pattern: re.Pattern[str], data: st.DataObject) -> None:
    """The line rules skip a line that lacks these, so a match without them would be missed."""
    line = data.draw(st.from_regex(pattern, fullmatch=True))
    pieces, opening, first = required_pieces(pattern), openings(pattern), starts(pattern)
    assert pieces is None or any(piece in line for piece in pieces)
    assert opening is None or line.startswith(tuple(opening))
    assert first is None or first.admits(line[:1])


@given(st.lists(st.text(alphabet="ab c\u00e9\r", max_size=12), max_size=12), st.sampled_from(["ab", "c", "b c", "\u00e9"]))
def test_whole_page_scans_find_the_lines_a_line_by_line_search_finds(lines: list[str], piece: str) -> None:
    lines = [line.replace("\r", "") for line in lines]
    expected = [i for i, line in enumerate(lines) if piece in line]
    assert lines_with(re.compile(re.escape(piece)), lines) == expected
    assert sorted(lines_holding([piece], "\n".join(lines))) == expected


@given(st.lists(st.text(alphabet="0123 cmntsharewidov©()ylu", max_size=30), max_size=20))
@settings(max_examples=200)
def test_ui_candidates_hold_every_line_that_matches_a_ui_phrase_or_pattern(keys: list[str]) -> None:
    lexicon = chrome_lexicon()
    keys += ["12 comments", "share", "© 2024 acme", "we use cookies to improve your experience", "sign up for our newsletter today"]
    candidates = lexicon.candidates(keys)
    for index, key in enumerate(keys):
        if lexicon.match(key, possible=tuple(range(len(lexicon.patterns)))) is not None:
            assert index in candidates, key
            assert lexicon.match(key, possible=candidates[index]) == lexicon.match(key, possible=tuple(range(len(lexicon.patterns))))
