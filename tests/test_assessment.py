"""The report line's kept share, language and confidence (`cleaner.report.assessment`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from cleaner import _speedups
from cleaner.cli import app
from cleaner.report import assessment
from cleaner.report.assessment import assess
from cleaner.report.model import FileReport

_ARTICLE = "\n".join(
    [
        "The council voted on Tuesday to extend the tram line to the harbour, after a debate that lasted most of the night.",
        "Residents who had campaigned for the extension for a decade said they were relieved, and that the work should start soon.",
        "The first trams are expected to run in the spring of next year, if the contractors keep to the schedule they have promised.",
    ]
)
_MENU = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Log in", "Subscribe"])


def test_a_page_cleaned_to_its_prose_gets_a_high_confidence() -> None:
    found = assess(_MENU + "\n" + _ARTICLE, _ARTICLE)
    assert found.language == "english"
    assert 0.5 < found.kept_share < 1
    assert found.confidence >= 0.8


def test_a_page_left_as_a_menu_gets_a_low_confidence() -> None:
    found = assess(_MENU + "\n" + _ARTICLE, _MENU)
    assert found.confidence < 0.5
    assert found.kept_share < 0.5


def test_an_emptied_page_keeps_nothing_and_has_no_language() -> None:
    found = assess(_ARTICLE, "")
    assert (found.kept_share, found.language) == (0.0, "unknown")
    assert found.confidence < 0.1


def test_a_report_line_written_before_the_assessment_still_reads() -> None:
    line = FileReport(input="a.txt", output="out/a.txt").to_json()
    assert "kept_share" not in json.loads(line)
    assert FileReport.from_json(line).confidence is None


def test_check_json_and_the_report_line_carry_the_assessment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(_MENU + "\n\n" + _ARTICLE + "\n", encoding="utf-8")
    runner = CliRunner()
    checked = json.loads(runner.invoke(app, ["check", "page.txt", "--output-format", "json", "--exit-zero"]).stdout)
    (page,) = checked["files"]
    assert page["language"] == "english" and 0 < page["kept_share"] <= 1 and 0 <= page["confidence"] <= 1
    assert runner.invoke(app, ["clean", "page.txt", "-o", "out"]).exit_code == 0
    line = json.loads((tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8"))
    assert (line["kept_share"], line["language"], line["confidence"]) == (page["kept_share"], page["language"], page["confidence"])


# Letters, the whitespace str.split and str.splitlines treat apart (\x1f splits words but
# not lines), CRLF, and characters beyond Latin-1.
_LINES_ALPHABET = st.sampled_from(list("ab \t\n\r\x0b\x0c\x1c\x1f\x85\u2028\u3000é漢") + ["\r\n"])


@given(st.lists(_LINES_ALPHABET, max_size=60).map("".join), st.integers(0, 4), st.integers(0, 4))
def test_compiled_line_word_counts_give_the_python_ones(text: str, prose_at: int, short_at: int) -> None:
    compiled = _speedups.compiled("counts")
    if compiled is None:
        pytest.skip("the kernels are not built")
    assert compiled.line_words(text, prose_at, short_at) == assessment._line_words_py(text, prose_at, short_at)
