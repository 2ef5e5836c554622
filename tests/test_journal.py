"""The report as a write-ahead journal: in place, outputs replace their inputs in synced batches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleaner.report.model import read_report, rebuild_original
from cleaner.run.batch import COMMIT_BATCH, Options, run_clean

DUMP = "Home\nShare on Facebook\nThe council voted on the bridge repairs late on Tuesday night, {n} of them.\nPrivacy Policy\n"


def test_an_in_place_run_syncs_each_batch_once_before_any_of_its_outputs_replaces_an_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    files = 2 * COMMIT_BATCH + 3
    originals = {}
    for n in range(files):
        originals[f"{n:03}.txt"] = DUMP.format(n=n).encode()
        (folder / f"{n:03}.txt").write_bytes(originals[f"{n:03}.txt"])
    events: list[str] = []
    sync, fsync, replace = os.sync, os.fsync, os.replace
    monkeypatch.setattr(os, "sync", lambda: (events.append("sync"), sync())[1])
    monkeypatch.setattr(os, "fsync", lambda fd: (events.append("fsync"), fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (events.append("rename"), replace(a, b))[1])
    report = run_clean([str(folder)], Options(in_place=True, template=None), tmp_path / "report.jsonl")
    assert report.changed == files
    renames = events[: len(events) - events[::-1].index("rename")]  # up to the last rename; then the run's end
    batches = [COMMIT_BATCH, COMMIT_BATCH, 3]
    assert renames == [event for size in batches for event in ["sync"] + ["rename"] * size]
    records = read_report((tmp_path / "report.jsonl").read_text(encoding="utf-8"))
    for name, data in originals.items():
        assert rebuild_original((folder / name).read_bytes(), records, folder / name)[0] == data


def test_a_json_lines_file_cleaned_in_place_replaces_its_input_only_after_every_record_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    pages = tmp_path / "pages.jsonl"
    records = COMMIT_BATCH + 3
    pages.write_text("".join(json.dumps({"id": n, "text": DUMP.format(n=n)}) + "\n" for n in range(records)), encoding="utf-8")
    report = tmp_path / "report.jsonl"
    seen: list[int] = []
    replace = os.replace

    def reported_then_replaced(a: str, b: str) -> None:
        if Path(b) == pages:
            seen.append(report.read_bytes().count(b"\n"))
        replace(a, b)

    monkeypatch.setattr(os, "replace", reported_then_replaced)
    run_clean([str(pages)], Options(in_place=True), report)
    assert seen == [records]
    assert "Share on Facebook" not in pages.read_text(encoding="utf-8")


def test_the_writeback_syncs_the_reports_filesystem_as_the_run_goes_until_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import cleaner.run.journal
    from cleaner.run.journal import Writeback

    synced: list[int] = []
    done = threading.Event()
    monkeypatch.setattr(cleaner.run.journal, "WRITEBACK_PAUSE", 0.001)
    monkeypatch.setattr(cleaner.run.journal, "sync_filesystem", lambda fd: (synced.append(fd), done.set(), True)[2])
    monkeypatch.setattr(os, "sync", lambda: pytest.fail("the writeback syncs one filesystem, not every one"))
    with open(tmp_path / "report.jsonl", "ab") as report:
        writeback = Writeback(report.fileno())
        assert done.wait(10)
        writeback.stop()
        assert not writeback._thread.is_alive()
        assert set(synced) == {report.fileno()}


def test_syncing_one_filesystem_works_through_the_kernel_and_its_twin(tmp_path: Path) -> None:
    from cleaner._speedups import compiled
    from cleaner.run.journal import sync_filesystem_py

    with open(tmp_path / "report.jsonl", "ab") as report:
        assert sync_filesystem_py(report.fileno())
        kernel = compiled("process")
        if kernel is not None:
            assert kernel.sync_filesystem(report.fileno())


def test_a_writeback_without_syncfs_leaves_the_work_to_the_runs_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.run.journal
    from cleaner.run.journal import Writeback

    asked: list[int] = []
    monkeypatch.setattr(cleaner.run.journal, "WRITEBACK_PAUSE", 0.001)
    monkeypatch.setattr(cleaner.run.journal, "sync_filesystem", lambda fd: (asked.append(fd), False)[1])
    with open(tmp_path / "report.jsonl", "ab") as report:
        writeback = Writeback(report.fileno())
        writeback._thread.join(10)
        assert not writeback._thread.is_alive()
        assert len(asked) == 1
        writeback.stop()


def test_a_run_with_output_ends_its_writeback_and_an_in_place_run_has_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import cleaner.run.journal

    started: list[bool] = []
    writeback = cleaner.run.journal.Writeback
    monkeypatch.setattr(cleaner.run.journal, "Writeback", lambda fd: (started.append(True), writeback(fd))[1])
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(DUMP.format(n=n), encoding="utf-8")
    run_clean([str(folder)], Options(out=tmp_path / "out"))
    assert started == [True]
    assert not [thread for thread in threading.enumerate() if thread.name == "cleaner-writeback"]
    run_clean([str(folder)], Options(in_place=True), tmp_path / "report.jsonl")
    assert started == [True]
