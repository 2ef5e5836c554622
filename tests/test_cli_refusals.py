"""Runs that would overwrite or read what is not an input are refused: exit 2, one line, nothing processed.

Also the inputs that used to end in a traceback: each is now one `cleaner: error:` line
with the documented exit code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import Result

from cleaner.report.model import ExitCode
from tests.cli_runs import invoke

DIRTY = "The council voted on Tuesday to close the northern bridge for repairs.\nAdvertisement\n"


pytestmark = pytest.mark.usefixtures("in_tmp")


@pytest.fixture
def dumps(in_tmp: Path) -> Path:
    folder = Path("d")
    folder.mkdir()
    (folder / "a.txt").write_text(DIRTY, encoding="utf-8")
    (folder / "x.txt").write_text(DIRTY, encoding="utf-8")
    return folder


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_refused(result: Result, message: str, before: dict[str, bytes], root: Path) -> None:
    """Exit 2, one error line naming the cause, nothing on stdout, no file written or changed."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == ExitCode.USAGE == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cleaner: error: "), result.stderr
    assert message in lines[0], lines[0]
    assert result.stdout == ""
    assert snapshot(root) == before


# --- written files that land on an input ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["clean", "d", "-o", "out", "--report", "d/a.txt"], "--report d/a.txt is the input d/a.txt", id="report-is-input"),
        pytest.param(["clean", "d", "-o", "out", "--report", "new/../d/a.txt"], "is the input d/a.txt", id="report-spelled-through-missing-folder"),
        pytest.param(["clean", "--in-place", "d", "--report", "d/x.txt"], "--report d/x.txt is the input d/x.txt", id="in-place-report-is-input"),
        pytest.param(["check", "d", "--report-html", "d/a.txt"], "--report-html d/a.txt is the input d/a.txt", id="html-report-is-input"),
        pytest.param(["clean", "d", "-o", "out", "--report", "out/a.txt"], "is where the clean d/a.txt goes", id="report-is-an-output"),
        pytest.param(["clean", "d", "-o", "out", "--report-html", "out/x.txt"], "is where the clean d/x.txt goes", id="html-report-is-an-output"),
        pytest.param(["clean", "d/x.txt", "-o", "d"], "would write the clean d/x.txt over the input d/x.txt", id="output-folder-holds-the-file"),
        pytest.param(["clean", "d", "-o", "out", "--report", "r.diff"], "would both be written to r.diff", id="report-and-its-diff-are-one-file"),
        pytest.param(["profile", "d", "-o", "d/a.txt"], "-o/--output d/a.txt is the input d/a.txt", id="profile-over-input"),
    ],
)
def test_a_write_over_an_input_is_refused_before_anything_is_read(
    dumps: Path, in_tmp: Path, args: list[str], message: str
) -> None:
    before = snapshot(in_tmp)
    assert_refused(invoke(*args), message, before, in_tmp)


def test_diff_beside_the_report_landing_on_a_named_input_is_refused(dumps: Path, in_tmp: Path) -> None:
    Path("r.diff").write_text("Notes on the council vote, kept as a .diff file.\n", encoding="utf-8")
    before = snapshot(in_tmp)
    result = invoke("clean", "d", "r.diff", "-o", "out", "--report", "r.jsonl")
    assert_refused(result, "the diff beside the report r.diff is the input r.diff", before, in_tmp)


def test_report_through_a_symlink_to_an_input_is_refused(dumps: Path, in_tmp: Path) -> None:
    Path("link.jsonl").symlink_to(dumps.resolve() / "a.txt")
    before = snapshot(in_tmp)
    assert_refused(invoke("clean", "d", "-o", "out", "--report", "link.jsonl"), "is the input d/a.txt", before, in_tmp)


def test_output_hard_linked_to_an_input_is_refused(dumps: Path, in_tmp: Path) -> None:
    Path("out").mkdir()
    os.link(dumps / "a.txt", "out/a.txt")
    before = snapshot(in_tmp)
    assert_refused(invoke("clean", "d", "-o", "out"), "over the input d/a.txt", before, in_tmp)


