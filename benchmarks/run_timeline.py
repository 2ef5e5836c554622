"""Where the wall time of one `cleaner clean` run goes, phase by phase, in the parent and each worker.

    python -m benchmarks.run_timeline DIR [--article] [-j N] [--rounds 3] [--checkout DIR]

Each round runs `python -m cleaner clean DIR -o OUT -q -j N` in a fresh process, as the
end-to-end benchmark does, but through a bootstrap that wraps the run's phases
(`PHASES`: module, attribute) with a clock before the CLI starts. Every process,
workers included (they fork from it and inherit the wrappers), writes its phases'
count, total seconds and first start / last end, measured from the moment the
command was launched, to a file of its own; the tool prints the median of the rounds.
The wrappers cost a few microseconds a call: compare runs of this tool with each
other, not with the end-to-end benchmark's figures. `--checkout`: run another checkout's
code (its folder is the command's working folder), to compare before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PHASES = [
    ("cleaner.run.batch", "plan_run"),
    ("cleaner.run.batch", "_executor"),
    ("cleaner.run.batch", "_learn"),
    ("cleaner.run.batch", "clean_sources"),
    ("cleaner.run.batch", "_commit"),
    ("cleaner.run.batch", "_staged"),
    ("cleaner.run.executors", "_model"),
    ("cleaner.run.journal", "Journal.commit"),
    ("cleaner.run.journal", "Journal.__exit__"),
    ("cleaner.run.pool", "learn_installed"),
    ("cleaner.run.pool", "clean_installed"),
    ("cleaner.run.pool", "install"),
    ("cleaner.run.pool", "prepare_installed"),
    ("cleaner.run.pool", "install_model"),
    ("cleaner.run.worker", "Worker.__call__"),
    ("cleaner.run.worker", "Worker.count"),
    ("cleaner.run.worker", "clean_text"),
    ("cleaner.run.worker", "clean_page"),
    ("cleaner.run.worker", "Diff.text"),
    ("cleaner.run.journal", "report_line"),
    ("cleaner.run.pool", "report_line"),
    ("cleaner.report.model", "FileReport.to_line"),
    ("cleaner.run.worker", "_read"),
    ("cleaner.run.worker", "_check_restores"),
    ("cleaner.run.worker", "Worker._site"),
    ("cleaner.rules.template", "SiteTemplate.for_page"),
    ("cleaner.run.output", "stage"),
    ("cleaner.run.output", "Staged.publish"),
    # The learn pass's parts (sites.pages._pages): reading a page, keying its lines, keeping it for the clean pass.
    ("cleaner.readers", "read_document"),
    ("cleaner.sites.model", "line_keys"),
    ("cleaner.sites.pages", "ReadAhead.keep"),
    # The parent's part of the learn pass under -j N: merging the workers' shares, then the model.
    ("cleaner.sites.learn", "TemplateCounter.merge"),
    ("cleaner.sites.learn", "TemplateCounter.model"),
    ("cleaner.sites.tally", "LineTally.add"),
]

BOOTSTRAP = r"""
import atexit, functools, importlib, json, os, sys, time
launched = float(os.environ["TIMELINE_LAUNCHED"])
folder = os.environ["TIMELINE_DIR"]
phases = {}

def dump():
    with open(os.path.join(folder, f"{os.getpid()}.json"), "w") as f:
        json.dump({"parent": os.getpid() == PARENT, "phases": phases, "end": time.time() - launched, "cpu": time.process_time()}, f)

def wrap(name, function):
    @functools.wraps(function)
    def timed(*args, **kwargs):
        start = time.time() - launched
        try:
            return function(*args, **kwargs)
        finally:
            end = time.time() - launched
            count, total, first, last = phases.get(name, (0, 0.0, start, end))
            phases[name] = (count + 1, total + end - start, min(first, start), max(last, end))
            if name in ("pool.learn_installed", "pool.clean_installed"):
                dump()
    return timed

