"""What a run did, file by file: the JSON Lines report, the unified diff, and the exit code."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from enum import IntEnum
from functools import partial
from json.encoder import encode_basestring
from operator import attrgetter
from pathlib import Path

from cleaner._speedups import compiled
from cleaner.model.document import Kept, Removal
from cleaner.model.spans import restore_text
from cleaner.readers.encodings import decode_text, encode_text


class ExitCode(IntEnum):
    """The exit codes of every command, documented once here and in the README."""

    OK = 0
    """Every input was processed (and, for `check`, nothing would change)."""
    CHANGES = 1
    """`check`: some input would change."""
    USAGE = 2
    """Bad command line or configuration; nothing was processed."""
    INPUT_FAILED = 123
    """At least one input could not be processed; the others were."""


@dataclass(frozen=True)
class FileReport:
    """One line of `cleaner-report.jsonl`: an input, its output, and every removal."""

    input: str
    output: str | None = None
    sha256: str | None = None
    """Of the input's bytes."""
    encoding: str | None = None
    """The encoding the input was decoded with."""
    output_sha256: str | None = None
    output_encoding: str | None = None
    bytes_in: int = 0
    bytes_out: int = 0
    removals: tuple[Removal, ...] = ()
    error: str | None = None
    record: int | None = None
    """For a JSON Lines record: its line number in the file (the input is "FILE:LINE (id ID)")."""
    text_added: bool = False
    """For a JSON Lines record that had only HTML: cleaning added its text field."""
    text_sha256: str | None = None
    """For an HTML input: the checksum of the page's text (UTF-8), which is what the
    removals refer to and what `cleaner restore` rebuilds; None for text inputs."""
    empty: bool = False
    """The input holds no text (an empty file is common in scrapes and no error)."""
    warnings: tuple[str, ...] = ()
    """What the user should look at although nothing failed: a page that cleaning
    emptied, nesting cut at a depth."""
    kept: tuple[Kept, ...] = ()
    """Lines a rule wanted to remove and a keep-list saved; not removals, so restoring
    ignores them (reports written before keep-lists have none)."""
    kept_share: float | None = None
    """Share of the input's characters left in its output (`cleaner.report.assessment`);
    None for a failed input and in reports written before it was measured."""
    language: str | None = None
    """The output's language by its stopwords ("english", ..., "unknown")."""
    confidence: float | None = None
    """Estimated probability (0 to 1) that the output is the page's main content: route
    pages below a threshold to review or to another extractor."""

    @property
    def failed(self) -> bool:
        return self.error is not None

    @property
    def changed(self) -> bool:
        return bool(self.removals)

    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(map(_CODE, self.removals)).items()))

    def to_json(self) -> str:
        # Written in three pieces, the removals between: a report holds some 160 removals a
        # page, and writing each from cached pieces (`_removal_json`) is about twice as fast
        # as json.dumps over a dict made for it. The line is the same as dumping one record.
        # A run writes `to_line`, the same line in UTF-8, its removals written by the kernel.
        head, tail = self._head_and_tail()
        return f"{head}{_removals_json_py(self.removals)}{tail}"

    def to_line(self) -> bytes:
        """This record's line of the report as written: `to_json` and a line break, in UTF-8."""
        head, tail = self._head_and_tail()
        return _line(_utf8(head), self.removals, _utf8(tail + "\n"))

    def _head_and_tail(self) -> tuple[str, str]:
        """The line's JSON before the removals' members and after them."""
        head = {
            "input": self.input,
            "output": self.output,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "output_sha256": self.output_sha256,
            "output_encoding": self.output_encoding,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "counts": self.counts(),
        }
        tail: dict[str, object] = {"error": self.error}
        if self.record is not None:
            tail["record"] = self.record
        if self.text_added:
            tail["text_added"] = True
        if self.text_sha256 is not None:
            tail["kind"] = "html"
            tail["text_sha256"] = self.text_sha256
        if self.empty:
            tail["empty"] = True
        if self.warnings:
            tail["warnings"] = list(self.warnings)
        if self.kept:
            tail["kept"] = [k.to_dict() for k in self.kept]
        if self.kept_share is not None:
            tail["kept_share"] = self.kept_share
            tail["language"] = self.language
            tail["confidence"] = self.confidence
        return f'{_json(head)[:-1]}, "removals": [', f"], {_json(tail)[1:]}"

    def __reduce__(self) -> tuple[Callable[..., FileReport], tuple[object, ...]]:
        # Sent from a worker process with every removal: as a plain tuple each, which pickles
        # without a call to the named tuple's methods per removal and reads back in C.
        values = [getattr(self, name) for name in _FIELDS]
        values[_REMOVALS] = tuple(map(tuple, self.removals))
        return _sent_report, tuple(values)

    @classmethod
    def from_json(cls, line: str) -> FileReport:
        return cls.from_dict(json.loads(line))

    @classmethod
    def from_dict(cls, record: dict) -> FileReport:
        """A report line already parsed from JSON."""
        return cls(
            input=record["input"],
            output=record["output"],
            sha256=record["sha256"],
            encoding=record["encoding"],
            output_sha256=record["output_sha256"],
            output_encoding=record["output_encoding"],
            bytes_in=record["bytes_in"],
            bytes_out=record["bytes_out"],
            removals=tuple(Removal.from_dict(r) for r in record["removals"]),
            error=record["error"],
            record=record.get("record"),
            text_added=record.get("text_added", False),
            text_sha256=record.get("text_sha256"),
            empty=record.get("empty", False),
            warnings=tuple(record.get("warnings", ())),
            kept=tuple(Kept.from_dict(k) for k in record.get("kept", ())),
            kept_share=record.get("kept_share"),
            language=record.get("language"),
            confidence=record.get("confidence"),
        )


