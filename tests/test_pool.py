"""Worker processes for -j N (`cleaner.run.pool`): shares stay with their process, results come in order."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.run.batch import Hooks, Interrupted, Options, Outcome, run_clean
from cleaner.run.pool import shares
from cleaner.run.stopping import stop_on_signals


def test_shares_cover_the_items_in_order_about_sixteen_a_process() -> None:
    items = list(range(181))
    cut = shares(items, 2)
    assert [i for share in cut for i in share] == items
    assert len(cut) == 37 and max(map(len, cut)) == 5
    assert shares([1], 4) == [[1]] and shares([], 2) == []


def test_a_stop_signal_in_the_parallel_learn_pass_stops_the_run_before_anything_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(40):
        (folder / f"{n:02}.txt").write_text(f"Home\nStory {n} of the day, told at some length here.\nPrivacy Policy\n", encoding="utf-8")
    out = tmp_path / "out"

    def first_share_read(count: int) -> None:
        os.kill(os.getpid(), signal.SIGINT)

    with stop_on_signals(), pytest.raises(Interrupted):
        run_clean([str(folder)], Options(out=out, jobs=2), hooks=Hooks(learn_read=first_share_read))
    assert not list(out.glob("*.txt"))


def test_a_report_sent_from_a_worker_comes_back_equal_with_named_removals() -> None:
    import pickle

    from cleaner.model.document import Kept, Removal
    from cleaner.report.model import FileReport

    removals = (
        Removal(0, 5, "Home\n", "NV01", "navigation", "menu word", 1, 0),
        Removal(9, 20, "Share this\n", "SH01", "share bar", "share words", 3, 0, "div.share", 41, 7),
    )
    report = FileReport(input="a.html", output="out/a.txt", sha256="ab", bytes_in=20, removals=removals, warnings=("w",), kept=(Kept(2, "Menu", "NV01", "navigation", "menu word", "Menu"),))
    sent = pickle.loads(pickle.dumps(report))
    assert sent == report and sent.to_json() == report.to_json()
    assert all(type(removal) is Removal for removal in sent.removals) and sent.removals[1].element == "div.share"


def test_reports_sent_without_their_removals_count_the_same(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:02}.txt").write_text(f"Home\nStory {n} of the day, told at some length here.\nShare on Facebook\nPrivacy Policy\n", encoding="utf-8")
    listed = run_clean([str(folder)], Options(out=tmp_path / "listed", jobs=2))
    sent: list[tuple[int, int]] = []

    def done(outcome: Outcome) -> None:
        sent.append((len(outcome.report.removals), sum(count for _, _, count in outcome.removed or ())))

    counted = run_clean([str(folder)], Options(out=tmp_path / "counted", jobs=2, removals_read=False), on_done=done)
    assert counted.counts() == listed.counts() and counted.counts()
    assert counted.rule_names() == listed.rule_names() and counted.changed == listed.changed
    assert all(listed_here == 0 for listed_here, _ in sent) and sum(n for _, n in sent) == sum(listed.counts().values())
    assert (tmp_path / "counted" / "cleaner-report.jsonl").read_bytes() == (tmp_path / "listed" / "cleaner-report.jsonl").read_bytes().replace(b"/listed/", b"/counted/")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
@given(st.sampled_from([signal.SIGKILL, signal.SIGTERM, signal.SIGUSR1, signal.SIGHUP, 0]))
@settings(max_examples=10)
def test_the_compiled_parent_death_signal_is_the_one_ctypes_sets(signum: int) -> None:
    # Set on this process and read back both ways; the signal it had before is put back.
    from cleaner.run.pool import set_parent_death_signal_py

    process = pytest.importorskip("cleaner._speedups.process")
    before = process.parent_death_signal()
    try:
        assert process.set_parent_death_signal(signum) is True
        assert process.parent_death_signal() == signum
        assert set_parent_death_signal_py(0) is True and process.parent_death_signal() == 0
        assert set_parent_death_signal_py(signum) is True and process.parent_death_signal() == signum
    finally:
        process.set_parent_death_signal(before)