def test_output_folder_beside_the_inputs_still_cleans(dumps: Path) -> None:
    result = invoke("clean", "d/x.txt", "-o", "out", "--report", "out/removals.jsonl")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert Path("out/x.txt").read_text(encoding="utf-8") != DIRTY
    assert (dumps / "x.txt").read_text(encoding="utf-8") == DIRTY


# --- former tracebacks ---------------------------------------------------------------------------


def test_output_naming_an_existing_file_is_a_usage_error(dumps: Path, in_tmp: Path) -> None:
    Path("taken").write_text("mine\n", encoding="utf-8")
    before = snapshot(in_tmp)
    assert_refused(invoke("clean", "d", "-o", "taken"), "-o/--output taken is an existing file", before, in_tmp)


@pytest.mark.parametrize(
    ("what", "args", "message"),
    [
        ("folder", ["--report", "d"], "--report d is a folder"),
        ("below-a-file", ["--report", "d/a.txt/r.jsonl"], "is not a folder"),
        ("html-folder", ["--report-html", "d"], "--report-html d is a folder"),
    ],
)
def test_report_path_that_cannot_be_a_file_is_a_usage_error(dumps: Path, in_tmp: Path, what: str, args: list[str], message: str) -> None:
    before = snapshot(in_tmp)
    assert_refused(invoke("clean", "d", "-o", "out", *args), message, before, in_tmp)


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ('{"format": "cleaner-site-profile", "version": ' + "1" * 5000 + "}", "an integer too long to read"),
        ("[" * 100_000 + "]" * 100_000, "arrays or objects nested too deeply"),
    ],
    ids=["5000-digit-integer", "100k-deep-nesting"],
)
def test_profile_python_cannot_read_is_a_usage_error_naming_it(dumps: Path, in_tmp: Path, content: str, cause: str) -> None:
    Path("bad.json").write_text(content, encoding="utf-8")
    before = snapshot(in_tmp)
    result = invoke("clean", "d", "-o", "out", "--profile", "bad.json")
    assert_refused(result, f"profile bad.json: unusable JSON: {cause}", before, in_tmp)


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("[tool.cleaner.rules.site-template]\nmin_share = nan\n", 'option "min_share" of rule "site-template" is nan; it must be above 0 and at most 1'),
        ("[tool.cleaner.rules.icon-run]\nmin_share = -inf\n", 'option "min_share" of rule "icon-run" is -inf'),
        ("[tool.cleaner.rules.RB01]\nmin_words = 0\n", 'option "min_words" of rule "repeated-block" is 0; it must be at least 1'),
        ("[tool.cleaner]\nselect = [" + "9" * 5000 + "]\n", "unusable TOML: an integer too long to read"),
    ],
    ids=["nan", "minus-inf", "zero", "5000-digits"],
)
def test_config_value_out_of_range_is_a_usage_error_naming_the_file(dumps: Path, in_tmp: Path, config: str, message: str) -> None:
    Path("pyproject.toml").write_text(config, encoding="utf-8")
    before = snapshot(in_tmp)
    assert_refused(invoke("clean", "d", "-o", "out"), f"pyproject.toml: {message}", before, in_tmp)


def test_pyproject_whose_tool_is_not_a_table_is_not_our_config(dumps: Path) -> None:
    Path("pyproject.toml").write_text("tool = 5\n", encoding="utf-8")
    result = invoke("check", "d")
    assert result.exit_code == ExitCode.CHANGES, result.stderr


def test_restore_with_a_report_nested_too_deeply_fails_in_one_line(in_tmp: Path) -> None:
    Path("a.txt").write_text("Hello\n", encoding="utf-8")
    Path("report.jsonl").write_text('{"input": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    result = invoke("restore", "a.txt", "report.jsonl")
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert result.stderr.startswith("cleaner: a.txt: cannot restore: maximum recursion depth exceeded")
    assert len(result.stderr.splitlines()) == 1