_CODE = attrgetter("code")
_FIELDS = tuple(f.name for f in fields(FileReport))
_REMOVALS = _FIELDS.index("removals")
_as_removal = partial(tuple.__new__, Removal)


def _sent_report(*values: object) -> FileReport:
    """A `FileReport` as `FileReport.__reduce__` sent it."""
    removals = tuple(map(_as_removal, values[_REMOVALS]))  # type: ignore[call-overload]
    return FileReport(*values[:_REMOVALS], removals, *values[_REMOVALS + 1 :])  # type: ignore[arg-type]


LISTED = 20
"""Empty inputs and warnings the summary names one by one; the rest are counted."""


@dataclass
class RunReport:
    """Counts over a whole run, and the exit code they imply.

    File records pass through it (to the report file, as the run goes) and are not
    kept, except failures, so a run over millions of records holds counts only.
    """

    documents: int = 0
    """Inputs and JSON Lines records taken, failed ones included."""
    records: int = 0
    """Of `documents`, the JSON Lines records."""
    changed: int = 0
    failed: list[FileReport] = field(default_factory=list)
    bytes_in: int = 0
    bytes_out: int = 0
    removals: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)
    check: bool = False
    """A check run: any change is a finding (exit 1)."""
    empty: int = 0
    warned: int = 0
    listed: list[FileReport] = field(default_factory=list)
    """The first `LISTED` empty inputs and inputs with warnings, for the summary."""
    interrupted: str | None = None
    """Why the run stopped before its last input (a signal, a report that could not be written)."""
    signal: int | None = None
    """The signal that stopped it, if one did."""

    def add(self, report: FileReport, removed: Iterable[tuple[str, str, int]] | None = None) -> None:
        """Count `report`; `removed`: its removals counted by rule (code, name, count), when
        the report was sent without them (`cleaner.run.worker.Outcome.removed`)."""
        self.documents += 1
        self.records += report.record is not None
        self.changed += report.changed if removed is None else bool(removed)
        self.bytes_in += report.bytes_in
        self.bytes_out += report.bytes_out
        if report.failed:
            self.failed.append(report)
        self.empty += report.empty
        self.warned += bool(report.warnings)
        if (report.empty or report.warnings) and len(self.listed) < LISTED:
            self.listed.append(report)
        if report.removals:
            # Counted in C (Counter over the codes), the rules' names looked up for new codes only.
            counted = Counter(map(_CODE, report.removals))
            self.removals.update(counted)
            for code in counted:  # in the order first seen, as the names were always added
                if code not in self.names:
                    self.names[code] = next(r.name for r in report.removals if r.code == code)
        for code, name, count in removed or ():
            self.removals[code] += count
            self.names.setdefault(code, name)

    def counts(self) -> dict[str, int]:
        """Removals per rule code over all files."""
        return dict(sorted(self.removals.items()))

    def rule_names(self) -> dict[str, str]:
        return dict(self.names)

    @property
    def exit_code(self) -> int:
        if self.signal is not None:
            return 128 + self.signal  # as shells report a process that a signal ended
        if self.failed or self.interrupted:
            return ExitCode.INPUT_FAILED
        return ExitCode.CHANGES if self.check and self.changed else ExitCode.OK


