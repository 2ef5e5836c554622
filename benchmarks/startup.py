"""Start-up time of the `cleaner` command beside ruff's and black's, as a pre-commit hook feels it.

    python -m benchmarks.startup [--runs 20] [--before DIR] [--write docs/benchmarks.md]

Each command runs as a fresh process, in rounds that run every command once: one round
to warm the file cache, then `--runs` rounds; the figures are each command's median
and fastest wall time from spawn to exit. On a busy machine the fastest is the closer
to what the command costs alone. The tools are the ones installed beside this Python
(the venv's `bin`), so ruff and black come from the `bench` extra. A command whose
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


def run_once(argv: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and exit code of one fresh process (output discarded)."""
    started = time.perf_counter()
    try:
        code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=cwd).returncode
    except OSError:
        code = 127  # not installed: as a shell reports it
    return time.perf_counter() - started, code


def measure(commands: list[Command], rounds: int) -> list[tuple[float, float, int]]:
    """Median and fastest wall seconds of each command, and its exit code (the lowest
    unexpected one, if any). Each round runs every command once, after one warm-up
    round, so that load from other work on the machine falls on all of them alike."""
    for command in commands:
        run_once(command.argv, command.cwd)
    times: list[list[float]] = [[] for _ in commands]
    codes: list[set[int]] = [set() for _ in commands]
    for _ in range(rounds):
        for i, command in enumerate(commands):
            seconds, code = run_once(command.argv, command.cwd)
            times[i].append(seconds)
            codes[i].add(code)
    results = []
    for command, taken, seen in zip(commands, times, codes):
        bad = seen - set(command.ok)
        results.append((statistics.median(taken), min(taken), min(bad) if bad else min(seen)))
    return results


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
        "| command | median ms | fastest ms | exit |",
        "| --- | --- | --- | --- |",
    ]
    failed = []
    for tree in (ROOT, *([args.before] if args.before else [])):
        compileall.compile_dir(tree / "cleaner", quiet=1, legacy=False)
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "empty"
        empty.mkdir()
        measured = commands(empty, args.before)
        results = measure(measured, args.runs)
    for each, (median, fastest, code) in zip(measured, results):
        mark = "" if code in each.ok else " (fails)"
        if mark:
            failed.append(each.label)
        lines.append(f"| `{each.label}` | {median * 1000:.0f} | {fastest * 1000:.0f} | {code}{mark} |")
    if failed:
        lines += ["", "Marked (fails): the command exits with an error here, so its time is that of the error, not of the answer."]
    text = "\n".join(lines) + "\n"
    publish(text, args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
