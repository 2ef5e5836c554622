"""`--resume`: a run killed at any point, resumed, ends as an uninterrupted run would have;
inputs an earlier run finished are skipped, changed ones are cleaned again."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.report.model import ExitCode, read_report
from tests.cli_runs import invoke
from tests.multisite import assert_report_restores_its_outputs, tree, write_scrape

REPORT = "cleaner-report.jsonl"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough text files that a kill lands in the middle of the run."""
    return write_scrape(tmp_path_factory.mktemp("folder") / "scrape", pages=40, flat=30, jsonl_files=0)


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JSON Lines files only, each one input."""
    root = write_scrape(tmp_path_factory.mktemp("jsonl") / "scrape", pages=0, flat=0, jsonl_files=14, records=30)
    return root / "shards"


def _whole(scrape: Path, out: Path) -> Path:
    result = invoke("clean", str(scrape), "-o", str(out), "-j", "1", "-q")
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def folder_whole(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _whole(folder, tmp_path_factory.mktemp("folder-whole") / "out")


@pytest.fixture(scope="module")
def shards_whole(shards: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _whole(shards, tmp_path_factory.mktemp("jsonl-whole") / "out")


def _latest_lines(out: Path, report: str = REPORT) -> dict[str, dict[str, object]]:
    """Each input's latest report line, with the OUT folder's path written as OUT."""
    latest = {}
    for line in (out / report).read_text("utf-8").splitlines():
        record = json.loads(line.replace(json.dumps(str(out))[1:-1], "OUT"))
        latest[record["input"]] = record
    return latest


def _kill_when(args: list[str], ready: callable) -> int:
    process = subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not ready():
        assert process.poll() is None, "the run ended before it could be killed: " + process.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.003)
    process.kill()
    return process.wait(60)


def _resumed(stderr: str) -> tuple[int, int]:
    found = re.search(r"resumed: ([\d,]+) of ([\d,]+) inputs done already", stderr)
    assert found, stderr
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_run_killed_then_resumed_equals_an_uninterrupted_run(folder: Path, folder_whole: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    outputs = lambda: [p for p in out.rglob("*.txt") if not p.name.startswith(".")]  # noqa: E731
    assert _kill_when(["clean", str(folder), "-o", str(out), "-j", jobs], lambda: len(outputs()) >= 12) == -signal.SIGKILL
    finished = len(outputs())
    assert finished < len(tree(folder_whole))

    result = invoke("clean", str(folder), "-o", str(out), "-j", jobs, "--resume")
    assert result.exit_code == 0, result.stderr
    assert _resumed(result.stderr) == (finished, len(tree(folder_whole)))
    assert tree(out) == tree(folder_whole)
    assert_report_restores_its_outputs(out / REPORT, out, folder)
    assert _latest_lines(out) == _latest_lines(folder_whole)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_json_lines_run_killed_then_resumed_equals_an_uninterrupted_run(shards: Path, shards_whole: Path, tmp_path: Path, jobs: str) -> None:
    out = tmp_path / "out"
    outputs = lambda: [p for p in out.glob("*.jsonl") if p.name.startswith("part-")]  # noqa: E731
    assert _kill_when(["clean", str(shards), "-o", str(out), "-j", jobs, "--resume"], lambda: len(outputs()) >= 3) == -signal.SIGKILL
    finished = len(outputs())
    assert finished < 14

    result = invoke("clean", str(shards), "-o", str(out), "-j", jobs, "--resume")
    assert result.exit_code == 0, result.stderr
    done, total = _resumed(result.stderr)
    # A kill between a file's last rename and its note leaves it to be cleaned again, whole.
    assert total == 14 and finished - 1 <= done <= finished and done >= 2
    assert tree(out) == tree(shards_whole)
    assert_report_restores_its_outputs(out / REPORT, out, shards)
    assert _latest_lines(out) == _latest_lines(shards_whole)


def _copy(scrape: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(scrape, tmp_path / "scrape"))


def test_resume_skips_finished_inputs_and_cleans_a_changed_one_again(folder: Path, tmp_path: Path) -> None:
    scrape = _copy(folder, tmp_path)
    out = tmp_path / "out"
    assert invoke("clean", str(scrape), "-o", str(out), "-j", "1", "-q").exit_code == 0
    lines = (out / REPORT).read_bytes().count(b"\n")
    changed = scrape / "by-site" / "ledger.example" / "2030" / "page02.txt"
    changed.write_text(changed.read_text("utf-8").replace("Advertisement", "Advertisement\nA sentence written since the first run, and only here."), "utf-8")
    before = {path: data for path, data in tree(out).items() if path != "by-site/ledger.example/2030/page02.txt"}

    result = invoke("clean", str(scrape), "-o", str(out), "-j", "1", "--resume")
    assert result.exit_code == 0, result.stderr
    total = len(tree(out))
    assert _resumed(result.stderr) == (total - 1, total)
    assert (out / REPORT).read_bytes().count(b"\n") == lines + 1
    assert json.loads((out / REPORT).read_text("utf-8").splitlines()[-1])["input"] == str(changed)
    assert b"only here" in (out / "by-site/ledger.example/2030/page02.txt").read_bytes()
    assert {path: data for path, data in tree(out).items() if path in before} == before


def test_resume_cleans_again_an_input_whose_report_line_was_cut_off_or_whose_output_was_edited(folder: Path, folder_whole: Path, tmp_path: Path) -> None:
    out = Path(shutil.copytree(folder_whole, tmp_path / "out"))
    # The report's paths name the copied OUT.
    report = out / REPORT
    report.write_text(report.read_text("utf-8").replace(str(folder_whole), str(out)), "utf-8")
    data = report.read_bytes()
    torn = json.loads(data.splitlines()[-1])
    report.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 40])  # the last line cut off, as a kill leaves it
    edited = out / "flat" / "story-03.txt"
    edited.write_bytes(b"edited by hand\n")

    result = invoke("clean", str(folder), "-o", str(out), "-j", "1", "--resume", "-v")
    assert result.exit_code == 0, result.stderr
    total = len(tree(folder_whole))
    assert _resumed(result.stderr) == (total - 2, total)
    read = re.findall(r"cleaner: read (\S+) ", result.stderr)
    assert sorted(read) == sorted([torn["input"], str(folder / "flat" / "story-03.txt")])
    assert tree(out) == tree(folder_whole)


def test_a_changed_json_lines_file_is_cleaned_again_whole(shards: Path, tmp_path: Path) -> None:
    scrape = _copy(shards, tmp_path)
    out = tmp_path / "out"
    assert invoke("clean", str(scrape), "-o", str(out), "-j", "1", "--resume", "-q").exit_code == 0
    part = scrape / "part-4.jsonl"
    part.write_text(part.read_text("utf-8").replace("Advertisement", "Advertisement\\nA line new since then", 1), "utf-8")
    lines = (out / REPORT).read_bytes().count(b"\n")

    result = invoke("clean", str(scrape), "-o", str(out), "-j", "1", "--resume")
    assert result.exit_code == 0, result.stderr
    assert _resumed(result.stderr) == (13, 14)
    assert (out / REPORT).read_bytes().count(b"\n") == lines + 30
    assert b"A line new since then" in (out / "part-4.jsonl").read_bytes()


def test_resuming_a_finished_shard_writes_nothing_and_learns_nothing(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("clean", str(folder), "-o", str(out), "--shard", "2/3", "-j", "1", "-q").exit_code == 0
    report = out / "cleaner-report.shard-2-of-3.jsonl"
    written = report.read_bytes()
    files = tree(out)

    result = invoke("clean", str(folder), "-o", str(out), "--shard", "2/3", "-j", "1", "--resume", "-v")
    assert result.exit_code == 0, result.stderr
    done, total = _resumed(result.stderr)
    assert done == total == len(files) and "learn pass" not in result.stderr
    assert report.read_bytes() == written and tree(out) == files
    assert (out / ".cleaner" / "shard-2-of-3.done").exists()


def test_resume_without_a_report_is_a_whole_run(folder: Path, folder_whole: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("clean", str(folder), "-o", str(out), "-j", "1", "--resume")
    assert result.exit_code == 0, result.stderr
    assert _resumed(result.stderr)[0] == 0
    assert tree(out) == tree(folder_whole)


@pytest.mark.parametrize("command", [["check"], ["clean", "--in-place"]])
def test_resume_is_refused_where_there_is_nothing_to_resume(command: list[str], tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text("Share this\nThe council met.\n", encoding="utf-8")
    result = invoke(*command, str(page), "--resume")
    assert result.exit_code == ExitCode.USAGE and result.stderr.startswith("cleaner: error: --resume") and result.stderr.count("\n") == 1
    assert page.read_text("utf-8") == "Share this\nThe council met.\n"


def test_a_report_of_a_run_never_killed_lists_each_input_once(folder: Path, folder_whole: Path) -> None:
    # What the latest-line comparisons above rest on: one line per input in an uninterrupted run.
    records = read_report((folder_whole / REPORT).read_text("utf-8"))
    assert len(records) == len({r.input for r in records}) == len(tree(folder_whole))


def test_a_finished_shard_run_again_and_killed_loses_its_marker_until_resumed(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = ["clean", str(folder), "-o", str(out), "--shard", "1/1", "-j", "1"]
    assert invoke(*command, "-q").exit_code == 0
    marker, report = out / ".cleaner" / "shard-1-of-1.done", out / "cleaner-report.shard-1-of-1.jsonl"
    lines = report.read_bytes().count(b"\n")
    assert marker.exists()

    assert _kill_when(command, lambda: report.read_bytes().count(b"\n") >= lines + 5) == -signal.SIGKILL
    assert not marker.exists()
    result = invoke(*command, "--resume")
    assert result.exit_code == 0, result.stderr
    assert marker.exists() and json.loads(marker.read_text("utf-8"))["done_before"] == _resumed(result.stderr)[0] > 0
