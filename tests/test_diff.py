from __future__ import annotations

import difflib
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.engine.pipeline import clean_text
from cleaner.model.document import Removal
from cleaner.report import diff
from cleaner.report.diff import unified_diff
from tests.dumps import dumps


def _sides(diff: str) -> tuple[str, str]:
    """Both texts rebuilt from a one-hunk diff (the final-newline marker undone)."""
    old, new = [], []
    lines = diff.split("\n")[2:]
    for index, line in enumerate(lines):
        if line.startswith(("@@", "\\")):
            continue
        text = line[1:] + "\n"
        if index + 1 < len(lines) and lines[index + 1].startswith("\\ No newline"):
            text = line[1:]
        if line[:1] in (" ", "-"):
            old.append(text)
        if line[:1] in (" ", "+"):
            new.append(text)
    return "".join(old), "".join(new)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps())
def test_diff_with_full_context_holds_both_texts(text: str) -> None:
    text = text.replace("\r", "")
    result = clean_text(text)
    if not result.changed:
        return
    diff = unified_diff(text, result.text, result.removals, "in.txt", "out.txt", context=10**6)
    assert _sides(diff) == (text, result.text)


def test_diff_shows_the_second_copy_of_a_headline_removed() -> None:
    text = "Bridge to close for a year\n\nBridge to close for a year\nThe council voted.\n"
    result = clean_text(text)
    diff = unified_diff(text, result.text, result.removals, "in.txt", "out.txt")
    assert diff.splitlines()[2:] == [
        "@@ -1,4 +1,3 @@",
        " Bridge to close for a year",
        " ",
        "-Bridge to close for a year",
        " The council voted.",
    ]


def test_diff_marks_a_partly_cleaned_last_line_without_line_break() -> None:
    text = "Intro.\nLast line   "
    result = clean_text(text)
    diff = unified_diff(text, result.text, result.removals, "in.txt", "out.txt")
    assert diff.endswith("-Last line   \n\\ No newline at end of file\n+Last line\n\\ No newline at end of file\n")


def test_diff_of_removals_that_do_not_make_the_clean_text_is_the_line_differs() -> None:
    # Removals that do not add up to the clean text cannot place its lines; a line differ can.
    text, clean = "Home\nThe council voted.\nShare\n", "The council voted.\n"
    removals = clean_text("Home\nThe council voted.\n").removals
    expected = "".join(difflib.unified_diff(text.splitlines(True), clean.splitlines(True), "a/in.txt", "b/out.txt"))
    assert unified_diff(text, clean, removals, "in.txt", "out.txt") == expected


_LINES_TEXT = st.lists(st.sampled_from(["a", "b", " ", "\n", "\r", "\r\n", "é", "\u2028"])).map("".join)
_SPAN_OFFSET = st.integers(min_value=0, max_value=60)
_SPANS = st.lists(st.tuples(_SPAN_OFFSET, _SPAN_OFFSET).map(lambda span: Removal(span[0], span[1], "", "UI01", "ui-phrase", "", 1, 1)), max_size=12)


@given(_LINES_TEXT)
def test_compiled_line_starts_give_the_python_ones(text: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.diff")
    assert compiled.line_starts(text) == diff._line_starts_py(text)


@given(_SPANS, st.booleans())
def test_compiled_span_merge_gives_the_python_one(removals: list[Removal], in_order: bool) -> None:
    compiled = pytest.importorskip("cleaner._speedups.diff")
    if in_order:
        removals.sort()
    assert compiled.merged(removals) == diff._merged_py(removals)


def test_pure_python_setting_leaves_the_compiled_diff_scans_unused() -> None:
    code = "import cleaner.report.diff as d; print(d._line_starts is d._line_starts_py, d._merged is d._merged_py)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, check=True)
    assert found.stdout.strip() == "True True"
