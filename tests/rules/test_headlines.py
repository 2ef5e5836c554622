from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine.segment import segment_text
from cleaner.rules.headlines import DuplicateHeadline
from cleaner.text import words


@given(st.text(alphabet="ab1_ .,-é\t", max_size=40), st.integers(1, 6), st.integers(1, 6))
def test_a_headline_is_a_line_of_min_to_max_words_as_words_counts_them(line: str, low: int, high: int) -> None:
    rule = DuplicateHeadline(min_words=low, max_words=high)
    blocks = segment_text(line).blocks
    if blocks:
        assert (rule._key(blocks[0]) is not None) == (low <= len(words(blocks[0].text)) <= high)


def test_settings_that_no_line_can_meet_make_no_headline() -> None:
    rule = DuplicateHeadline(min_words=5, max_words=3)
    assert rule.check(segment_text("Storm closes the northern ports\nStorm closes the northern ports\n")) == []
