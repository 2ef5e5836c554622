"""The output formats of `clean` and `check`: concise and full for people, github for a workflow."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cleaner.model.document import Removal
from cleaner.report.formats import ANNOTATIONS_PER_FILE, ANNOTATIONS_PER_RUN, FULL_LINES, FULL_WIDTH, OutputFormat, Printer
from cleaner.report.model import ExitCode, FileReport, RunReport
from tests.cli_runs import invoke

DIRTY = "Bridge to close\nThe council voted on Tuesday to close the bridge for a year.\nAdvertisement\nThe mayor said repairs start in May.\n"

pytestmark = pytest.mark.usefixtures("in_tmp")


def _removal(line: int, text: str = "Advertisement\n", code: str = "UI01", name: str = "ui-phrase") -> Removal:
    return Removal(0, len(text), text, code, name, "whole line is a UI phrase", line, 1)


def _printed(output_format: OutputFormat, reports: list[FileReport], check: bool = True, chosen: bool = True) -> str:
    stream = io.StringIO()
    printer = Printer(output_format, stream, check=check, chosen=chosen)
    run = RunReport(check=check)
    for report in reports:
        printer.file_done(report)
        run.add(report)
    printer.finish(run)
    return stream.getvalue()


def _dump() -> None:
    Path("dumps").mkdir()
    Path("dumps/b.txt").write_text(DIRTY, encoding="utf-8")


def test_check_prints_a_concise_line_per_removal_by_default() -> None:
    _dump()
    result = invoke("check", "dumps")
    assert result.exit_code == ExitCode.CHANGES
    assert result.stdout == "dumps/b.txt:3:1: UI01 ui-phrase: whole line is the UI phrase 'advertisement' (en advertisement)\n"


def test_clean_lists_no_removal_unless_concise_is_asked_for() -> None:
    _dump()
    assert invoke("clean", "dumps", "-o", "out").stdout == ""
    asked = invoke("clean", "dumps", "-o", "out2", "--output-format", "concise")
    assert asked.exit_code == ExitCode.OK
    assert asked.stdout.startswith("dumps/b.txt:3:1: UI01 ui-phrase: ")


def test_text_still_works_as_the_deprecated_name_of_the_default() -> None:
    _dump()
    checked = invoke("check", "dumps", "--output-format", "text")
    assert checked.stdout.startswith("dumps/b.txt:3:1: UI01 ui-phrase: ")
    assert 'output format "text" is deprecated' in checked.stderr
    assert invoke("check", "dumps", "--output-format", "text", "-q").stderr == ""
    Path("cleaner.toml").write_text('output-format = "text"\n', encoding="utf-8")
    cleaned = invoke("clean", "dumps", "-o", "out")
    assert cleaned.exit_code == ExitCode.OK and cleaned.stdout == ""


def test_concise_names_a_json_lines_record_by_its_file_and_line() -> None:
    report = FileReport("scrape.jsonl:17 (id a:1)", removals=(_removal(3),), record=17)
    assert _printed(OutputFormat.CONCISE, [report]) == "scrape.jsonl:17:1: UI01 ui-phrase: whole line is a UI phrase\n"


def test_full_shows_the_removed_text_under_each_line_cut_short_and_escaped() -> None:
    long_line = "menu " * 40
    lines = [long_line, "\x1b[2Jhome", *[f"item {n}" for n in range(FULL_LINES + 3)]]
    removal = _removal(2, "\n".join(lines) + "\n", "HT02", "link-list")
    blank = Removal(200, 203, "   ", "WS01", "trailing-whitespace", "3 whitespace characters at the end of the line", 9, 4)
    printed = _printed(OutputFormat.FULL, [FileReport("a.txt", removals=(removal, blank))]).split("\n")
    assert printed[0] == "a.txt:2:1: HT02 link-list: whole line is a UI phrase"
    assert printed[1] == f"    | {long_line[:FULL_WIDTH]}… ({len(long_line)} characters)"
    assert printed[2] == "    | \\x1b[2Jhome"
    assert printed[1 + FULL_LINES] == f"    | … {len(lines) - FULL_LINES} more lines"
    assert printed[2 + FULL_LINES : 6 + FULL_LINES] == ["", "a.txt:9:4: WS01 trailing-whitespace: 3 whitespace characters at the end of the line", "    | '   '", ""]


def test_github_annotates_at_most_ten_removals_a_file_and_counts_the_rest_in_one_notice() -> None:
    many = FileReport("big.txt", removals=tuple(_removal(n) for n in range(1, 26)))
    few = FileReport("small.txt", removals=(_removal(4),))
    other = FileReport("other.txt", removals=tuple(_removal(n) for n in range(1, 13)))
    lines = _printed(OutputFormat.GITHUB, [many, few, other]).splitlines()
    assert sum(line.startswith("::warning file=big.txt,") for line in lines) == ANNOTATIONS_PER_FILE
    assert sum(line.startswith("::warning file=small.txt,") for line in lines) == 1
    assert sum(line.startswith("::warning file=other.txt,") for line in lines) == ANNOTATIONS_PER_FILE
    assert lines[-1].startswith("::notice title=cleaner::17 more removals in 2 files not annotated")
    assert len(lines) == 2 * ANNOTATIONS_PER_FILE + 2


def test_github_stops_annotating_at_the_run_limit() -> None:
    reports = [FileReport(f"f{n}.txt", removals=(_removal(1), _removal(2))) for n in range(ANNOTATIONS_PER_RUN)]
    lines = _printed(OutputFormat.GITHUB, reports).splitlines()
    assert sum(line.startswith("::warning") for line in lines) == ANNOTATIONS_PER_RUN
    assert lines[-1].startswith(f"::notice title=cleaner::{ANNOTATIONS_PER_RUN} more removals in {ANNOTATIONS_PER_RUN // 2} files")


def test_github_prints_no_summary_when_every_removal_was_annotated() -> None:
    lines = _printed(OutputFormat.GITHUB, [FileReport("a.txt", removals=(_removal(1),))]).splitlines()
    assert len(lines) == 1 and lines[0].startswith("::warning file=a.txt,line=1,col=1,endLine=1,")


def test_github_annotates_every_failed_input_as_an_error() -> None:
    reports = [FileReport("big.txt", removals=tuple(_removal(n) for n in range(1, ANNOTATIONS_PER_RUN + 5))), FileReport("bad.txt", error="binary file")]
    lines = _printed(OutputFormat.GITHUB, reports).splitlines()
    assert "::error file=bad.txt,title=cleaner::binary file" in lines


def test_github_summary_after_clean_points_at_the_report() -> None:
    many = FileReport("big.txt", removals=tuple(_removal(n) for n in range(1, ANNOTATIONS_PER_FILE + 3)))
    lines = _printed(OutputFormat.GITHUB, [many], check=False).splitlines()
    assert lines[0].startswith("::notice file=big.txt,")
    assert lines[-1] == (
        f"::notice title=cleaner::2 more removals in 1 file not annotated (at most {ANNOTATIONS_PER_FILE} a file, "
        f"{ANNOTATIONS_PER_RUN} a run); the report lists them all"
    )
