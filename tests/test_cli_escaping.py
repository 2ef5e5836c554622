"""Names, symlink targets, record ids and reasons cannot split a line or drive the terminal:
one function, `cleaner.text.printable`, escapes them in every message, diff header and format."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from cleaner.model.document import Removal
from cleaner.report.formats import OutputFormat, Printer, github_annotations
from cleaner.report.model import ExitCode, FileReport, RunReport, escape_json_controls
from cleaner.text import printable
from tests.cli_runs import invoke

DIRTY = "The council voted on Tuesday to close the northern bridge for repairs.\nAdvertisement\n"
# Clears the screen, moves home and prints a verdict of its own.
HOSTILE = "\x1b[2J\x1b[Hall good\n"
RAW = ("\x1b", "\x9b", "\u202e", "\u2028")


pytestmark = pytest.mark.usefixtures("in_tmp")


def assert_tame(text: str) -> None:
    for raw in RAW:
        assert raw not in text, repr(text)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\nb", "a\\nb"),
        ("a\rb", "a\\rb"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x9bb", "a\\x9bb"),
        ("a\x7fb", "a\\x7fb"),
        ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
        ("a\u2028b", "a\\u2028b"),
        ("a\udcffb", "a\\udcffb"),
        ("новости дня.txt", "новости дня.txt"),
        ("C:\\path\\n", "C:\\path\\n"),
    ],
)
def test_printable_escapes_what_a_terminal_acts_on_and_keeps_the_rest(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    assert printable(printable(raw)) == printable(raw)


def test_symlink_target_cannot_clear_the_screen_or_add_a_line(in_tmp: Path) -> None:
    Path("d").mkdir()
    Path("d/good.txt").write_text(DIRTY, encoding="utf-8")
    Path("d/evil.txt").symlink_to(HOSTILE)
    result = invoke("clean", "d", "-o", "out")
    assert result.exit_code == ExitCode.INPUT_FAILED
    errors = [line for line in result.stderr.splitlines() if line.startswith("cleaner: ")]
    assert errors == ["cleaner: d/evil.txt: broken symlink (points to \\x1b[2J\\x1b[Hall good\\n, which does not exist)"]
    assert_tame(result.stderr)
    assert not any(line.startswith("all good") for line in result.stderr.splitlines())


def test_a_newline_in_a_name_keeps_each_diff_header_on_one_line(in_tmp: Path) -> None:
    Path("d").mkdir()
    Path("d/new\nline.txt").write_text(DIRTY, encoding="utf-8")
    result = invoke("clean", "d", "-o", "out", "--diff")
    assert result.exit_code == ExitCode.OK, result.stderr
    for diff in (result.stdout, Path("out/cleaner-report.diff").read_text(encoding="utf-8")):
        lines = diff.splitlines()
        assert lines[:3] == ["--- a/d/new\\nline.txt", "+++ b/out/new\\nline.txt", "@@ -1,2 +1 @@"]


@pytest.mark.parametrize("output_format", ["concise", "full", "github", "json", "jsonl"])
def test_every_output_format_escapes_a_hostile_name(in_tmp: Path, output_format: str) -> None:
    Path("d").mkdir()
    Path("d/\x1b[2Jx\u202e.txt").write_text(DIRTY, encoding="utf-8")
    Path("d/evil.txt").symlink_to(HOSTILE)
    result = invoke("check", "d", "--output-format", output_format)
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert_tame(result.stdout)
    assert_tame(result.stderr)
    if output_format == "json":
        files = json.loads(result.stdout)["files"]
        assert {f["file"] for f in files} == {"d/\x1b[2Jx\u202e.txt", "d/evil.txt"}
    if output_format == "jsonl":
        records = [json.loads(line) for line in result.stdout.splitlines()]
        (failed,) = [r for r in records if "error" in r]
        assert failed["error"].endswith(f"points to {HOSTILE}, which does not exist)")


def test_github_annotation_escapes_the_reason_and_the_rule_name() -> None:
    removal = Removal(0, 5, "junk\n", "ZZ01", "fake\x1b[31m", "token '\x1b[2J' \x9b seen\nok", 1, 1)
    (annotation,) = github_annotations(FileReport("a\nb.txt", removals=(removal,)), check=True)
    assert annotation == "::warning file=a\\nb.txt,line=1,col=1,endLine=1,title=cleaner ZZ01 fake\\x1b[31m::token '\\x1b[2J' \\x9b seen\\nok"


def test_json_output_stays_valid_json_with_c1_controls_and_separators_escaped() -> None:
    stream = io.StringIO()
    removal = Removal(0, 5, "a\x9b\u2028\x85b", "ZZ01", "fake", "why \u202e", 1, 1)
    report = FileReport("x\x9b.txt", removals=(removal,))
    printer = Printer(OutputFormat.JSON, stream, check=True)
    printer.file_done(report)
    run = RunReport(check=True)
    run.add(report)
    printer.finish(run)
    assert_tame(stream.getvalue())
    assert json.loads(stream.getvalue())["files"][0]["removals"][0]["text"] == "a\x9b\u2028\x85b"
    assert json.loads(escape_json_controls(json.dumps({"s": "\ud800\x7f"}, ensure_ascii=False))) == {"s": "\ud800\x7f"}


def test_a_record_id_with_escapes_stays_escaped_where_the_record_is_named(in_tmp: Path) -> None:
    Path("scrape.jsonl").write_text(json.dumps({"id": HOSTILE, "text": DIRTY}) + "\n", encoding="utf-8")
    result = invoke("check", "scrape.jsonl", "--diff")
    assert result.exit_code == ExitCode.CHANGES
    assert_tame(result.stdout)
    label = "scrape.jsonl:1 (id \\x1b[2J\\x1b[Hall good\\n)"
    assert any(line.startswith("scrape.jsonl:1:1: UI01 ui-phrase: ") for line in result.stdout.splitlines())
    assert f"--- a/{label}" in result.stdout.splitlines()


def test_a_usage_error_naming_a_hostile_path_is_one_escaped_line(in_tmp: Path) -> None:
    Path("d").mkdir()
    Path("d/a\x1b[2J.txt").write_text(DIRTY, encoding="utf-8")
    result = invoke("clean", "d", "-o", "out", "--report", "d/a\x1b[2J.txt")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "cleaner: error: --report d/a\\x1b[2J.txt is the input d/a\\x1b[2J.txt; write it outside the inputs\n"
