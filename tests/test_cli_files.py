"""Which files `clean`, `check` and `profile` read: never cleaner's own outputs, not what git
ignores, not what the excludes leave out; as a user and pre-commit run them."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import Result

from cleaner.report.model import ExitCode
from tests.cli_runs import invoke

DIRTY = "The council voted on Tuesday to close the northern bridge for repairs.\nAdvertisement\n"
CLEAN = "The council voted on Tuesday to close the northern bridge for repairs.\n"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


pytestmark = pytest.mark.usefixtures("in_tmp")


def write(files: dict[str, str]) -> None:
    for name, text in files.items():
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text(text, encoding="utf-8")


def checked(result: Result) -> list[str]:
    """The files a `check --output-format json` run read."""
    return [record["file"] for record in json.loads(result.stdout)["files"]]


# --- cleaner's own outputs ------------------------------------------------------------------------


def test_check_after_clean_in_place_reads_the_dumps_not_the_report(in_tmp: Path) -> None:
    write({"dumps/a.txt": DIRTY})
    assert invoke("clean", "--in-place", ".").exit_code == ExitCode.OK
    assert Path("cleaner-report.jsonl").exists() and Path("cleaner-report.diff").exists()
    result = invoke("check", ".")
    assert result.exit_code == ExitCode.OK, result.stderr + result.stdout
    assert invoke("check", ".", "--output-format", "json").stdout.count('"file"') == 1


def test_check_of_an_output_folder_reads_the_clean_files_not_the_report() -> None:
    write({"dumps/a.txt": DIRTY, "dumps/b.txt": DIRTY})
    assert invoke("clean", "dumps", "-o", "out").exit_code == ExitCode.OK
    result = invoke("check", "out", "--output-format", "json")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert sorted(checked(result)) == ["out/a.txt", "out/b.txt"]
    assert "cleaner: " not in result.stderr


def test_a_report_moved_with_report_is_not_read_on_the_next_run() -> None:
    write({"dumps/a.txt": DIRTY})
    assert invoke("clean", "--in-place", "dumps", "--report", "dumps/removals.jsonl").exit_code == ExitCode.OK
    result = invoke("clean", "--in-place", "dumps", "--report", "dumps/removals.jsonl")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert invoke("check", "dumps", "--output-format", "json").stdout.count('"file"') == 1


def test_a_second_html_report_run_does_not_clean_the_first_report() -> None:
    write({"a.txt": DIRTY})
    assert invoke("check", ".", "--report-html", "r.html").exit_code == ExitCode.CHANGES
    result = invoke("check", ".", "--report-html", "r.html", "--output-format", "json")
    assert result.exit_code == ExitCode.CHANGES
    assert checked(result) == ["a.txt"]
    assert '<meta name="generator" content="cleaner">' in Path("r.html").read_text(encoding="utf-8")


def test_own_outputs_named_on_the_command_line_are_skipped_without_an_error() -> None:
    # What pre-commit passes after `git add .` in a folder cleaned in place.
    write({"a.txt": DIRTY})
    assert invoke("clean", "--in-place", "a.txt", "--report-html", "r.html").exit_code == ExitCode.OK
    result = invoke("check", "a.txt", "cleaner-report.jsonl", "cleaner-report.diff", "r.html", "--output-format", "json")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert checked(result) == ["a.txt"]


# --- excludes ---------------------------------------------------------------------------------------


def test_exclude_flag_replaces_the_default_excludes() -> None:
    write({"d/a.txt": CLEAN, "d/venv/LICENSE": DIRTY, "d/drafts/b.txt": DIRTY})
    assert checked(invoke("check", "d", "--output-format", "json", "--extend-exclude", "drafts")) == ["d/a.txt"]
    replaced = checked(invoke("check", "d", "--output-format", "json", "--exclude", "drafts"))
    assert replaced == ["d/a.txt", "d/venv/LICENSE"]


def test_exclude_flags_take_comma_separated_patterns_and_add_to_the_config() -> None:
    write({"cleaner.toml": 'extend-exclude = ["*.md"]\n', "d/a.txt": CLEAN, "d/b.md": DIRTY, "d/c.dump": DIRTY, "d/e.text": DIRTY})
    result = invoke("check", "d", "--output-format", "json", "--extend-exclude", "c.dump,e.text")
    assert checked(result) == ["d/a.txt"]


def test_force_exclude_applies_the_excludes_to_named_files() -> None:
    write({"cleaner.toml": 'extend-exclude = ["drafts/"]\n', "drafts/b.txt": DIRTY, "a.txt": CLEAN})
    assert invoke("check", "a.txt", "drafts/b.txt").exit_code == ExitCode.CHANGES
    assert invoke("check", "a.txt", "drafts/b.txt", "--force-exclude").exit_code == ExitCode.OK
    write({"cleaner.toml": 'extend-exclude = ["drafts/"]\nforce-exclude = true\n'})
    assert invoke("check", "a.txt", "drafts/b.txt").exit_code == ExitCode.OK
    assert invoke("check", "a.txt", "drafts/b.txt", "--no-force-exclude").exit_code == ExitCode.CHANGES


def test_excludes_anchor_at_the_config_files_folder_for_named_files_too() -> None:
    write({"pyproject.toml": '[tool.cleaner]\nextend-exclude = ["scrape/old/*"]\n', "scrape/old/b.txt": DIRTY, "scrape/a.txt": CLEAN})
    assert invoke("check", "scrape").exit_code == ExitCode.OK
    assert invoke("check", "scrape/old/b.txt", "scrape/a.txt", "--force-exclude").exit_code == ExitCode.OK


def test_clean_and_profile_take_the_exclude_flags() -> None:
    write({"d/a.txt": DIRTY, "d/drafts/b.txt": DIRTY})
    assert invoke("clean", "d", "-o", "out", "--extend-exclude", "drafts").exit_code == ExitCode.OK
    assert sorted(p.name for p in Path("out").iterdir()) == ["a.txt", "cleaner-report.diff", "cleaner-report.jsonl"]
    result = invoke("profile", "d", "-o", "p.json", "--exclude", "*.txt")
    assert result.exit_code == ExitCode.USAGE
    assert "no readable input" in result.stderr


# --- .gitignore ------------------------------------------------------------------------------------


def _git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


@needs_git
def test_walk_respects_gitignore_in_a_work_tree() -> None:
    _git("init", "-q")
    write({".gitignore": "cleaned/\n", "dumps/a.txt": CLEAN, "cleaned/a.txt": DIRTY})
    result = invoke("check", ".", "--output-format", "json")
    assert result.exit_code == ExitCode.OK, result.stdout
    assert checked(result) == ["dumps/a.txt"]


def test_gitignore_outside_a_work_tree_changes_nothing() -> None:
    write({".gitignore": "cleaned/\n", "dumps/a.txt": CLEAN, "cleaned/a.txt": DIRTY})
    assert invoke("check", ".").exit_code == ExitCode.CHANGES


@needs_git
def test_pre_commit_after_git_add_all_checks_the_dumps_only(in_tmp: Path) -> None:
    """The hook's command on what `git add .` stages after `clean --in-place` and an HTML report."""
    _git("init", "-q")
    write({"dump.txt": DIRTY})
    assert invoke("clean", "--in-place", "dump.txt", "-q", "--report-html", "review.html").exit_code == ExitCode.OK
    _git("add", ".")
    staged = subprocess.run(["git", "diff", "--cached", "--name-only"], check=True, capture_output=True, text=True).stdout.split()
    assert sorted(staged) == ["cleaner-report.diff", "cleaner-report.jsonl", "dump.txt", "review.html"]
    hook = [line for line in Path(__file__).parents[1].joinpath(".pre-commit-hooks.yaml").read_text().splitlines() if "entry:" in line]
    entry = hook[0].split("entry:")[1].split()
    assert entry[:2] == ["cleaner", "check"] and "--force-exclude" in entry
    result = invoke(*entry[1:], *staged)
    assert result.exit_code == ExitCode.OK, result.stderr + result.stdout
