"""What a folder run costs end to end through the CLI, before and after a change, in one run.

    python -m benchmarks.run_costs --before /tmp/run-before [--rounds 3] [--html DIR --dumps DIR]

`--before` is a checkout of the code to compare with (`git worktree add /tmp/run-before
main`); it runs with this checkout's interpreter, from its own folder, so that
`python -m cleaner` imports its code. Each round runs every command once, before and
after alternating, so that load from other work falls on both alike. Per command: the
wall time and the CPU time (user + system, the worker processes included, from the
`wait4` rusage), the fastest and the median of the rounds, and the 1-minute load
before it started. The folders: `--html`, the benchmark's pages as `<id>.html`, and
`--dumps`, their `get_text("\\n")` dumps as `<id>.txt` (written from the corpus when
missing). The outputs of before and after are compared file by file, with the report
and the diff beside it (output paths aside).

Then, load aside, where the CPU goes: a `-j 1` run in one process split into the
rules (the time inside `clean_text`/`clean_page`) and the rest, start-up included,
before and after; and for `-j 2`, before and after, the parent's CPU and each worker's
(the sum of its tasks), and the run's critical path: the parent's CPU while the
workers wait (before it gives out the learn pass, while it builds the model, after the
last clean share), plus the busiest worker's learn pass and clean pass. The parent's
other work overlaps the workers', but on two cores it takes CPU from them, so the run
needs at least the larger of that path and all its CPU over two; end to end, the CLI's
start-up (`clean` on an empty folder, its CPU) comes before either.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)


def write_folders(html: Path, dumps: Path) -> None:
    """The corpus's pages, and their get_text("\\n") dumps, as flat folders (if not there yet)."""
    if html.is_dir() and dumps.is_dir() and any(html.iterdir()) and any(dumps.iterdir()):
        return
    from benchmarks.corpus import DUMPERS, load_pages

    html.mkdir(parents=True, exist_ok=True)
    dumps.mkdir(parents=True, exist_ok=True)
    for page in load_pages():
        (html / f"{page.id}.html").write_bytes(page.html)
        (dumps / f"{page.id}.txt").write_text(DUMPERS['get_text("\\n")'](page.html), encoding="utf-8")


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one command, its children included."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode() if process.stderr else ""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({process.returncode}): {error}")
    return wall, usage.ru_utime + usage.ru_stime


def same_outputs(a: Path, b: Path) -> bool:
    """Every clean file, the report and the diff equal, with each folder's own path read as OUT."""
    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        return False
    for name in names:
        first, second = (a / name).read_bytes(), (b / name).read_bytes()
        if name.startswith("cleaner-report"):
            first, second = first.replace(str(a).encode(), b"OUT"), second.replace(str(b).encode(), b"OUT")
        if first != second:
            return False
    return True


SPLIT = """
import contextlib, shutil, sys, time
started = time.process_time()
import cleaner.run.worker as worker
rules = [0.0]
def timed(function):
    def call(*args, **kwargs):
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            rules[0] += time.process_time() - start
    return call
worker.clean_text, worker.clean_page = timed(worker.clean_text), timed(worker.clean_page)
from cleaner.cli import app
with contextlib.suppress(SystemExit):
    app(["clean", sys.argv[1], "-o", sys.argv[2], "--article", "-j", "1", "-q"], prog_name="cleaner")
total = time.process_time() - started
print(f"{total:.2f} {rules[0]:.2f}")
"""
"""A -j 1 run in this process: prints its total CPU and the rules' share of it."""

