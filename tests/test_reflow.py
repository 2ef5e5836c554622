"""`--reflow`: lines a dump broke inside a sentence joined, every join restorable and final."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.engine.pipeline import clean_text
from cleaner.engine.reflow import joins, reflow, reflowed
from cleaner.model.spans import JOINED, restore_text
from cleaner.report.model import ExitCode
from cleaner.rules.presets import Preset, preset_rules
from tests.dumps import ARTICLE, DEBRIS, HEADLINES, dumps

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def _broken_dumps(draw: st.DrawFn) -> str:
    """Dumps whose sentences a one-text-node-a-line scraper broke at its links."""
    lines = []
    for line in draw(st.lists(st.sampled_from(ARTICLE + DEBRIS + HEADLINES + ["", "remains a puzzle", ", and more"]), max_size=20)):
        words = line.split(" ")
        cuts = sorted(set(draw(st.lists(st.integers(1, max(len(words) - 1, 1)), max_size=3))))
        lines.extend(" ".join(words[a:b]) for a, b in zip([0, *cuts], [*cuts, len(words)]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


def _reflowed(text: str, preset: str):
    rules = preset_rules(Preset(preset))
    return reflow(clean_text(text, rules), lambda again: clean_text(again, rules)), rules


@PROPERTY
@given(st.one_of(_broken_dumps(), dumps()), st.sampled_from(["default", "article"]))
def test_reflowed_text_restores_the_original_exactly(text: str, preset: str) -> None:
    result, _ = _reflowed(text, preset)
    assert restore_text(result.text, result.removals) == text
    for removal in result.removals:
        assert text[removal.start : removal.end] == removal.text


@PROPERTY
@given(st.one_of(_broken_dumps(), dumps()), st.sampled_from(["default", "article"]))
def test_cleaning_reflowed_text_again_changes_nothing(text: str, preset: str) -> None:
    result, rules = _reflowed(text, preset)
    again = reflow(clean_text(result.text, rules), lambda t: clean_text(t, rules))
    assert again.removals == ()
    assert again.text == result.text


@PROPERTY
@given(st.one_of(_broken_dumps(), dumps(), st.text()))
def test_a_reflowed_text_has_nothing_left_to_join(text: str) -> None:
    assert joins(reflowed(text, joins(text))) == []


def _joined(text: str) -> str:
    return reflowed(text, joins(text))


def test_a_sentence_broken_at_its_links_is_one_line_again() -> None:
    text = "Scientists still argue about the chaos of\nthe Big Bang\nremains a puzzle, says\nDr Smith\n, who led the study.\n"
    assert _joined(text) == "Scientists still argue about the chaos of the Big Bang remains a puzzle, says Dr Smith, who led the study.\n"


def test_a_short_linked_phrase_that_ends_the_sentence_is_joined() -> None:
    assert _joined("Last year the whole team moved to\nParis.\nThey stayed.") == "Last year the whole team moved to Paris.\nThey stayed."


def test_lines_that_end_sentences_stay_apart() -> None:
    text = "The council voted on Tuesday.\nresidents were pleased.\nWho knows?\nmaybe."
    assert joins(text) == []


def test_menus_and_tag_lists_stay_apart() -> None:
    assert joins("Home\nnews\nsport\nweather\ncontact us") == []


def test_headings_and_paragraphs_stay_apart() -> None:
    text = "Bridge to close for a year\nThe council voted on Tuesday to close the northern bridge\nA second paragraph starts here"
    assert joins(text) == []


def test_a_blank_line_ends_the_paragraph() -> None:
    assert joins("We went down to the river and\n\nthen we swam") == []


def test_a_dump_that_kept_the_spaces_is_joined_without_adding_one() -> None:
    text = "We went down to the \nriver\n and swam"
    found = joins(text)
    assert [join.replacement for join in found] == ["", ""]
    assert reflowed(text, found) == "We went down to the river and swam"


def test_each_join_names_its_evidence_in_the_report() -> None:
    result, _ = _reflowed("Scientists still argue about the chaos of\nthe Big Bang today.\n", "default")
    (join,) = result.removals
    assert (join.code, join.name, join.text, join.line, join.column) == (JOINED, "reflow-space", "\n", 1, 42)
    assert "'chaos of'" in join.reason and "lower-case ('the Big')" in join.reason


def test_cli_reflow_restores_to_the_input_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    dump = "Scientists still argue about the chaos of\r\nthe Big Bang\r\nremains a puzzle.\r\nShare\r\n"
    (tmp_path / "page.txt").write_bytes(dump.encode("utf-8"))
    runner = CliRunner()
    assert runner.invoke(app, ["clean", "page.txt", "-o", "out", "--reflow"]).exit_code == ExitCode.OK
    assert (tmp_path / "out" / "page.txt").read_bytes() == b"Scientists still argue about the chaos of the Big Bang remains a puzzle.\r\n"
    record = json.loads((tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8"))
    assert record["counts"]["RF01"] == 2
    restored = runner.invoke(app, ["restore", "out/page.txt", "out/cleaner-report.jsonl", "-o", "page.orig.txt"])
    assert restored.exit_code == ExitCode.OK, restored.output
    assert (tmp_path / "page.orig.txt").read_bytes() == dump.encode("utf-8")


def test_explain_tells_what_a_reflow_code_is() -> None:
    for asked in ("RF01", "reflow"):
        explained = CliRunner().invoke(app, ["explain", asked])
        assert explained.exit_code == ExitCode.OK
        assert "not a rule but a join made by --reflow" in explained.stdout and "restore" in explained.stdout