def read_report(text: str) -> list[FileReport]:
    """Parse the text of a `cleaner-report.jsonl`.

    A last line without its line break was cut off by a killed run; the output it
    describes was never made visible, so it is left out.
    """
    lines = text.split("\n")
    return [FileReport.from_json(line) for line in lines[:-1] if line.strip()]


def read_report_for(report: Path, clean: Path) -> list[FileReport]:
    """The records of the report at `report` that restoring `clean` uses, read a line at a
    time: those written to `clean` (a JSON Lines file's, `clean:N`), so that a report of
    many files is never held whole; when none was (a moved output), every record, as
    `rebuild_original` then looks among all. A last line cut off by a kill is left out."""
    target = clean.resolve()
    resolved: dict[str, Path] = {}
    mine: list[FileReport] = []
    with report.open(encoding="utf-8", newline="\n") as lines:
        for line in lines:
            if not line.endswith("\n") or not line.strip():
                continue
            record = json.loads(line)
            output = record.get("output")
            if not isinstance(output, str):
                continue
            path, _, number = output.rpartition(":")
            names = (output, path) if number.isdigit() and path else (output,)
            if any(_resolved(name, resolved) == target for name in names):
                mine.append(FileReport.from_dict(record))
    return mine or read_report(report.read_text(encoding="utf-8"))


def _resolved(name: str, seen: dict[str, Path]) -> Path:
    # A JSON Lines output names its file once per record: resolved once.
    if name not in seen:
        seen[name] = Path(name).resolve()
    return seen[name]


def earlier_originals(records: Iterable[FileReport]) -> Callable[[Path, bytes], bytes]:
    """For a run in place over files that earlier runs of the same report cleaned (one
    perhaps killed halfway): a function giving each file's bytes as they were before
    those runs, so that the learn pass counts the pages as they were and the re-run
    cleans them as an uninterrupted first run would have. Other files come back as they are."""
    by_path: dict[Path, list[FileReport]] = {}
    for record in records:
        if record.output and not record.failed and record.record is None and record.output_sha256 != record.sha256:
            by_path.setdefault(Path(record.output).resolve(), []).append(record)

    def original(path: Path, data: bytes) -> bytes:
        mine = by_path.get(path.resolve())
        if not mine:
            return data
        try:
            return rebuild_original(data, mine, path)[0]
        except (RestoreError, ValueError, UnicodeError):
            return data

    return original


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file, after resolving links and `..`."""
    return a.resolve() == b.resolve()


# C1 controls (U+009B starts an escape sequence on some terminals), DEL, line and
# paragraph separators (`str.splitlines` breaks at U+0085, U+2028, U+2029), bidi
# overrides that reorder what a terminal shows, and lone surrogates. json.dumps
# escapes the C0 controls itself.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def escape_json_controls(text: str) -> str:
    """JSON text with the characters a terminal or a line reader would act on written as `\\uXXXX`.

    JSON allows them raw inside strings, but a JSON Lines file must stay one record a
    line and a report printed to a terminal must not drive it; the escaped text reads
    back as the same strings.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _json(value: object) -> str:
    """`value` as the report writes it: JSON with terminal controls escaped."""
    return _escaped(_ENCODER.encode(value))


_ENCODER = json.JSONEncoder(ensure_ascii=False)
"""What json.dumps(value, ensure_ascii=False) makes anew for each call."""


def _json_string(text: str) -> str:
    return _escaped(encode_basestring(text))


def _escaped(encoded: str) -> str:
    # Every character escape_json_controls escapes but DEL is outside ASCII, and most
    # text is ASCII: two scans in C instead of the regular expression's.
    if encoded.isascii() and "\x7f" not in encoded:
        return encoded
    return escape_json_controls(encoded)


_RULE_JSON: dict[tuple[str, str], str] = {}
"""The "rule" and "name" members of a removal, written once per rule."""


def _rule_json(code: str, name: str) -> str:
    """A removal's "rule" and "name" members, written once per rule (`_RULE_JSON`)."""
    rule = _RULE_JSON[code, name] = f'"rule": {_json_string(code)}, "name": {_json_string(name)}'
    return rule


