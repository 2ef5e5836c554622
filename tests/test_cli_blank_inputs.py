"""Inputs made of millions of blank lines are cleaned in time and memory linear in their
size, with one removal per run of blank lines.

Each input is cleaned through the CLI in a child process, as in test_html_hostile.py: a
hang is cut off by the harness timeout (a bound for the harness, not a timing claim;
on the 2-core development machine each run takes a few seconds).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.report.model import ExitCode

MB = 1024 * 1024
TEXT = "The council voted on Tuesday to close the northern bridge for repairs.\n"


def run_cleaner(cwd: Path, *args: str, limit: float = 100) -> subprocess.CompletedProcess[str]:
    process = subprocess.run(
        [sys.executable, "-m", "cleaner", *args], cwd=cwd, capture_output=True, text=True, timeout=limit, check=False
    )
    assert "Traceback" not in process.stderr, process.stderr[-3000:]
    return process


def report_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("blank", [pytest.param("\n", id="newlines"), pytest.param("  \t\r\n", id="spaces-crlf")])
def test_5mb_of_blank_lines_are_one_removal_and_restore(tmp_path: Path, blank: str) -> None:
    data = (blank * (5 * MB // len(blank)) + TEXT + blank * 1000).encode()
    (tmp_path / "dump.txt").write_bytes(data)
    process = run_cleaner(tmp_path, "clean", "dump.txt", "-o", "out", "--quiet")
    assert process.returncode == ExitCode.OK, process.stderr
    assert (tmp_path / "out" / "dump.txt").read_text(encoding="utf-8") == TEXT
    [record] = report_lines(tmp_path / "out" / "cleaner-report.jsonl")
    assert [removal["rule"] for removal in record["removals"]] == ["WS02", "WS02"]
    # The report holds the removed text, so restore is exact: its size follows the
    # input's, not the number of lines (it was one record per line, 150 times this).
    assert (tmp_path / "out" / "cleaner-report.jsonl").stat().st_size < 3 * len(data)
    restored = run_cleaner(tmp_path, "restore", "out/dump.txt", "out/cleaner-report.jsonl", "-o", "back.txt")
    assert restored.returncode == 0, restored.stderr
    assert (tmp_path / "back.txt").read_bytes() == data


@pytest.mark.timeout(120)
def test_jsonl_gz_of_5mb_of_newlines_keeps_its_records_and_line_numbers(tmp_path: Path) -> None:
    record = json.dumps({"id": "a", "text": TEXT + "Advertisement\n"}).encode()
    data = b"\n" * (5 * MB) + record + b"\n" + b"\n" * (5 * MB)
    (tmp_path / "scrape.jsonl.gz").write_bytes(gzip.compress(data))
    process = run_cleaner(tmp_path, "clean", "scrape.jsonl.gz", "-o", "out", "--quiet")
    assert process.returncode == ExitCode.OK, process.stderr
    [line] = report_lines(tmp_path / "out" / "cleaner-report.jsonl")
    assert (line["record"], line["counts"]) == (5 * MB + 1, {"UI01": 1})
    output = gzip.decompress((tmp_path / "out" / "scrape.jsonl.gz").read_bytes()).split(b"\n")
    assert json.loads(output[5 * MB])["text"] == TEXT


@pytest.mark.timeout(120)
def test_jsonl_gz_of_newlines_only_is_no_error(tmp_path: Path) -> None:
    (tmp_path / "empty.jsonl.gz").write_bytes(gzip.compress(b"\n" * (5 * MB)))
    process = run_cleaner(tmp_path, "clean", "empty.jsonl.gz", "-o", "out", "--quiet")
    assert process.returncode == ExitCode.OK, process.stderr
    assert report_lines(tmp_path / "out" / "cleaner-report.jsonl") == []
