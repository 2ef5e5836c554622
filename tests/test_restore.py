"""`cleaner restore` checks what it rebuilt against the input's checksum and never prints wrong bytes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cleaner.cli import app
from cleaner.report.model import ExitCode, read_report_for

DUMP = (
    "Bridge to close for a year\n"
    "\n"
    "Bridge to close for a year\n"
    "The council voted on Tuesday to close the bridge.\n"
    "Advertisement\n"
    "“We had no choice,” the mayor said.\n"
)


@pytest.fixture
def cleaned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """page.txt cleaned to out/page.txt, with its report in out/cleaner-report.jsonl."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(DUMP, encoding="utf-8")
    assert CliRunner().invoke(app, ["clean", "page.txt", "-o", "out"]).exit_code == ExitCode.OK
    return tmp_path / "out" / "cleaner-report.jsonl"


Edit = Callable[[dict], None]


def _edit_report(report: Path, edit: Edit) -> None:
    record = json.loads(report.read_text(encoding="utf-8"))
    edit(record)
    report.write_text(json.dumps(record) + "\n", encoding="utf-8")


def _restore() -> Result:
    return CliRunner().invoke(app, ["restore", "out/page.txt", "out/cleaner-report.jsonl"])


def test_restore_of_an_untouched_report_gives_the_input_bytes(cleaned: Path) -> None:
    result = _restore()
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout_bytes == DUMP.encode("utf-8")


def _tamper_with_removed_text(record: dict) -> None:
    removal = next(r for r in record["removals"] if r["text"] == "Advertisement\n")
    removal["text"] = "Advertisemenx\n"  # same length, so the offsets still fit the clean text


def _claim_another_encoding(record: dict) -> None:
    assert record["encoding"] == "utf-8"
    record["encoding"] = "utf-16"  # re-encodes the same text to other bytes


@pytest.mark.parametrize("edit", [_tamper_with_removed_text, _claim_another_encoding], ids=["removed-text", "encoding"])
def test_restore_fails_in_one_line_when_the_rebuilt_bytes_miss_the_checksum(cleaned: Path, edit: Edit) -> None:
    _edit_report(cleaned, edit)
    result = _restore()
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert result.stdout_bytes == b""
    assert result.stderr.strip() == (
        "cleaner: out/page.txt: cannot restore: rebuilt text of page.txt does not match the checksum in the report"
    )


def _folder_cleaned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three pages cleaned into out/, their report holding a line for each and a cut-off last line."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for n in range(3):
        (tmp_path / "in" / f"page{n}.txt").write_text(DUMP.replace("Tuesday", f"day {n}"), encoding="utf-8")
    assert CliRunner().invoke(app, ["clean", "in", "-o", "out"]).exit_code == ExitCode.OK
    report = tmp_path / "out" / "cleaner-report.jsonl"
    with report.open("a", encoding="utf-8") as stream:
        stream.write('{"input": "in/page1.txt", "output": "')  # a run killed while it wrote this line
    return report


def test_restore_reads_only_the_report_lines_of_the_file_it_restores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _folder_cleaned(tmp_path, monkeypatch)
    mine = read_report_for(report, Path("out/page1.txt"))
    assert [Path(r.input).name for r in mine] == ["page1.txt"]
    result = CliRunner().invoke(app, ["restore", "out/page1.txt", str(report)])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout_bytes == (tmp_path / "in" / "page1.txt").read_bytes()


def test_a_moved_clean_file_still_restores_from_the_whole_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = _folder_cleaned(tmp_path, monkeypatch)
    (tmp_path / "out" / "page2.txt").rename(tmp_path / "moved.txt")
    assert len(read_report_for(report, Path("moved.txt"))) == 3
    result = CliRunner().invoke(app, ["restore", "moved.txt", str(report)])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout_bytes == (tmp_path / "in" / "page2.txt").read_bytes()
