"""Start-up time of the `cleaner` command beside ruff's and black's, as a pre-commit hook feels it.

    python -m benchmarks.startup [--runs 20] [--before DIR] [--write docs/benchmarks.md]

Each command runs as a fresh process, in rounds that run every command once: one round
to warm the file cache, then `--runs` rounds; the figures are each command's median
and fastest wall time from spawn to exit, and its median CPU time. On a busy machine
the fastest is the closer to what the command costs alone, and the CPU time the
steadier. The tools are the ones installed beside this Python (the venv's `bin`), so
ruff and black come from the `bench` extra. A command whose
exit code is not the expected one is kept in the table, marked with its code,
instead of stopping the run.

With `--before DIR` (a checkout of an earlier commit, e.g. from `git archive`), each of
cleaner's commands also runs as `python -m cleaner` in DIR and in this checkout, side by side in the same rounds, so that the two are measured under the same load.
Every package's bytecode is compiled first, as an installed package's is: where
PYTHONDONTWRITEBYTECODE is set, a source tree would otherwise be compiled on every run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from benchmarks.quality import command_line, machine, publish

HEADING = "## Start-up time"
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "en-seed-like-flood-barrier.txt"


@dataclass(frozen=True)
class Command:
    label: str
    argv: list[str]
    ok: tuple[int, ...] = (0,)
    """Exit codes of a run that did its job (`check` exits 1 when the file would change)."""
    cwd: Path | None = None
    """Where it runs: `python -m` imports the package found there before any other."""


def tool(name: str) -> str:
    """The console script `name` installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def cleaner_runs(empty: Path) -> list[tuple[str, list[str], tuple[int, ...]]]:
    """cleaner's commands: label, arguments and the exit codes of a run that did its job."""
    sample = str(SAMPLE.relative_to(ROOT))
    return [
        ("--version", ["--version"], (0,)),
        ("--help", ["--help"], (0,)),
        (f"check {sample} -q", ["check", str(SAMPLE), "-q"], (0, 1)),
        # As a pre-commit hook runs it: findings and the summary printed.
        (f"check {sample}", ["check", str(SAMPLE)], (0, 1)),
        # The fixed cost in every end-to-end figure of issue 13.
        ("clean EMPTY -o OUT -q -j 1", ["clean", str(empty), "-o", str(empty.parent / "out"), "-q", "-j", "1"], (0,)),
    ]


def commands(empty: Path, before: Path | None = None) -> list[Command]:
    cleaner = tool("cleaner")
    listed = [
        Command("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"]),
        Command('python -c "import cleaner"', [sys.executable, "-c", "import cleaner"]),
    ]
    for label, arguments, ok in cleaner_runs(empty):
        if before is None:
            listed.append(Command(f"cleaner {label}", [cleaner, *arguments], ok))
            continue
        for tree, name in ((before, "before"), (ROOT, "this")):
            listed.append(Command(f"cleaner {label} ({name})", [sys.executable, "-m", "cleaner", *arguments], ok, tree))
    return listed + [
        Command("ruff --version", [tool("ruff"), "--version"]),
        Command("black --version", [tool("black"), "--version"]),
    ]


def run_once(argv: list[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Wall seconds, exit code and CPU seconds (user and system, with the processes it
    waited for) of one fresh process (output discarded)."""
    started = time.perf_counter()
    try:
        process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    except OSError:
        return time.perf_counter() - started, 127, 0.0  # not installed: as a shell reports it
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, process.returncode, usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class Timing:
    """One command's times over the rounds, in seconds."""

    median: float
    fastest: float
    cpu: float
    """The median CPU time: on a shared machine, where waiting for a core can double a
    process's wall time, the steadier figure for comparing two versions."""
    code: int
    """The exit code: the lowest unexpected one, if any."""


def timings(commands: list[Command], rounds: int) -> list[Timing]:
    """Each command's times. Each round runs every command once, after one warm-up
    round, so that load from other work on the machine falls on all of them alike."""
    for command in commands:
        run_once(command.argv, command.cwd)
    runs: list[list[tuple[float, int, float]]] = [[] for _ in commands]
    for _ in range(rounds):
        for i, command in enumerate(commands):
            runs[i].append(run_once(command.argv, command.cwd))
    results = []
    for command, taken in zip(commands, runs):
        seen = {code for _, code, _ in taken}
        bad = seen - set(command.ok)
        wall = [seconds for seconds, _, _ in taken]
        cpu = statistics.median(used for _, _, used in taken)
        results.append(Timing(statistics.median(wall), min(wall), cpu, min(bad) if bad else min(seen)))
    return results


def measure(commands: list[Command], rounds: int) -> list[tuple[float, float, int]]:
    """Median and fastest wall seconds of each command, and its exit code (`timings`)."""
    return [(t.median, t.fastest, t.code) for t in timings(commands, rounds)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Timed rounds (each runs every command once), after one warm-up round.")
    parser.add_argument("--before", type=Path, help="A checkout of an earlier commit to time cleaner's commands against, side by side.")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    command = command_line("benchmarks.startup", argv)
    lines = [
        HEADING,
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}; 1-minute load average {os.getloadavg()[0]:.1f} when it started; "
        f"run on {date.today().isoformat()}. Each command a fresh process, a warm-up round, then {args.runs} rounds that run every command once each.",
        *([f"(before): the package in `{args.before}`; (this): this checkout's; both as `python -m cleaner`, compiled to bytecode first."] if args.before else []),
        "",
        "| command | median ms | fastest ms | CPU ms (median) | exit |",
        "| --- | --- | --- | --- | --- |",
    ]
    failed = []
    for tree in (ROOT, *([args.before] if args.before else [])):
        compileall.compile_dir(tree / "cleaner", quiet=1, legacy=False)
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "empty"
        empty.mkdir()
        measured = commands(empty, args.before)
        results = timings(measured, args.runs)
    for each, timing in zip(measured, results):
        mark = "" if timing.code in each.ok else " (fails)"
        if mark:
            failed.append(each.label)
        lines.append(
            f"| `{each.label}` | {timing.median * 1000:.0f} | {timing.fastest * 1000:.0f} | {timing.cpu * 1000:.0f} | {timing.code}{mark} |"
        )
    if failed:
        lines += ["", "Marked (fails): the command exits with an error here, so its time is that of the error, not of the answer."]
    text = "\n".join(lines) + "\n"
    publish(text, args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
