"""How `clean` and `check` print their findings: concise or full lines for people,
json/jsonl for programs, GitHub annotations for a workflow.

Every format writes plain strings: scraped text is never read as markup, and JSON
escapes what a terminal or a JSON Lines reader would take for a line break.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import Enum
from typing import TextIO

from cleaner.model.document import Removal
from cleaner.report.model import FileReport, RunReport, escape_json_controls
from cleaner.text import plural, printable


class OutputFormat(str, Enum):
    """What `--output-format` accepts."""

    CONCISE = "concise"
    FULL = "full"
    JSON = "json"
    JSONL = "jsonl"
    GITHUB = "github"
    TEXT = "text"
    """Deprecated: what the default was called when it printed a line per changed file;
    it now means the default (concise)."""


class ListingFormat(str, Enum):
    """What `--output-format` of `rules` and `explain` accepts."""

    TEXT = "text"
    JSON = "json"


FULL_LINES = 4
"""Lines of removed text `full` shows per removal: enough to recognise a menu or a
paragraph; the rest is counted."""
FULL_WIDTH = 100
"""Characters `full` shows of a removed line; a scraped line can hold a whole article."""
ANNOTATIONS_PER_FILE = 10
"""GitHub shows about ten annotations of a kind per step: more for one file would only
hide the other files' ones."""
ANNOTATIONS_PER_RUN = 50
"""GitHub keeps at most 50 annotations per job; lines past that show nowhere but in a
log nobody scrolls, so the rest are counted in one notice instead."""


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
    if removal.source_line:
        record["source_line"] = removal.source_line
        record["source_column"] = removal.source_column
    return record


def file_record(report: FileReport) -> dict[str, object]:
    record: dict[str, object] = {
        "file": report.input,
        "output": report.output,
        "changed": report.changed,
        "error": report.error,
    }
    if report.kept_share is not None:
        # What the report line tells of the page as a whole, for routing doubtful pages.
        record.update(kept_share=report.kept_share, language=report.language, confidence=report.confidence)
    record["removals"] = [removal_record(report, r) for r in report.removals]
    return record


def summary_record(run: RunReport) -> dict[str, object]:
    return {
        "files": run.documents,
        "changed": run.changed,
        "failed": len(run.failed),
        "removals": run.counts(),
        "exit_code": int(run.exit_code),
    }


def location(report: FileReport, removal: Removal) -> tuple[str, int, int]:
    """Where an editor or a CI annotation should point for a removal: the file, and the
    line and column in it.

    A JSON Lines record is its line of the .jsonl file. An HTML page's removal is
    where its text sits in the page's source, when it was found there (else the page's
    first line): its `line` counts lines of the page's text, not of the file.
    """
    if report.record:
        return _annotation_path(report), report.record, 1
    if removal.source_line:
        return report.input, removal.source_line, removal.source_column
    if report.text_sha256 is not None:
        return report.input, 1, 1
    return report.input, removal.line, removal.column


def concise_line(report: FileReport, removal: Removal) -> str:
    """`path:line:col: CODE name: reason`, the line compilers and linters print."""
    path, line, column = location(report, removal)
    return printable(f"{path}:{line}:{column}: {removal.code} {removal.name}: {removal.reason}")


