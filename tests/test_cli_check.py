"""`cleaner check`, the output formats, rule selection and the config file, as a CI job uses them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import cleaner.cli as cli
from cleaner.cli import app
from cleaner.report.model import ExitCode
from cleaner.rules import catalogue

DIRTY = "Bridge to close\nThe council voted on Tuesday to close the bridge [video] for a year.\nAdvertisement\nThe mayor said repairs start in May.\n"
CLEAN = "Bridge to close\nThe council voted on Tuesday to close the bridge for a year.\n"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return CliRunner()


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_check_exits_0_when_nothing_would_change_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"a.txt": CLEAN})
    before = sorted(p for p in tmp_path.rglob("*"))
    result = runner.invoke(app, ["check", "dumps"])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_check_exits_1_when_an_input_would_change_and_leaves_it_as_it_was(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"a.txt": CLEAN, "b.txt": DIRTY})
    result = runner.invoke(app, ["check", "dumps"])
    assert result.exit_code == ExitCode.CHANGES
    assert result.stdout.startswith("dumps/b.txt:3:1: UI01 ui-phrase: ")
    assert "a.txt" not in result.stdout
    assert (tmp_path / "dumps" / "b.txt").read_text(encoding="utf-8") == DIRTY
    assert not (tmp_path / "cleaner-report.jsonl").exists()


def test_check_exits_123_when_an_input_fails_even_if_others_would_change(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"b.txt": DIRTY})
    (tmp_path / "dumps" / "image.txt").write_bytes(b"GIF89a\x00\x01")
    result = runner.invoke(app, ["check", "dumps"])
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert "dumps/image.txt: binary file" in result.stderr


def test_check_exits_2_on_a_bad_command_line(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"b.txt": DIRTY})
    assert runner.invoke(app, ["check", "dumps", "--no-such-option"]).exit_code == ExitCode.USAGE
    unknown = runner.invoke(app, ["check", "dumps", "--select", "XX99"])
    assert unknown.exit_code == ExitCode.USAGE
    assert 'unknown rule code or name "XX99"' in unknown.stderr


def test_json_output_carries_file_rule_span_text_and_reason(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"b.txt": DIRTY})
    result = runner.invoke(app, ["check", "dumps", "--output-format", "json"])
    document = json.loads(result.stdout)
    (record,) = document["files"]
    assert record["file"] == "dumps/b.txt" and record["changed"] is True and record["error"] is None
    (removal,) = record["removals"]
    start = DIRTY.index("Advertisement")
    assert removal == {
        "file": "dumps/b.txt",
        "rule": "UI01",
        "name": "ui-phrase",
        "start": start,
        "end": start + len("Advertisement\n"),
        "line": 3,
        "column": 1,
        "end_line": 4,
        "end_column": 1,
        "text": "Advertisement\n",
        "reason": removal["reason"],
    }
    assert "advertisement" in removal["reason"]
    assert document["summary"] == {"files": 1, "changed": 1, "failed": 0, "removals": {"UI01": 1}, "exit_code": 1}


def test_jsonl_output_is_one_removal_or_error_a_line(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"b.txt": DIRTY + "\n\n\n\nShare this article\n"})
    (tmp_path / "dumps" / "bin.txt").write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["check", "dumps", "--output-format", "jsonl"])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {"file": "dumps/bin.txt", "error": "binary file (NUL byte at offset 0)"} in records
    removals = [r for r in records if "rule" in r]
    assert len(removals) >= 2 and all(r["file"] == "dumps/b.txt" for r in removals)
    assert {r["rule"] for r in removals} >= {"UI01"}


def test_github_output_is_workflow_annotations(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"b.txt": DIRTY})
    result = runner.invoke(app, ["check", "dumps", "--output-format", "github"])
    (line,) = result.stdout.splitlines()
    assert line.startswith("::warning file=dumps/b.txt,line=3,col=1,endLine=3,title=cleaner UI01 ui-phrase::")


def test_github_annotations_escape_newlines_and_percent() -> None:
    from cleaner.report.formats import _data, _property

    assert _data("50%\nmore") == "50%25%0Amore"
    assert _property("a:b,c") == "a%3Ab%2Cc"


def test_scraped_text_prints_without_markup(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"[bold]b.txt": DIRTY})
    result = runner.invoke(app, ["check", "dumps", "--diff"])
    assert "dumps/[bold]b.txt:3:1: UI01 ui-phrase: " in result.stdout
    assert "close the bridge [video] for a year." in result.stdout


def test_statistics_count_removals_per_rule(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path / "dumps", {"a.txt": DIRTY, "b.txt": DIRTY})
    result = runner.invoke(app, ["check", "dumps", "--statistics", "-q"])
    assert result.stdout.splitlines()[-1].split("\t") == ["      2", "UI01", "ui-phrase"]


def test_diff_is_coloured_only_when_asked_or_on_a_terminal(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "dumps", {"b.txt": DIRTY})
    plain = runner.invoke(app, ["check", "dumps", "--diff"])
    assert "-Advertisement" in plain.stdout and "\x1b[" not in plain.stdout
    forced = runner.invoke(app, ["check", "dumps", "--diff", "--color"])
    assert "\x1b[31m-Advertisement\x1b[0m" in forced.stdout

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdout", Terminal())
    assert cli._colour(None) is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._colour(None) is False
    assert cli._colour(True) is True


def test_config_in_pyproject_ignores_a_rule(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path, {"pyproject.toml": '[tool.cleaner]\nignore = ["ui-phrase"]\n', "dumps/b.txt": DIRTY})
    assert runner.invoke(app, ["check", "dumps"]).exit_code == ExitCode.OK


def test_cli_select_replaces_the_config_select_and_config_ignore_still_applies(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path, {"cleaner.toml": 'select = ["WS"]\nignore = ["UI01"]\n', "dumps/b.txt": DIRTY + "The end.  \n"})
    only_ws = json.loads(runner.invoke(app, ["check", "dumps", "--output-format", "json"]).stdout)
    assert "WS01" in only_ws["summary"]["removals"] and set(only_ws["summary"]["removals"]) <= {"WS01", "WS02"}
    chosen = json.loads(runner.invoke(app, ["check", "dumps", "--output-format", "json", "--select", "UI"]).stdout)
    assert chosen["summary"]["removals"] == {}  # UI selected, but the config's ignore of UI01 is more specific
    both = json.loads(runner.invoke(app, ["check", "dumps", "--output-format", "json", "--select", "UI01"]).stdout)
    assert both["summary"]["removals"] == {}  # same specificity: ignore wins


def test_cli_output_format_wins_over_the_config(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path, {"cleaner.toml": 'output-format = "json"\n', "dumps/b.txt": DIRTY})
    assert json.loads(runner.invoke(app, ["check", "dumps"]).stdout)["summary"]["changed"] == 1
    assert runner.invoke(app, ["check", "dumps", "--output-format", "concise"]).stdout.startswith("dumps/b.txt:3:1: UI01")


def test_per_rule_settings_come_from_the_config(runner: CliRunner, tmp_path: Path) -> None:
    filler = "".join(f"The trains ran late on day {n} of the strike, the operator said.\n" for n in range(10))
    repeated = f"Timetable news\nFive things to know about the timetable\n{filler}Five things to know about the timetable\n"
    _write(tmp_path, {"dumps/r.txt": repeated})
    assert runner.invoke(app, ["check", "dumps"]).exit_code == ExitCode.CHANGES
    _write(tmp_path, {"cleaner.toml": "[rules.repeated-block]\nmin_words = 9\n"})
    assert runner.invoke(app, ["check", "dumps"]).exit_code == ExitCode.OK


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("selct = [\"UI\"]\n", 'unknown key "selct"'),
        ("select = \"UI\"\n", "select"),
        ("[rules.no-such-rule]\nx = 1\n", "no-such-rule"),
        ("[rules.repeated-block]\nmin_wrds = 3\n", "min_wrds"),
        ("[rules.repeated-block]\nmin_words = \"six\"\n", "min_words"),
        ("output-format = \"xml\"\n", "xml"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_unknown_or_wrong_config_is_a_usage_error_naming_the_file(runner: CliRunner, tmp_path: Path, config: str, message: str) -> None:
    _write(tmp_path, {"cleaner.toml": config, "dumps/b.txt": DIRTY})
    result = runner.invoke(app, ["check", "dumps"])
    assert result.exit_code == ExitCode.USAGE
    assert "cleaner.toml" in result.stderr and message in result.stderr


def test_exclude_globs_leave_files_out_of_a_walk(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path, {"cleaner.toml": 'exclude = ["drafts/"]\n', "dumps/a.txt": CLEAN, "dumps/drafts/b.txt": DIRTY})
    assert runner.invoke(app, ["check", "dumps"]).exit_code == ExitCode.OK


def test_clean_takes_the_same_selection(runner: CliRunner, tmp_path: Path) -> None:
    _write(tmp_path, {"dumps/b.txt": DIRTY})
    result = runner.invoke(app, ["clean", "dumps", "-o", "out", "--ignore", "UI01", "--output-format", "jsonl"])
    assert result.exit_code == ExitCode.OK
    assert (tmp_path / "out" / "b.txt").read_text(encoding="utf-8") == DIRTY
    assert result.stdout == ""


def test_rules_lists_and_explain_prints_a_rule(runner: CliRunner) -> None:
    listing = runner.invoke(app, ["rules"]).stdout
    for code in ("IC01", "UI01", "TP01", "RB01", "BC01", "WS02"):
        assert code in listing
    explained = runner.invoke(app, ["explain", "ui-phrase"])
    assert explained.exit_code == ExitCode.OK
    assert "What it removes" in explained.stdout and "Must keep" in explained.stdout
    assert runner.invoke(app, ["explain", "XX01"]).exit_code == ExitCode.USAGE


@pytest.mark.parametrize("code", [rule.code for rule in catalogue()])
def test_explain_says_what_every_rule_removes_why_an_example_and_what_it_keeps(runner: CliRunner, code: str) -> None:
    text = runner.invoke(app, ["explain", code]).stdout
    assert all(part in text for part in ("What it removes", "Why", "Example", "Must keep")), code