def _removal_json(removal: Removal) -> str:
    """`_json(removal.to_dict())`, from pieces: the rule's cached, the integers by `repr` as
    json.dumps writes them, each string by the encoder json.dumps uses."""
    rule = _RULE_JSON.get((removal.code, removal.name))
    if rule is None:
        rule = _rule_json(removal.code, removal.name)
    written = (
        f'{{"start": {removal.start!r}, "end": {removal.end!r}, "line": {removal.line!r}, "column": {removal.column!r}, {rule}, '
        f'"reason": {_json_string(removal.reason)}, "text": {_json_string(removal.text)}'
    )
    if removal.element:
        written += f', "element": {_json_string(removal.element)}'
    if removal.source_line:
        written += f', "source_line": {removal.source_line!r}, "source_column": {removal.source_column!r}'
    return written + "}"


def _removals_json_py(removals: tuple[Removal, ...]) -> str:
    """The removals' members of a report line: `_removal_json` of each, joined by ", "."""
    return ", ".join(map(_removal_json, removals))


def _utf8(text: str) -> bytes:
    # A lone surrogate (JSON records may hold "\ud800") is written as that escape,
    # which JSON readers turn back into the same character.
    return text.encode("utf-8", "backslashreplace")


def _line_py(head: bytes, removals: tuple[Removal, ...], tail: bytes) -> bytes:
    """A report line in UTF-8: `head`, the removals' members (`_removals_json_py`), `tail`.

    (`_line` is its compiled twin, `cleaner._speedups.report_json`, when built: it writes the
    removals straight into the line's bytes.)"""
    return head + _utf8(_removals_json_py(removals)) + tail


_RULE_LINE: dict[tuple[str, str], bytes] = {}
"""`_RULE_JSON`'s pieces in UTF-8, for the compiled writer."""


def _rule_line(code: str, name: str) -> bytes:
    rule = _RULE_LINE[code, name] = _utf8(_rule_json(code, name))
    return rule


def _written(text: str) -> bytes:
    """`text` as a report line writes a string, without its quotes, in UTF-8."""
    return _utf8(_json_string(text)[1:-1])


_report_json_kernel = compiled("report_json")
_line: Callable[[bytes, tuple[Removal, ...], bytes], bytes] = (
    partial(_report_json_kernel.report_line, rules=_RULE_LINE, rule_line=_rule_line, written=_written)
    if _report_json_kernel
    else _line_py
)


class RestoreError(Exception):
    """The report holds no record that rebuilds the given clean file."""


def rebuild_original(
    clean: bytes, records: Iterable[FileReport], path: Path | None = None
) -> tuple[bytes, FileReport]:
    """The original bytes of a clean file, from the report records of the runs that made it.

    The record is found by the clean file's checksum, among the records written to
    `path` when there are any (two inputs can clean to the same text), else among all,
    so a moved output still restores. After a file was cleaned in place several
    times, the records are undone one after another, newest first. The result is
    checked against the input's checksum; an HTML input's clean text rebuilds to the
    page's text, checked against `text_sha256`.
    """
    records = [r for r in records if not r.failed and r.output_sha256]
    if path is not None:
        written_here = [r for r in records if r.output and same_file(Path(r.output), path)]
        records = written_here or records
    # A record whose output is its input changed nothing and cannot lead further back.
    candidates = [r for r in records if r.output_sha256 != r.sha256]
    current, first = clean, None
    while True:
        digest = hashlib.sha256(current).hexdigest()
        match = next((r for r in reversed(candidates) if r.output_sha256 == digest), None)
        if match is None:
            break
        candidates.remove(match)
        text = restore_text(decode_text(current, match.output_encoding or "utf-8"), match.removals)
        if match.text_sha256 is not None:
            # An HTML input rebuilds to its page's text; its markup was never rewritten.
            current = text.encode("utf-8")
            if hashlib.sha256(current).hexdigest() != match.text_sha256:
                raise RestoreError(f"rebuilt text of {match.input} does not match the page-text checksum in the report")
            first = first or match
            break
        current = encode_text(text, match.encoding or "utf-8")
        if hashlib.sha256(current).hexdigest() != match.sha256:
            raise RestoreError(f"rebuilt text of {match.input} does not match the checksum in the report")
        first = first or match
    if first is None:
        digest = hashlib.sha256(clean).hexdigest()
        first = next((r for r in records if r.output_sha256 == digest), None)
    if first is None:
        raise RestoreError("no record in the report has this file's checksum as its output")
    return current, first