def removed_lines(text: str) -> list[str]:
    """The removed text as `full` shows it: a few lines, each cut short, escaped, and
    whitespace spelled out (a removed run of spaces would otherwise show as nothing)."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the line break that ends the last line
    shown = []
    for line in lines[:FULL_LINES]:
        line = line.removesuffix("\r")
        if not line.strip():
            shown.append(repr(line))
        elif len(line) > FULL_WIDTH:
            shown.append(printable(line[:FULL_WIDTH]) + f"… ({len(line):,} characters)")
        else:
            shown.append(printable(line))
    if len(lines) > FULL_LINES:
        shown.append(f"… {plural(len(lines) - FULL_LINES, 'more line')}")
    return shown


def github_annotations(report: FileReport, check: bool, limit: int | None = None) -> Iterator[str]:
    """GitHub Actions workflow commands: a warning per removal in check mode (a notice when
    cleaning), at most `limit` of them, and an error per failed input."""
    path = printable(_annotation_path(report))
    if report.error:
        yield f"::error file={_property(path)},title=cleaner::{_data(printable(report.error))}"
        return
    level = "warning" if check else "notice"
    for removal in report.removals[:limit]:
        title = _property(printable(f"cleaner {removal.code} {removal.name}"))
        _, line, column = location(report, removal)
        if report.record or removal.source_line or report.text_sha256 is not None:
            # One place in the file: a record's line, or where a page's removed text starts.
            where = f"line={line}" if report.record else f"line={line},col={column}"
        else:
            # GitHub's endLine is inclusive: the line of the last removed character, not the line break's next.
            end_line = removal.line + removal.text.rstrip("\r\n").count("\n")
            where = f"line={line},col={column},endLine={end_line}"
        yield f"::{level} file={_property(path)},{where},title={title}::{_data(printable(removal.reason))}"


class Printer:
    """Prints each file's findings as the run goes, and what comes at the end, in one format.

    `chosen` says the user asked for the format: concise, the default, lists removals
    under `check` only unless chosen, since after `clean` the summary says enough.
    """

    def __init__(self, output_format: OutputFormat, stream: TextIO, check: bool = False, chosen: bool = True) -> None:
        self.format = OutputFormat.CONCISE if output_format is OutputFormat.TEXT else output_format
        self.stream = stream
        self.check = check
        self._lists = check or (chosen and output_format is not OutputFormat.TEXT)
        self._files: list[dict[str, object]] = []
        self.prints_removals = self._lists or self.format in (OutputFormat.JSON, OutputFormat.JSONL, OutputFormat.GITHUB)
        """Whether removals are printed, so that an HTML page's ones are worth locating in its source."""
        self._annotated = 0
        self._left_off = 0
        self._left_off_files = 0

    def file_done(self, report: FileReport) -> None:
        if self.format is OutputFormat.JSON:
            self._files.append(file_record(report))
        elif self.format is OutputFormat.JSONL:
            if report.error:
                self._line({"file": report.input, "error": report.error})
            for removal in report.removals:
                self._line(removal_record(report, removal))
        elif self.format is OutputFormat.GITHUB:
            self._annotate(report)
        elif self._lists:
            for removal in report.removals:
                self.stream.write(concise_line(report, removal) + "\n")
                if self.format is OutputFormat.FULL:
                    self.stream.write("".join(f"    | {line}\n" for line in removed_lines(removal.text)) + "\n")

    def finish(self, run: RunReport) -> None:
        if self.format is OutputFormat.JSON:
            document = {"files": self._files, "summary": summary_record(run)}
            self.stream.write(escape_json_controls(json.dumps(document, ensure_ascii=False, indent=1)) + "\n")
        elif self.format is OutputFormat.GITHUB and self._left_off:
            self.stream.write(
                f"::notice title=cleaner::{plural(self._left_off, 'more removal')} in {plural(self._left_off_files, 'file')} not annotated "
                f"(at most {ANNOTATIONS_PER_FILE} a file, {ANNOTATIONS_PER_RUN} a run); "
                + ("cleaner check --output-format concise lists them all\n" if self.check else "the report lists them all\n")
            )

    def _annotate(self, report: FileReport) -> None:
        room = max(0, min(ANNOTATIONS_PER_FILE, ANNOTATIONS_PER_RUN - self._annotated))
        for annotation in github_annotations(report, self.check, room):
            self.stream.write(annotation + "\n")
        shown = min(room, len(report.removals))
        self._annotated += shown
        if len(report.removals) > shown:
            self._left_off += len(report.removals) - shown
            self._left_off_files += 1

    def _line(self, record: dict[str, object]) -> None:
        self.stream.write(escape_json_controls(json.dumps(record, ensure_ascii=False)) + "\n")


def statistics(run: RunReport) -> Iterator[str]:
    """ruff's --statistics: count, code and name per rule, most frequent first."""
    names = run.rule_names()
    for code, count in sorted(run.counts().items(), key=lambda item: (-item[1], item[0])):
        yield f"{count:>7}\t{code}\t{names[code]}"


def _annotation_path(report: FileReport) -> str:
    # A JSON Lines record is "scrape.jsonl:17 (id x)": annotate the file, at the record's line.
    return report.input[: report.input.rfind(f":{report.record}")] if report.record else report.input


def _data(text: str) -> str:
    """Escape a workflow command's message (GitHub's rules: %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a workflow command's property value (also ':' and ',')."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
