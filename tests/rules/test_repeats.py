"""RB01 keeps the copy of a repeated line that sits in the article."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine.segment import segment_text
from cleaner.rules.repeats import RepeatedBlock


def _removed_lines(text: str) -> list[int]:
    doc = segment_text(text)
    return [doc.text.count("\n", 0, v.start) + 1 for v in RepeatedBlock().check(doc)]


def test_a_highlights_box_copy_goes_and_the_article_copy_stays() -> None:
    text = (
        "Highlights\n"
        "She added that an appeal against the decision could be made to the prosecutor's office.\n"
        "Watch\n"
        "Prosecutors dropped the investigation on Tuesday, saying that the evidence had weakened over the years since the complaint.\n"
        "She added that an appeal against the decision could be made to the prosecutor's office.\n"
        "The decision can still be reviewed by a higher office if the complainant asks for it within three weeks.\n"
    )
    assert _removed_lines(text) == [2]


def test_with_equal_surroundings_the_first_copy_stays() -> None:
    text = "Menu\nFive things to know about the new rail timetable\nMenu two\nFive things to know about the new rail timetable\nEnd\n"
    assert _removed_lines(text) == [4]


@given(st.text(alphabet="ab1_ .,-é\t", max_size=40), st.integers(1, 6))
def test_a_line_is_long_enough_to_count_as_repeated_by_words_counts_of_it(line: str, low: int) -> None:
    from cleaner.text import words

    rule = RepeatedBlock(min_words=low, min_sentence_words=low + 1)
    assert (rule._enough_words.match(line) is not None) == (len(words(line)) >= low)
    assert (rule._enough_sentence_words.match(line) is not None) == (len(words(line)) >= low + 1)