PARENT = os.getpid()
phases["imports"] = (1, 0.0, 0.0, time.time() - launched)
import cleaner.cli
for module_name, attribute in PHASES:
    module = importlib.import_module(module_name)
    owner, _, member = attribute.rpartition(".")
    holder = getattr(module, owner) if owner else module
    if not hasattr(holder, member):
        continue
    original = getattr(holder, member)
    label = module_name.rsplit(".", 1)[1] + "." + attribute
    if isinstance(original, property):
        setattr(holder, member, property(wrap(label, original.fget)))
        continue
    timed = wrap(label, original)
    setattr(holder, member, timed)
    # Modules that imported the function by name call it, and pickle it, under that name too.
    for other in list(sys.modules.values()):
        if getattr(other, "__name__", "").startswith("cleaner.") and getattr(other, member, None) is original:
            setattr(other, member, timed)
phases["imports"] = (1, 0.0, 0.0, time.time() - launched)
atexit.register(dump)
sys.argv = ["cleaner"] + sys.argv[1:]
from cleaner.cli import app
app()
"""


def run_once(folder: Path, out: Path, args: list[str], checkout: Path = ROOT) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="timeline-") as spool:
        code = f"PHASES = {PHASES!r}\n" + BOOTSTRAP
        env = dict(os.environ, TIMELINE_DIR=spool)
        argv = [sys.executable, "-c", code, "clean", str(folder), "-o", str(out), "-q", *args]
        env["TIMELINE_LAUNCHED"] = repr(time.time())
        start = time.perf_counter()
        subprocess.run(argv, cwd=checkout, env=env, check=True)
        wall = time.perf_counter() - start
        processes = [json.loads(p.read_text()) for p in sorted(Path(spool).glob("*.json"))]
    return {"wall": wall, "processes": processes}


def summarise(rounds: list[dict[str, object]]) -> list[str]:
    """Median per phase: (process role, phase) -> calls, total, first start, last end."""
    rows: dict[tuple[str, str], list[tuple[float, float, float, float]]] = {}
    for result in rounds:
        workers = 0
        for process in result["processes"]:  # type: ignore[union-attr]
            role = "parent" if process["parent"] else f"worker {workers}"
            workers += 0 if process["parent"] else 1
            for name, values in process["phases"].items():
                rows.setdefault((role, name), []).append(tuple(values))
            rows.setdefault((role, "(end; total: CPU)"), []).append((1, process["cpu"], process["end"], process["end"]))
    lines = [f"wall, s: median {statistics.median(r['wall'] for r in rounds):.3f} (fastest {min(r['wall'] for r in rounds):.3f})"]
    lines.append(f"{'process':<9} {'phase':<28} {'calls':>6} {'total s':>8} {'first':>7} {'last':>7}")
    order = sorted(rows, key=lambda key: (key[0] != "parent", key[0], statistics.median(v[2] for v in rows[key])))
    for role, name in order:
        values = rows[(role, name)]
        med = [statistics.median(v[i] for v in values) for i in range(4)]
        lines.append(f"{role:<9} {name:<28} {med[0]:>6.0f} {med[1]:>8.3f} {med[2]:>7.3f} {med[3]:>7.3f}")
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--article", action="store_true")
    parser.add_argument("-j", "--jobs", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--checkout", type=Path, default=ROOT, help="The code to run (default: this checkout).")
    parsed = parser.parse_args(argv)
    args = ["-j", str(parsed.jobs)] + (["--article"] if parsed.article else [])
    rounds = []
    with tempfile.TemporaryDirectory(prefix="timeline-out-") as outs:
        for number in range(parsed.rounds):
            rounds.append(run_once(parsed.folder.resolve(), Path(outs) / str(number), args, parsed.checkout))
    print(f"load {os.getloadavg()[0]:.1f}; {' '.join(args)}")
    print("\n".join(summarise(rounds)))


if __name__ == "__main__":
    main()
