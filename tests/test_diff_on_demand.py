"""The unified diff of an input is made only when it is written or printed (`cleaner.run.worker.Diff`)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import cleaner.run.worker
from cleaner.readers.files import find_sources
from cleaner.report.diff import unified_diff
from cleaner.run.batch import Options, run_clean
from cleaner.run.worker import Worker

DUMP = "Home\nShare on Facebook\nThe council voted on the bridge repairs late on Tuesday night.\n\n\n\n\nPrivacy Policy\n"


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    made: list[int] = []

    def counted(*args, **kwargs):
        made.append(1)
        return unified_diff(*args, **kwargs)

    monkeypatch.setattr(cleaner.run.worker, "unified_diff", counted)
    return made


def _folder(root: Path) -> Path:
    folder = root / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(DUMP, encoding="utf-8")
    return folder


def test_a_check_run_without_a_report_makes_no_diff(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _counting(monkeypatch)
    report = run_clean([str(_folder(tmp_path))], Options(check=True))
    assert report.changed == 2 and made == []


def test_a_run_that_writes_a_report_writes_each_diff_beside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _counting(monkeypatch)
    run_clean([str(_folder(tmp_path))], Options(out=tmp_path / "out"))
    assert len(made) == 2
    assert (tmp_path / "out" / "cleaner-report.diff").read_text(encoding="utf-8").count("-Share on Facebook") == 2


def test_an_outcome_sent_to_another_process_carries_its_diff_as_text(tmp_path: Path) -> None:
    source = find_sources([str(_folder(tmp_path) / "a.txt")])[0]
    outcome = Worker(Options(check=True))(source)
    sent = pickle.loads(pickle.dumps(outcome))
    assert isinstance(sent.unified, str) and sent.diff == outcome.diff
    assert "-Share on Facebook" in sent.diff


def test_a_check_that_prints_no_diff_makes_none_even_in_worker_processes(tmp_path: Path) -> None:
    # A worker process makes the diff before sending its outcome back, unless told none is wanted.
    folder = _folder(tmp_path)
    seen: list[str] = []
    quiet = run_clean([str(folder)], Options(check=True, jobs=2, diffs=False), on_done=lambda outcome: seen.append(outcome.diff))
    shown: list[str] = []
    run_clean([str(folder)], Options(check=True, jobs=2), on_done=lambda outcome: shown.append(str(outcome.diff)))
    assert quiet.changed == 2 and seen == ["", ""]
    assert all(diff.startswith("--- ") for diff in shown)
