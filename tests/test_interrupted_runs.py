"""Runs that go wrong: killed, interrupted, stopped with workers, or run twice into one OUT.

Whatever happens, every output that exists restores exactly from the report, and a
re-run completes the job as an uninterrupted run would have.
"""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.report.model import read_report, rebuild_original

SITES = {
    "ledger": ["Home", "World news", "Sport and results", "Subscribe to The Ledger for free", "Contact the Ledger"],
    "courier": ["Start", "Politics today", "Courier weather desk", "Sign up for our morning briefing", "About the Courier"],
}
WORDS = "the of and to in valley council bridge river flood repairs vote mayor engineers report said would town".split()
PAGES_PER_SITE = 50


def _page(site: str, r: random.Random) -> str:
    nav = SITES[site]
    headline = " ".join(r.choice(WORDS) for _ in range(7)).title()
    body = [" ".join(r.choice(WORDS) for _ in range(24)).capitalize() + "." for _ in range(30)]
    return "\n".join([*nav[:3], headline, "", headline, *body, "Advertisement", *nav[3:]]) + "\n"


@pytest.fixture
def scrape(tmp_path: Path) -> Path:
    r = random.Random(11)
    root = tmp_path / "scrape"
    for site in SITES:
        (root / site).mkdir(parents=True)
        for n in range(PAGES_PER_SITE):
            (root / site / f"page{n:03}.txt").write_text(_page(site, r), encoding="utf-8")
    return root


def _cleaner(*args: str, cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cleaner", *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def _outputs(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.txt") if not p.name.startswith("."))


def _report_lines(report: Path) -> int:
    try:
        return report.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _stop_when(process: subprocess.Popen[bytes], ready: callable, signum: int) -> int:
    """Send `signum` once `ready()` holds; return the exit status."""
    deadline = time.monotonic() + 60
    while not ready():
        assert process.poll() is None, "the run ended before it could be stopped: " + process.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signum)
    return process.wait(60)


def _assert_every_output_restores(out: Path, report: Path, scrape: Path) -> None:
    records = read_report(report.read_text("utf-8"))
    for output in _outputs(out):
        original, _ = rebuild_original(output.read_bytes(), records, output)
        assert original == (scrape / output.relative_to(out)).read_bytes(), output


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def _uninterrupted(scrape: Path, tmp_path: Path) -> dict[str, bytes]:
    subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(tmp_path / "whole")], check=True, capture_output=True)
    return {k: v for k, v in _tree(tmp_path / "whole").items() if not k.startswith("cleaner-report")}


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_folder_run_stopped_midway_leaves_only_restorable_outputs_and_a_rerun_completes_it(
    scrape: Path, tmp_path: Path, signum: int
) -> None:
    out = tmp_path / "out"
    process = _cleaner("clean", str(scrape), "-o", str(out), cwd=tmp_path)
    status = _stop_when(process, lambda: len(_outputs(out)) >= 10, signum)
    assert status == (-signal.SIGKILL if signum == signal.SIGKILL else 128 + signal.SIGINT)
    written = _outputs(out)
    assert 10 <= len(written) < 2 * PAGES_PER_SITE
    _assert_every_output_restores(out, out / "cleaner-report.jsonl", scrape)

    rerun = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out)], capture_output=True, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr.decode()
    finished = {k: v for k, v in _tree(out).items() if not k.startswith("cleaner-report")}
    assert finished == _uninterrupted(scrape, tmp_path)
    _assert_every_output_restores(out, out / "cleaner-report.jsonl", scrape)


def test_sigint_says_the_run_was_interrupted_in_one_line(scrape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = _cleaner("clean", str(scrape), "-o", str(out), "-q", cwd=tmp_path)
    _stop_when(process, lambda: len(_outputs(out)) >= 3, signal.SIGINT)
    message = process.stderr.read().decode()
    assert message.startswith("cleaner: interrupted by SIGINT; stopped after "), message
    assert "Traceback" not in message and message.count("\n") == 1


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_an_in_place_run_stopped_midway_restores_and_a_rerun_matches_an_uninterrupted_run(
    scrape: Path, tmp_path: Path, signum: int
) -> None:
    originals = _tree(scrape)
    twin = tmp_path / "twin"
    shutil.copytree(scrape, twin)
    subprocess.run([sys.executable, "-m", "cleaner", "clean", "--in-place", str(twin), "--report", str(tmp_path / "twin.jsonl")], check=True, capture_output=True)

    report = tmp_path / "cleaner-report.jsonl"
    process = _cleaner("clean", "--in-place", str(scrape), cwd=tmp_path)
    _stop_when(process, lambda: _report_lines(report) >= 10, signum)
    records = read_report(report.read_text("utf-8"))
    changed = [name for name, data in _tree(scrape).items() if data != originals[name]]
    assert changed and len(changed) < len(originals)
    for name, data in _tree(scrape).items():
        restored = rebuild_original(data, records, scrape / name)[0] if data != originals[name] else data
        assert restored == originals[name], name

    rerun = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--in-place", str(scrape)], capture_output=True, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert _tree(scrape) == _tree(twin)
    records = read_report(report.read_text("utf-8"))
    for name, data in _tree(scrape).items():
        assert rebuild_original(data, records, scrape / name)[0] == originals[name], name


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc (Linux)")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_parallel_run_stopped_midway_leaves_no_worker_behind(scrape: Path, tmp_path: Path, signum: int) -> None:
    out = tmp_path / "out"
    process = _cleaner("clean", str(scrape), "-o", str(out), "-j", "2", cwd=tmp_path)
    workers: set[int] = set()

    def ready() -> bool:
        workers.update(_children(process.pid))
        return len(_outputs(out)) >= 10

    status = _stop_when(process, ready, signum)
    assert workers, "the run started no worker process"
    assert status == (128 + signum if signum == signal.SIGTERM else -signum)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
    _assert_every_output_restores(out, out / "cleaner-report.jsonl", scrape)


def test_two_runs_into_one_out_share_one_report_and_every_output_of_both_restores(scrape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out)], capture_output=True)
    # The second run writes OUT/pageNNN.txt beside the first run's OUT/ledger/ and OUT/courier/,
    # then a third rewrites the first run's outputs with another preset.
    second = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape / "ledger"), "-o", str(out), "--article"], capture_output=True)
    third = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out), "--article"], capture_output=True)
    assert first.returncode == second.returncode == third.returncode == 0, third.stderr.decode()
    records = read_report((out / "cleaner-report.jsonl").read_text("utf-8"))
    assert len(records) == 5 * PAGES_PER_SITE
    outputs = _outputs(out)
    assert len(outputs) == 3 * PAGES_PER_SITE
    for output in outputs:
        source = scrape / output.relative_to(out) if output.parent != out else scrape / "ledger" / output.name
        assert rebuild_original(output.read_bytes(), records, output)[0] == source.read_bytes(), output