CRITICAL = """
import os, sys, time
from pathlib import Path
import cleaner.run.executors as executors
import cleaner.run.pool as pool
from cleaner.rules.presets import Preset
from cleaner.run.batch import Options, run_clean
log = Path(sys.argv[3])
def logged(function):
    # Each task's CPU in its worker process: the learn pass's and the clean pass's.
    def task(*args):
        start = time.process_time()
        result = function(*args)
        with open(log / str(os.getpid()), "a") as stream:
            stream.write(f"{function.__name__} {time.process_time() - start}\\n")
        return result
    task.__qualname__ = task.__name__ = function.__name__
    task.__module__ = function.__module__
    return task
for name in ("learn_installed", "clean_installed", "install_model"):
    task = logged(getattr(pool, name))
    setattr(pool, name, task)  # where a task sent to a worker is found by name
    if hasattr(executors, name):
        setattr(executors, name, task)
marks = {}
plain_map, plain_everywhere, plain_model = pool.Pool.map, pool.Pool.everywhere, executors.model_of
def map(self, task, items, *args, **kwargs):
    # The parent's CPU when it first gives out work, and when the last result is in.
    marks.setdefault(task.__name__ + " given", time.process_time())
    results = plain_map(self, task, items, *args, **kwargs)
    def taken():
        yield from results
        marks[task.__name__ + " done"] = time.process_time()
    return taken()
def model(tallies):
    def counted():
        yield from tallies
        marks["counted"] = time.process_time()
    return plain_model(counted())
def everywhere(self, task, value):
    given = plain_everywhere(self, task, value)
    marks["installed"] = time.process_time()
    return given
pool.Pool.map, pool.Pool.everywhere, executors.model_of = map, everywhere, model
started = time.process_time()
run_clean([sys.argv[1]], Options(out=Path(sys.argv[2]), jobs=2, preset=Preset.ARTICLE))
ended = time.process_time()
workers = []
for path in log.iterdir():
    spent = {"learn_installed": 0.0, "clean_installed": 0.0, "install_model": 0.0}
    for line in path.read_text().splitlines():
        name, seconds = line.split()
        spent[name] += float(seconds)
    workers.append(spent)
before = marks["learn_installed given"] - started
between = marks["installed"] - marks["counted"]
after = ended - marks["clean_installed done"]
learning = max(w["learn_installed"] for w in workers)
cleaning = max(w["install_model"] + w["clean_installed"] for w in workers)
print(ended - started, *[sum(w.values()) for w in workers], before, between, after, learning, cleaning)
"""
"""A -j 2 run through the library: prints the parent's CPU and each worker's (the sum of its
tasks), then the parts of the run's critical path: the parent's CPU before it gives out the
learn pass, from the last tally to the model installed in the workers, and after the last
clean share came back; the busiest
worker's learn pass and clean pass."""


def split(python_path: Path, folder: Path, scratch: Path) -> tuple[float, float]:
    out = scratch / "split-out"
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(python_path)}
    done = subprocess.run([sys.executable, "-c", SPLIT, str(folder), str(out)], env=env, capture_output=True, text=True, check=True)
    total, rules = map(float, done.stdout.split())
    return total, rules


@dataclass
class Split:
    """Where a -j 2 run's CPU goes, against -j 1's."""

    one: float
    """-j 1: the CPU of the run."""
    parent: float
    workers: list[float]
    serial: tuple[float, float, float]
    """The parent's CPU while the workers have nothing to do: before it gives out the learn
    pass, while it builds the model, after the last clean share."""
    learning: float
    """The busiest worker's learn pass..."""
    cleaning: float
    """...and clean pass."""

    @property
    def path(self) -> float:
        """The critical path: the parent's serial parts and the busiest worker's passes, as if
        the parent's other work (merging tallies, writing outputs) took no core from them."""
        return sum(self.serial) + self.learning + self.cleaning

    @property
    def bound(self) -> float:
        """The time the run needs at least: its critical path, or all its CPU over two cores."""
        return max(self.path, (self.parent + sum(self.workers)) / 2)


def critical(folder: Path, scratch: Path, checkout: Path = ROOT) -> Split:
    """-j 1's CPU through the library, and -j 2's parent and workers, with `checkout`'s code."""
    out, log = scratch / "critical-out", scratch / "critical-log"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(log, ignore_errors=True)
    log.mkdir()
    done = subprocess.run([sys.executable, "-c", CRITICAL, str(folder), str(out), str(log)], capture_output=True, text=True, check=True, cwd=checkout)
    parent, first, second, before, between, after, learning, cleaning = map(float, done.stdout.split())
    shutil.rmtree(out, ignore_errors=True)
    one = subprocess.run(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; from cleaner.rules.presets import Preset; "
         "from cleaner.run.batch import Options, run_clean; t = time.process_time(); "
         "run_clean([sys.argv[1]], Options(out=Path(sys.argv[2]), jobs=1, preset=Preset.ARTICLE)); print(time.process_time() - t)",
         str(folder), str(out)],
        capture_output=True, text=True, check=True, cwd=checkout,
    )
    return Split(float(one.stdout), parent, [first, second], (before, between, after), learning, cleaning)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="A checkout of the code to compare with.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--html", type=Path, default=Path("/tmp/run/html"))
    parser.add_argument("--dumps", type=Path, default=Path("/tmp/run/dumps"))
    parser.add_argument("--split-only", action="store_true", help="Only where the CPU goes (the tables after the wall times).")
    args = parser.parse_args(argv)
    write_folders(args.html, args.dumps)
    scratch = Path(tempfile.mkdtemp(prefix="run-costs-"))
    empty = scratch / "empty"
    empty.mkdir()
    commands: dict[str, list[str]] = {
        "start-up: `clean EMPTY -o OUT -q`": ["clean", str(empty), "-q"],
        "`--version`": ["--version"],
    }
    for name, folder in (("get_text(\"\\n\") dumps", args.dumps), ("HTML pages", args.html)):
        for jobs in (1, 2):
            commands[f"{name}: `clean --article -j {jobs}`"] = ["clean", str(folder), "--article", "-q", "-j", str(jobs)]
    where = {"before": args.before.resolve(), "after": ROOT}
    timings = {(label, side): Timing() for label in commands for side in where}
    floor = Timing()
    identical: dict[str, bool] = {}
    for round_number in range(0 if args.split_only else args.rounds):
        for label, arguments in commands.items():
            for side, cwd in where.items():
                out = scratch / f"{side}-out"
                shutil.rmtree(out, ignore_errors=True)
                argv = [sys.executable, "-m", "cleaner", *arguments]
                if arguments[0] == "clean":
                    argv += ["-o", str(out)]
                timing = timings[label, side]
                timing.loads.append(os.getloadavg()[0])
                wall, cpu = timed(argv, cwd)
                timing.wall.append(wall)
                timing.cpu.append(cpu)
            if arguments[0] == "clean" and round_number == 0:
                identical[label] = same_outputs(scratch / "before-out", scratch / "after-out")
        shutil.rmtree(scratch / "floor", ignore_errors=True)
        floor.loads.append(os.getloadavg()[0])
        wall, cpu = timed([sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(args.dumps), str(scratch / "floor")], ROOT)
        floor.wall.append(wall)
        floor.cpu.append(cpu)
    if not args.split_only:
        wall_tables(commands, where, timings, floor, identical)
    split_tables(args, where, scratch)
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


