"""WS02 on long runs of blank lines: the raw-text check agrees with the line check."""

from __future__ import annotations

import pytest

from cleaner.engine.segment import segment_text
from cleaner.rules.whitespace import LONG_RUN, BlankLines

LONG = LONG_RUN + 1


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\n" * LONG + "Text.\n", id="leading"),
        pytest.param("Text.\n" + "\n" * LONG, id="trailing"),
        pytest.param("One.\n" + "\n" * LONG + "Two.\n", id="between"),
        pytest.param("One.\r\n" + " \t\r\n" * LONG + "Two.\r\n", id="spaces-crlf"),
        pytest.param("One.\r" + "\r" * LONG + "Two.", id="cr"),
        pytest.param("One.\n" + "\n" * LONG + "   ", id="last-line-of-spaces"),
        pytest.param("\n" * (3 * LONG), id="only-blank-lines"),
        pytest.param("One.\r\n" + "\n" * LONG + "Two.\n", id="after-crlf"),
    ],
)
def test_long_runs_found_in_the_raw_text_are_the_line_checks_verdicts(text: str) -> None:
    rule = BlankLines()
    found = rule.check_text(text)
    assert found and found == rule.check(segment_text(text))
    assert len(found) <= 2


def test_runs_up_to_the_long_run_length_are_left_to_the_line_check() -> None:
    assert BlankLines().check_text("One.\n" + "\n" * LONG_RUN + "Two.\n") == []


def test_a_content_line_ending_in_spaces_does_not_start_a_run() -> None:
    text = "One.   \n" + "\n" * LONG + "Two.\n"
    [verdict] = BlankLines().check_text(text)
    assert text[verdict.start : verdict.end] == "\n" * (LONG - 1)
