"""How `clean` and `check` print their findings: text for people, json/jsonl for programs, GitHub annotations.

Every format writes plain strings: scraped text is never read as markup, and JSON
escapes what a terminal or a JSON Lines reader would take for a line break.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from typing import TextIO

from cleaner.document import Removal
from cleaner.report import FileReport, RunReport, escape_json_controls
from cleaner.text import printable


class OutputFormat(str, Enum):
    """What `--output-format` accepts."""

    TEXT = "text"
    JSON = "json"
    JSONL = "jsonl"
    GITHUB = "github"


def span(removal: Removal) -> dict[str, int]:
    """Where a removal is: character offsets, and line/column of its start and of its (exclusive) end."""
    lines = removal.text.split("\n")
    end_line = removal.line + len(lines) - 1
    end_column = removal.column + len(lines[0]) if len(lines) == 1 else len(lines[-1]) + 1
    return {
        "start": removal.start,
        "end": removal.end,
        "line": removal.line,
        "column": removal.column,
        "end_line": end_line,
        "end_column": end_column,
    }


def removal_record(report: FileReport, removal: Removal) -> dict[str, object]:
    """One removal, as json and jsonl carry it; from an HTML page, also its element."""
    record: dict[str, object] = {
        "file": report.input,
        "rule": removal.code,
        "name": removal.name,
        **span(removal),
        "text": removal.text,
        "reason": removal.reason,
    }
    if removal.element:
        record["element"] = removal.element
    return record


def file_record(report: FileReport) -> dict[str, object]:
    return {
        "file": report.input,
        "output": report.output,
        "changed": report.changed,
        "error": report.error,
        "removals": [removal_record(report, r) for r in report.removals],
    }


def summary_record(run: RunReport) -> dict[str, object]:
    return {
        "files": run.documents,
        "changed": run.changed,
        "failed": len(run.failed),
        "removals": run.counts(),
        "exit_code": int(run.exit_code),
    }


def github_annotations(report: FileReport, check: bool) -> Iterator[str]:
    """GitHub Actions workflow commands: a warning per removal in check mode (a notice when
    cleaning), an error per failed input."""
    path = printable(_annotation_path(report))
    if report.error:
        yield f"::error file={_property(path)},title=cleaner::{_data(printable(report.error))}"
        return
    level = "warning" if check else "notice"
    for removal in report.removals:
        title = _property(printable(f"cleaner {removal.code} {removal.name}"))
        if report.record:
            # A JSON Lines record is one line of its file: annotate that line.
            where = f"line={report.record}"
        else:
            # GitHub's endLine is inclusive: the line of the last removed character, not the line break's next.
            end_line = removal.line + removal.text.rstrip("\r\n").count("\n")
            where = f"line={removal.line},col={removal.column},endLine={end_line}"
        yield f"::{level} file={_property(path)},{where},title={title}::{_data(printable(removal.reason))}"


class Printer:
    """Prints each file's findings as the run goes, and what comes at the end, in one format."""

    def __init__(self, output_format: OutputFormat, stream: TextIO, check: bool = False) -> None:
        self.format = output_format
        self.stream = stream
        self.check = check
        self._files: list[dict[str, object]] = []

    def file_done(self, report: FileReport) -> None:
        if self.format is OutputFormat.JSON:
            self._files.append(file_record(report))
        elif self.format is OutputFormat.JSONL:
            if report.error:
                self._line({"file": report.input, "error": report.error})
            for removal in report.removals:
                self._line(removal_record(report, removal))
        elif self.format is OutputFormat.GITHUB:
            for annotation in github_annotations(report, self.check):
                self.stream.write(annotation + "\n")
        elif self.check and report.changed:
            self.stream.write(f"would clean {printable(report.input)} ({_counts(report)})\n")

    def finish(self, run: RunReport) -> None:
        if self.format is OutputFormat.JSON:
            document = {"files": self._files, "summary": summary_record(run)}
            self.stream.write(escape_json_controls(json.dumps(document, ensure_ascii=False, indent=1)) + "\n")

    def _line(self, record: dict[str, object]) -> None:
        self.stream.write(escape_json_controls(json.dumps(record, ensure_ascii=False)) + "\n")


def statistics(run: RunReport) -> Iterator[str]:
    """ruff's --statistics: count, code and name per rule, most frequent first."""
    names = run.rule_names()
    for code, count in sorted(run.counts().items(), key=lambda item: (-item[1], item[0])):
        yield f"{count:>7}\t{code}\t{names[code]}"


def _counts(report: FileReport) -> str:
    return ", ".join(f"{code} x{count}" for code, count in report.counts().items())


def _annotation_path(report: FileReport) -> str:
    # A JSON Lines record is "scrape.jsonl:17 (id x)": annotate the file, at the record's line.
    return report.input[: report.input.rfind(f":{report.record}")] if report.record else report.input


def _data(text: str) -> str:
    """Escape a workflow command's message (GitHub's rules: %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value (also ':' and ',')."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