def wall_tables(commands: dict[str, list[str]], where: dict[str, Path], timings: dict[tuple[str, str], Timing], floor: Timing, identical: dict[str, bool]) -> None:
    print("| command | before wall, s (median / fastest) | after wall, s | before CPU, s | after CPU, s | load | outputs |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label in commands:
        before, after = timings[label, "before"], timings[label, "after"]
        load = statistics.mean(before.loads + after.loads)
        same = {True: "identical", False: "DIFFER", None: ""}[identical.get(label)]
        print(
            f"| {label} | {statistics.median(before.wall):.2f} / {min(before.wall):.2f} | {statistics.median(after.wall):.2f} / {min(after.wall):.2f} "
            f"| {statistics.median(before.cpu):.2f} | {statistics.median(after.cpu):.2f} | {load:.1f} | {same} |"
        )
    print(f"| floor script (`benchmarks/floor.py DUMPS OUT`) | {statistics.median(floor.wall):.2f} / {min(floor.wall):.2f} | | {statistics.median(floor.cpu):.2f} | | {statistics.mean(floor.loads):.1f} | |")
    for name in ("get_text(\"\\n\") dumps", "HTML pages"):
        for side in where:
            one, two = timings[f"{name}: `clean --article -j 1`", side], timings[f"{name}: `clean --article -j 2`", side]
            print(f"\n{name}, {side}: -j 2 is {statistics.median(one.wall) / statistics.median(two.wall):.2f}x as fast as -j 1 (median wall)", end="")

def split_tables(args: argparse.Namespace, where: dict[str, Path], scratch: Path) -> None:
    print("\n\n| folder | side | total CPU, s | rules | the rest | the rest a file, ms | load |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, folder in (("get_text(\"\\n\") dumps", args.dumps), ("HTML pages", args.html)):
        files = sum(1 for _ in folder.iterdir())
        for round_number in range(2):
            for side, checkout in where.items():
                load = os.getloadavg()[0]
                total, rules = split(checkout, folder, scratch)
                print(f"| {name} | {side} | {total:.2f} | {rules:.2f} | {total - rules:.2f} | {(total - rules) / files * 1000:.1f} | {load:.1f} |")
    print("\n| folder | side | -j 1 CPU of the run, s | -j 2: parent, workers | parent serial: before, model, after | busiest worker: learn, clean "
          "| critical path, s | -j 1 / critical path | -j 1 / max(path, CPU / 2) | the same with the start-up | load |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    empty, out = scratch / "empty", scratch / "start-out"
    empty.mkdir(exist_ok=True)
    for _ in range(args.rounds):
        for name, folder in (("get_text(\"\\n\") dumps", args.dumps), ("HTML pages", args.html)):
            for side, checkout in where.items():
                load = os.getloadavg()[0]
                # The CLI's start-up, serial whatever -j is: `clean` on an empty folder.
                start = timed([sys.executable, "-m", "cleaner", "clean", str(empty), "-q", "-o", str(out)], checkout)[1]
                run = critical(folder, scratch, checkout)
                print(
                    f"| {name} | {side} | {run.one:.2f} | {run.parent:.2f}; {', '.join(f'{w:.2f}' for w in run.workers)} "
                    f"| {', '.join(f'{s:.3f}' for s in run.serial)} | {run.learning:.2f}, {run.cleaning:.2f} | {run.path:.2f} "
                    f"| {run.one / run.path:.2f}x | {run.one / run.bound:.2f}x | {(start + run.one) / (start + run.bound):.2f}x ({start:.2f} s) | {load:.1f} |"
                )


if __name__ == "__main__":
    sys.exit(main())