def test_a_concurrent_second_run_into_the_same_out_is_refused(scrape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with open(out / "cleaner-report.jsonl", "ab") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # as a running cleaner holds it
        refused = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out)], capture_output=True)
    assert refused.returncode == 2
    assert refused.stderr.decode().strip() == f"cleaner: error: another cleaner run is writing {out / 'cleaner-report.jsonl'}; wait for it to finish, or write elsewhere"
    assert _outputs(out) == []


def test_a_report_line_cut_off_by_a_kill_is_dropped_by_the_next_run(scrape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape / "ledger"), "-o", str(out)], check=True, capture_output=True)
    report = out / "cleaner-report.jsonl"
    whole = report.read_bytes()
    report.write_bytes(whole + b'{"input": "half a li')
    assert len(read_report(report.read_text("utf-8"))) == PAGES_PER_SITE
    subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape / "ledger"), "-o", str(out)], check=True, capture_output=True)
    assert report.read_bytes() == whole + whole


def _limited(limit: int) -> callable:
    """A child process whose files may not grow past `limit` bytes, as on a nearly full disk."""

    def apply() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_report_that_fills_the_disk_stops_the_run_in_one_line_and_what_was_written_restores(scrape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out), "-q"],
        capture_output=True, preexec_fn=_limited(60_000),
    )
    message = run.stderr.decode()
    assert run.returncode == 123
    assert message.startswith(f"cleaner: cannot write the report {out / 'cleaner-report.jsonl'}: file too large; stopped after "), message
    assert message.count("\n") == 1
    written = _outputs(out)
    assert 0 < len(written) < 2 * PAGES_PER_SITE
    _assert_every_output_restores(out, out / "cleaner-report.jsonl", scrape)


def test_an_output_that_cannot_be_written_fails_alone_and_the_run_goes_on(scrape: Path, tmp_path: Path) -> None:
    big = scrape / "ledger" / "page000.txt"
    big.write_text(big.read_text() * 40)
    out = tmp_path / "out"
    run = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(scrape / "ledger"), "-o", str(out), "-q", "--report", str(tmp_path / "r.jsonl")],
        capture_output=True, preexec_fn=_limited(2 * big.stat().st_size // 3),
    )
    assert run.returncode == 123
    assert run.stderr.decode() == f"cleaner: {big}: cannot write output: file too large\n"
    assert not (out / "page000.txt").exists() and len(_outputs(out)) == PAGES_PER_SITE - 1
    assert list(out.glob(".*.tmp")) == []


def test_a_report_path_that_cannot_be_opened_is_a_usage_error(scrape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = out / ("r" * 300 + ".jsonl")  # longer than a file name may be
    run = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out), "--report", str(report)], capture_output=True)
    assert run.returncode == 2
    assert run.stderr.decode() == f"cleaner: error: cannot write the report {report}: file name too long\n"
    assert _outputs(out) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_out_is_a_usage_error(scrape: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    run = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out)], capture_output=True)
    out.chmod(0o755)
    assert run.returncode == 2
    assert run.stderr.decode() == f"cleaner: error: cannot write the report {out / 'cleaner-report.jsonl'}: permission denied\n"


def test_a_signal_while_the_process_pool_runs_waits_for_the_pools_own_code_to_be_left() -> None:
    from cleaner.run.stopping import Interrupted, deferred, stop_on_signals, uninterrupted

    reached = []
    with stop_on_signals():
        with pytest.raises(Interrupted):
            with deferred():
                os.kill(os.getpid(), signal.SIGINT)
                reached.append("after the signal, inside the pool's stretch")
                with pytest.raises(Interrupted):
                    with uninterrupted():  # a commit ends: the stop takes effect there
                        reached.append("the commit")
                os.kill(os.getpid(), signal.SIGINT)
                reached.append("after a second signal")
    assert reached == ["after the signal, inside the pool's stretch", "the commit", "after a second signal"]
