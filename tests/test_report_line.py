"""The report's line for an input is written from pieces; it must read as one JSON record
of the documented fields, byte for byte what json.dumps of that record writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.model.document import Kept, Removal
from cleaner.report import model
from cleaner.report.model import FileReport, escape_json_controls

# Text a removal can hold, hostile characters often: controls, separators, bidi overrides, lone surrogates.
_TEXT = st.text(st.one_of(st.characters(), st.sampled_from("\x00\n\t\"\\\x7f\x85\x9f\u2028\u2029\u202e\u2066\ud800\udfff é—©")))
_NUMBER = st.integers(min_value=0, max_value=10**12)

_REMOVAL = st.builds(
    Removal,
    start=_NUMBER,
    end=_NUMBER,
    text=_TEXT,
    code=st.sampled_from(["UI01", "BC01", "TP01", "X\u202e"]),
    name=st.sampled_from(["ui-phrase", "boilerplate-block", "n\x85"]),
    reason=_TEXT,
    line=_NUMBER,
    column=_NUMBER,
    element=st.one_of(st.just(""), _TEXT),
    source_line=st.one_of(st.just(0), _NUMBER),
    source_column=_NUMBER,
).map(lambda r: r if r.source_line else r._replace(source_column=0))  # a column is written only with its line


def _dumped(report: FileReport) -> str:
    """The line as one json.dumps of the record writes it."""
    record: dict[str, object] = {
        "input": report.input,
        "output": report.output,
        "sha256": report.sha256,
        "encoding": report.encoding,
        "output_sha256": report.output_sha256,
        "output_encoding": report.output_encoding,
        "bytes_in": report.bytes_in,
        "bytes_out": report.bytes_out,
        "counts": report.counts(),
        "removals": [r.to_dict() for r in report.removals],
        "error": report.error,
    }
    if report.record is not None:
        record["record"] = report.record
    if report.text_added:
        record["text_added"] = True
    if report.text_sha256 is not None:
        record["kind"] = "html"
        record["text_sha256"] = report.text_sha256
    if report.empty:
        record["empty"] = True
    if report.warnings:
        record["warnings"] = list(report.warnings)
    if report.kept:
        record["kept"] = [k.to_dict() for k in report.kept]
    if report.kept_share is not None:
        record["kept_share"] = report.kept_share
        record["language"] = report.language
        record["confidence"] = report.confidence
    return escape_json_controls(json.dumps(record, ensure_ascii=False))


@given(
    name=_TEXT,
    removals=st.lists(_REMOVAL, max_size=4),
    error=st.one_of(st.none(), _TEXT),
    record=st.one_of(st.none(), _NUMBER),
    text_sha256=st.one_of(st.none(), st.just("ab" * 32)),
    warnings=st.lists(_TEXT, max_size=2),
    kept=st.lists(st.builds(Kept, line=_NUMBER, text=_TEXT, code=st.just("UI01"), name=st.just("ui-phrase"), reason=_TEXT, keep=_TEXT, selector=st.booleans()), max_size=2),
    flags=st.tuples(st.booleans(), st.booleans()),
    assessed=st.one_of(st.none(), st.tuples(st.floats(0, 1), st.sampled_from(["english", "unknown", "x\u202e"]), st.floats(0, 1))),
)
def test_a_report_line_is_what_dumping_its_record_writes(
    name: str,
    removals: list[Removal],
    error: str | None,
    record: int | None,
    text_sha256: str | None,
    warnings: list[str],
    kept: list[Kept],
    flags: tuple[bool, bool],
    assessed: tuple[float, str, float] | None,
) -> None:
    kept_share, language, confidence = assessed or (None, None, None)
    report = FileReport(
        input=name,
        output=None if error else name + ".out",
        sha256="0" * 64,
        encoding="utf-8",
        bytes_in=len(name),
        removals=tuple(removals),
        error=error,
        record=record,
        text_added=flags[0],
        text_sha256=text_sha256,
        empty=flags[1],
        warnings=tuple(warnings),
        kept=tuple(kept),
        kept_share=kept_share,
        language=language,
        confidence=confidence,
    )
    line = report.to_json()
    assert line == _dumped(report)
    assert "\n" not in line and FileReport.from_json(line) == report
    assert report.to_line() == (line + "\n").encode("utf-8", "backslashreplace")


# Mostly ASCII, as most report strings are, with the escapes JSON makes there (controls,
# quote, backslash, DEL) and the characters only the report's own escaping handles.
_MOSTLY_ASCII = st.lists(
    st.one_of(
        st.sampled_from(list("ab Z09.\n\r\t\b\f\x00\x01\x1f\"\\/\x7f")),
        st.sampled_from(["é", "—", "\x85", "\x9f", "\u2028", "\u200e", "\u202a", "\u2069", "\ud800", "中", "\U0001f600"]),
    ),
    max_size=30,
).map("".join)
_KERNEL_REMOVAL = _REMOVAL.map(lambda r: r._replace(text=r.text[:20])) | st.builds(
    Removal,
    start=_NUMBER,
    end=_NUMBER,
    text=_MOSTLY_ASCII,
    code=st.sampled_from(["UI01", "TP01"]),
    name=st.sampled_from(["ui-phrase", "site-template"]),
    reason=_MOSTLY_ASCII,
    line=_NUMBER,
    column=_NUMBER,
    element=st.one_of(st.just(""), _MOSTLY_ASCII),
    source_line=st.one_of(st.just(0), _NUMBER),
    source_column=_NUMBER,
)


@given(st.lists(_KERNEL_REMOVAL, max_size=6).map(tuple), _MOSTLY_ASCII)
def test_compiled_line_writer_gives_the_python_one(removals: tuple[Removal, ...], name: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.report_json")
    head, tail = FileReport(input=name, removals=removals)._head_and_tail()
    pieces = (model._utf8(head), removals, model._utf8(tail + "\n"))
    written = compiled.report_line(*pieces, rules=model._RULE_LINE, rule_line=model._rule_line, written=model._written)
    assert written == model._line_py(*pieces)


def test_compiled_line_writer_writes_offsets_beyond_a_machine_word_as_python_does() -> None:
    compiled = pytest.importorskip("cleaner._speedups.report_json")
    removal = Removal(start=-(2**63), end=2**64 + 1, text="x", code="UI01", name="ui-phrase", reason="r", line=2**63 - 1, column=0)
    pieces = (b"{", (removal,), b"}")
    written = compiled.report_line(*pieces, rules=model._RULE_LINE, rule_line=model._rule_line, written=model._written)
    assert written == model._line_py(*pieces)


def test_pure_python_setting_leaves_the_compiled_line_writer_unused() -> None:
    code = "import cleaner.report.model as m; print(m._line is m._line_py)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, check=True)
    assert found.stdout.strip() == "True"
