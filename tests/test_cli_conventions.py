"""The flags that ruff and black users reach for: --version, -h, --stdin-filename, -v, --exit-zero,
completion, -j, and a summary and progress that say what they count."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from cleaner.cli import _jobs
from cleaner.readers.files import Source
from cleaner.report.model import ExitCode, FileReport, read_report
from cleaner.run.batch import Outcome
from cleaner.terminal import PROGRESS_MIN_BYTES, RunProgress
from cleaner.version import DISTRIBUTION
from tests.cli_runs import invoke

pytestmark = pytest.mark.usefixtures("in_tmp")

STORY = (
    "Advertisement\n"
    "The council voted on Tuesday to extend the tram line to the harbour by 2031.\n"
    "Engineers said the work would close two streets for most of next summer.\n"
)


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_installed_distributions_version(flag: str) -> None:
    result = invoke(flag)
    assert result.exit_code == 0
    assert result.stdout == f"cleaner {version(DISTRIBUTION)}\n"


def test_the_distribution_has_a_name_of_its_own_while_the_command_stays_cleaner() -> None:
    # "cleaner" on the package index is another project's.
    assert DISTRIBUTION != "cleaner"
    assert version(DISTRIBUTION)


@pytest.mark.parametrize("args", [["-h"], ["check", "-h"], ["clean", "-h"], ["explain", "-h"]])
def test_dash_h_is_help_everywhere(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0
    assert "Usage: cleaner" in result.stdout and "-h, --help" in result.stdout


def test_shell_completion_can_be_shown_and_installed() -> None:
    assert "--install-completion" in invoke("-h").stdout
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "--show-completion", "bash"], capture_output=True, text=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert "complete" in result.stdout and "cleaner" in result.stdout


def test_stdin_filename_finds_the_config_above_that_file_and_names_the_input(in_tmp: Path) -> None:
    project = in_tmp / "project"
    (project / "news").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.cleaner]\nignore = ["UI01"]\n', encoding="utf-8")

    named = invoke("check", "--stdin-filename", "project/news/tram.txt", "--output-format", "json", input=STORY)
    unnamed = invoke("check", "-", "--output-format", "json", input=STORY)

    assert named.exit_code == ExitCode.OK, named.stderr  # UI01 ignored by project/pyproject.toml
    assert json.loads(named.stdout)["files"][0]["file"] == "project/news/tram.txt"
    assert unnamed.exit_code == ExitCode.CHANGES
    assert json.loads(unnamed.stdout)["files"][0]["file"] == "<stdin>"


def test_stdin_filename_names_standard_input_in_the_report(in_tmp: Path) -> None:
    result = invoke("clean", "-", "--stdin-filename", "scrape/tram.txt", "--report", "report.jsonl", input=STORY)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "Advertisement" not in result.stdout
    [record] = read_report((in_tmp / "report.jsonl").read_text("utf-8"))
    assert record.input == "scrape/tram.txt"


def test_stdin_filename_gives_standard_input_the_site_of_its_folder() -> None:
    source = Source("scrape/www.ledger.example/tram.txt", None, Path("tram.txt"))
    assert source.folder == "www.ledger.example"


def test_no_path_and_no_stdin_filename_is_a_usage_error() -> None:
    result = invoke("check")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "cleaner: error: give the files or folders to read (PATH...), or - for standard input\n"


def test_verbose_says_which_config_which_inputs_and_which_sites(in_tmp: Path) -> None:
    (in_tmp / "cleaner.toml").write_text('ignore = ["UI02"]\n', encoding="utf-8")
    scrape = in_tmp / "scrape" / "www.ledger.example"
    scrape.mkdir(parents=True)
    for number in range(3):
        (scrape / f"{number}.txt").write_text(f"Ledger menu line\nStory {number} about the tram line and its cost.\n", encoding="utf-8")

    result = invoke("check", "scrape", "-v")

    assert f"cleaner: config: {in_tmp / 'cleaner.toml'}" in result.stderr
    assert "cleaner: rules: " in result.stderr and "UI02" not in result.stderr.split("cleaner: rules: ")[1].split("\n")[0]
    assert "cleaner: found 3 inputs" in result.stderr
    assert "cleaner:   site www.ledger.example: 3 pages" in result.stderr
    assert "cleaner: read scrape/www.ledger.example/0.txt" in result.stderr


def test_quiet_wins_over_verbose() -> None:
    result = invoke("check", "-", "-v", "-q", input=STORY)
    assert "cleaner: config" not in result.stderr and result.stderr == ""


def test_exit_zero_turns_would_change_into_success_but_not_failures(in_tmp: Path) -> None:
    (in_tmp / "story.txt").write_text(STORY, encoding="utf-8")
    (in_tmp / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)

    assert invoke("check", "story.txt").exit_code == ExitCode.CHANGES
    assert invoke("check", "story.txt", "--exit-zero").exit_code == ExitCode.OK
    assert invoke("check", "story.txt", "binary.txt", "--exit-zero").exit_code == ExitCode.INPUT_FAILED


def test_jobs_default_to_the_cores_this_process_may_use() -> None:
    assert _jobs(None) == len(os.sched_getaffinity(0))
    assert _jobs(1) == 1


def test_the_summary_counts_records_as_records_and_files_as_files(in_tmp: Path) -> None:
    records = "".join(json.dumps({"url": f"https://ledger.example/{n}", "text": STORY}) + "\n" for n in range(3))
    (in_tmp / "scrape.jsonl").write_text(records, encoding="utf-8")
    (in_tmp / "story.txt").write_text(STORY, encoding="utf-8")

    both = invoke("check", "scrape.jsonl", "story.txt")
    records_only = invoke("check", "scrape.jsonl")

    assert "1 file and 3 JSON Lines records checked: 4 would change, 0 failed" in both.stderr
    assert "3 JSON Lines records checked: 3 would change" in records_only.stderr
    assert "file" not in records_only.stderr.split("\n")[0]


def test_no_color_leaves_the_summary_table_unstyled_even_where_colour_is_forced(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (in_tmp / "story.txt").write_text(STORY, encoding="utf-8")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)

    styled = invoke("check", "story.txt")
    plain = invoke("check", "story.txt", "--no-color")

    assert "\x1b[" in styled.stderr
    assert "Removals per rule" in plain.stderr and "\x1b[" not in plain.stderr


def _record_outcome(file: str, number: int, position: int) -> Outcome:
    return Outcome(FileReport(input=f"{file}:{number} (id {number})", record=number), position=position)


def test_progress_shows_bytes_read_by_the_learn_pass(in_tmp: Path) -> None:
    progress = RunProgress(check=True)
    hooks = progress.hooks()
    assert hooks.learning and hooks.learn_read
    hooks.learning(PROGRESS_MIN_BYTES * 2)
    hooks.learn_read(PROGRESS_MIN_BYTES)
    [task] = progress.bars.tasks
    assert task.description == "learning site templates" and task.percentage == 50
    assert task.fields["counts"] == f"{PROGRESS_MIN_BYTES / 1e6:,.1f}/{2 * PROGRESS_MIN_BYTES / 1e6:,.1f} MB read"
    progress.stop()


def test_progress_counts_json_lines_records_and_compressed_bytes_read(in_tmp: Path) -> None:
    scrape = in_tmp / "scrape.jsonl.gz"
    scrape.write_bytes(os.urandom(PROGRESS_MIN_BYTES))  # only its size is read here
    progress = RunProgress(check=False)
    hooks = progress.hooks()
    assert hooks.cleaning and hooks.done
    hooks.cleaning([Source("scrape.jsonl.gz", scrape, Path(scrape.name))])
    hooks.done(_record_outcome("scrape.jsonl.gz", 1, PROGRESS_MIN_BYTES // 4))
    hooks.done(_record_outcome("scrape.jsonl.gz", 2, PROGRESS_MIN_BYTES // 2))
    [task] = progress.bars.tasks
    assert task.description == "cleaning records" and task.percentage == 50
    assert "2 records" in task.fields["counts"] and "records/s" in task.fields["counts"] and "MB read" in task.fields["counts"]
    progress.stop()


def test_records_carry_how_far_into_a_gzip_file_the_reader_was(in_tmp: Path) -> None:
    from cleaner.readers.records import Fields, read_records

    scrape = in_tmp / "scrape.jsonl.gz"
    lines = "".join(json.dumps({"text": os.urandom(3000).hex()}) + "\n" for _ in range(200))
    scrape.write_bytes(gzip.compress(lines.encode()))
    offsets = [record.offset for record in read_records(scrape, Fields())]
    assert offsets == sorted(offsets) and 0 < offsets[-1] <= scrape.stat().st_size
    assert offsets[0] < offsets[-1]


def test_progress_goes_from_the_learn_pass_to_files_and_records_bars(in_tmp: Path) -> None:
    from cleaner.sites.model import TemplateModel
    from cleaner.terminal import PROGRESS_MIN_FILES

    scrape = in_tmp / "scrape.jsonl.gz"
    scrape.write_bytes(b"\0" * PROGRESS_MIN_BYTES)
    files = [Source(f"{n}.txt", in_tmp / f"{n}.txt", Path(f"{n}.txt")) for n in range(PROGRESS_MIN_FILES)]
    progress = RunProgress(check=True)
    hooks = progress.hooks()
    assert hooks.learning and hooks.learned and hooks.cleaning and hooks.done
    hooks.learning(PROGRESS_MIN_BYTES)
    hooks.learned(TemplateModel())
    hooks.cleaning([*files, Source("scrape.jsonl.gz", scrape, Path(scrape.name))])
    hooks.done(Outcome(FileReport(input="0.txt")))
    hooks.done(_record_outcome("scrape.jsonl.gz", 1, PROGRESS_MIN_BYTES))
    shown = {task.description: task for task in progress.bars.tasks}
    assert set(shown) == {"checking files", "checking records"}
    assert shown["checking files"].fields["counts"] == f"1/{PROGRESS_MIN_FILES} files"
    assert shown["checking records"].percentage == 100
    progress.stop()
