"""Start-up time of the `cleaner` command beside ruff's and black's, as a pre-commit hook feels it.

    python -m benchmarks.startup [--runs 20] [--write docs/benchmarks.md]

Each command runs as a fresh process, once to warm the file cache and then `--runs`
times; the figure is the median wall time (and the fastest) from spawn to exit. The
tools are the ones installed beside this Python (the venv's `bin`), so ruff and black
come from the `bench` extra. A command whose exit code is not the expected one is
kept in the table, marked with its code, instead of stopping the run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.quality import command_line, machine, publish

HEADING = "## Start-up time"
SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "en-seed-like-flood-barrier.txt"


@dataclass(frozen=True)
class Command:
    label: str
    argv: list[str]
    ok: tuple[int, ...] = (0,)
    """Exit codes of a run that did its job (`check` exits 1 when the file would change)."""


def tool(name: str) -> str:
    """The console script `name` installed beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else (shutil.which(name) or name)


def commands() -> list[Command]:
    cleaner = tool("cleaner")
    return [
        Command("python -c pass (the interpreter alone)", [sys.executable, "-c", "pass"]),
        Command('python -c "import cleaner"', [sys.executable, "-c", "import cleaner"]),
        Command("cleaner --version", [cleaner, "--version"]),
        Command("cleaner --help", [cleaner, "--help"]),
        Command(f"cleaner check {SAMPLE.relative_to(SAMPLE.parents[1])} -q", [cleaner, "check", str(SAMPLE), "-q"], ok=(0, 1)),
        Command("ruff --version", [tool("ruff"), "--version"]),
        Command("black --version", [tool("black"), "--version"]),
    ]


def run_once(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and exit code of one fresh process (output discarded)."""
    started = time.perf_counter()
    try:
        code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False).returncode
    except OSError:
        code = 127  # not installed: as a shell reports it
    return time.perf_counter() - started, code


def measure(command: Command, runs: int) -> tuple[float, float, int]:
    """Median and fastest wall seconds over `runs` runs after one warm-up, and the exit code."""
    run_once(command.argv)
    times, codes = [], set()
    for _ in range(runs):
        seconds, code = run_once(command.argv)
        times.append(seconds)
        codes.add(code)
    bad = codes - set(command.ok)
    return statistics.median(times), min(times), min(bad) if bad else min(codes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Timed runs of each command, after one warm-up.")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    command = command_line("benchmarks.startup", argv)
    lines = [
        HEADING,
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}; each command a fresh process, one warm-up run then the median of {args.runs}.",
        "",
        "| command | median ms | fastest ms | exit |",
        "| --- | --- | --- | --- |",
    ]
    failed = []
    for each in commands():
        median, fastest, code = measure(each, args.runs)
        mark = "" if code in each.ok else " (fails)"
        if mark:
            failed.append(each.label)
        lines.append(f"| `{each.label}` | {median * 1000:.0f} | {fastest * 1000:.0f} | {code}{mark} |")
        print(lines[-1], flush=True)
    if failed:
        lines += ["", "Marked (fails): the command exits with an error here, so its time is that of the error, not of the answer."]
    text = "\n".join(lines) + "\n"
    publish(text, args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
