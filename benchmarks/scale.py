"""Scale: `cleaner clean` on this machine's processes (`-j 2`) and on a Dask LocalCluster of 2 workers.

    python -m benchmarks.scale [--write docs/benchmarks.md] [--jobs 2] [--limit N] [--jsonl-mb 1024] [--keep DIR]

In the same run, on the same inputs, through the CLI (`python -m cleaner clean IN -o OUT -q`):
(a) the 1,497 WCXB HTML pages (copied in from ../shared/corpus/wcxb), (b) their text dumps
(`get_text("\\n")`, as benchmarks.wcxb makes them), (c) a generated JSON Lines file of
about 1 GB (those pages again and again as records with an `html` field and varied URLs),
and (d) the same records cut into 4 files, as a corpus's shards.
For each: wall time end to end, pages/s, and the peak resident memory of the client
process and of each worker process (sampled every 0.1 s). The Dask engine starts its own
LocalCluster in each run; that start-up (and shut-down), timed alone, is stated apart
and included in the end-to-end figures, so the Dask overhead is the difference. Each
Dask run's outputs and report are checked to be byte-identical to the local run's.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import psutil

from benchmarks.corpus import dump_newline
from benchmarks.quality import command_line, machine, publish

WCXB = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wcxb"
HEADING = "## Scale: local processes and a Dask cluster"
SAMPLE_EVERY = 0.1
SHARDS = 4


@dataclass
class Measured:
    """One `cleaner clean` run: its wall time and the peak memory of its processes."""

    seconds: float
    client_peak: int
    worker_peaks: list[int] = field(default_factory=list)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="Replace the Scale section of this markdown file.")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, help="Only the first N pages (a quick look; not for the docs).")
    parser.add_argument("--jsonl-mb", type=int, default=1024, help="Size of the generated JSON Lines input (MB).")
    parser.add_argument("--keep", type=Path, help="Work in this folder and keep it (default: a temporary one).")
    args = parser.parse_args(argv)
    if not (WCXB / "dev" / "html").is_dir():
        print(f"no WCXB corpus at {WCXB}", file=sys.stderr)
        return 2
    began, load_before = time.monotonic(), os.getloadavg()[1]
    with tempfile.TemporaryDirectory(prefix="cleaner-scale-") as temporary:
        work = args.keep or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        inputs = prepare(work, args.limit, args.jsonl_mb << 20)
        startup = cluster_startup(args.jobs)
        rows = []
        for name, (path, pages) in inputs.items():
            local = measure(path, work / f"{name}-local", args.jobs, [])
            dask = measure(path, work / f"{name}-dask", args.jobs, ["--engine", "dask"])
            same = same_tree(work / f"{name}-local", work / f"{name}-dask")
            rows.append((name, pages, path, local, dask, same))
            print(f"{name}: local {local.seconds:.1f} s, dask {dask.seconds:.1f} s, identical: {same}", file=sys.stderr)
    total = time.monotonic() - began
    load = (load_before, os.getloadavg()[1])
    publish(render(rows, startup, args.jobs, command_line("benchmarks.scale", argv), total, load), args.write, HEADING)
    return 0 if all(row[-1] for row in rows) else 1


def prepare(work: Path, limit: int | None, jsonl_bytes: int) -> dict[str, tuple[Path, int]]:
    """The three inputs, written under `work`: name -> (path, pages or records)."""
    ids = sorted(p.name.removesuffix(".html.gz") for p in (WCXB / "dev" / "html").glob("*.html.gz"))[:limit]
    html_folder, dumps_folder = work / "html", work / "dumps"
    html_folder.mkdir(exist_ok=True)
    dumps_folder.mkdir(exist_ok=True)
    pages: list[tuple[str, bytes]] = []
    for key in ids:
        html = gzip.decompress((WCXB / "dev" / "html" / f"{key}.html.gz").read_bytes())
        url = json.loads((WCXB / "dev" / "ground-truth" / f"{key}.json").read_text("utf-8")).get("url") or f"https://{key}.example/"
        (html_folder / f"{key}.html").write_bytes(html)
        (dumps_folder / f"{key}.txt").write_text(dump_newline(html), encoding="utf-8")
        pages.append((url, html))
    jsonl = work / "records.jsonl"
    records = write_records(jsonl, pages, jsonl_bytes)
    shards = split_records(jsonl, work / "shards", SHARDS, records)
    return {
        "WCXB HTML pages": (html_folder, len(ids)),
        "their text dumps": (dumps_folder, len(ids)),
        f"JSON Lines, {jsonl.stat().st_size / (1 << 30):.2f} GiB": (jsonl, records),
        f"the same records in {SHARDS} JSON Lines files": (shards, records),
    }


def split_records(jsonl: Path, folder: Path, shards: int, records: int) -> Path:
    """`jsonl`'s lines cut into `shards` files of consecutive records, as a corpus's shards are."""
    folder.mkdir(exist_ok=True)
    per_shard = -(-records // shards)
    with jsonl.open("rb") as lines:
        for shard in range(shards):
            with (folder / f"part-{shard:02}.jsonl").open("wb") as out:
                for _, line in zip(range(per_shard), lines):
                    out.write(line)
    return folder


def write_records(path: Path, pages: list[tuple[str, bytes]], size: int) -> int:
    """The pages as JSON Lines records (`id`, `url`, `html`), round after round, each round's
    URLs made distinct by a query, until the file holds `size` bytes; returns the records."""
    written = records = 0
    with path.open("wb") as file:
        while written < size:
            url, html = pages[records % len(pages)]
            round_ = records // len(pages)
            record = {"id": f"r{records}", "url": f"{url}{'&' if '?' in url else '?'}copy={round_}", "html": html.decode("utf-8", "replace")}
            line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
            file.write(line)
            written += len(line)
            records += 1
    return records


def measure(source: Path, out: Path, jobs: int, extra: list[str]) -> Measured:
    """`cleaner clean SOURCE -o OUT -j JOBS -q EXTRA` through the CLI, timed, its memory sampled."""
    command = [sys.executable, "-m", "cleaner", "clean", str(source), "-o", str(out), "-j", str(jobs), "-q", *extra]
    # The runs before wrote gigabytes: their write-back is not to land in this run's time.
    os.sync()
    began = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    stop = threading.Event()
    sampler = threading.Thread(target=_sample, args=(process.pid, peaks, stop), daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.monotonic() - began
    stop.set()
    sampler.join()
    if process.returncode not in (0, 123):
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {stderr.decode()[-2000:]}")
    client = peaks.pop(process.pid, 0)
    return Measured(seconds, client, sorted(peaks.values(), reverse=True))


def _sample(pid: int, peaks: dict[int, int], stop: threading.Event) -> None:
    """Peak RSS of the process `pid` and of each of its descendants that does work (not
    multiprocessing's resource tracker), until `stop`."""
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return
    while not stop.wait(SAMPLE_EVERY):
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for process in processes:
            try:
                if process.pid != pid and "resource_tracker" in " ".join(process.cmdline()):
                    continue
                peaks[process.pid] = max(peaks.get(process.pid, 0), process.memory_info().rss)
            except psutil.NoSuchProcess:
                continue


STARTUP = """
import sys, time
from distributed import Client, LocalCluster
if __name__ == "__main__":
    began = time.monotonic()
    cluster = LocalCluster(n_workers=int(sys.argv[1]), threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(cluster)
    up = time.monotonic()
    client.close()
    cluster.close()
    print(up - began, time.monotonic() - up)
"""


def cluster_startup(jobs: int, runs: int = 3) -> tuple[float, float]:
    """Seconds to start a LocalCluster as the engine does, and to close it (the lowest of `runs`)."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "startup.py"
        script.write_text(STARTUP, encoding="utf-8")
        for _ in range(runs):
            done = subprocess.run([sys.executable, str(script), str(jobs)], capture_output=True, text=True, check=True)
            up, down = map(float, done.stdout.split())
            times.append((up, down))
    return min(times)


def same_tree(first: Path, second: Path) -> bool:
    """Every file under both folders, byte for byte (report and diff included)."""
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    if names != sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file()):
        return False
    # The report names each output by its path: OUT differs between the runs, so it is compared with that spelled alike.
    for name in names:
        a, b = first / name, second / name
        if name.startswith("cleaner-report"):
            if a.read_bytes().replace(str(first).encode(), b"OUT") != b.read_bytes().replace(str(second).encode(), b"OUT"):
                return False
        elif not filecmp.cmp(a, b, shallow=False):
            return False
    return True


def render(rows: list, startup: tuple[float, float], jobs: int, command: str, total: float, load: tuple[float, float]) -> str:
    mib = 1 << 20
    lines = [
        HEADING,
        "",
        f"Command: `{command}` ({total / 60:.0f} minutes)  ",
        f"Machine: {machine()}, {psutil.virtual_memory().total / (1 << 30):.0f} GiB; run on {date.today().isoformat()}; "
        f"5-minute load average {load[0]:.1f} before the run, {load[1]:.1f} after it (other programs share the cores).  ",
        f"Both engines with {jobs} worker processes, through the CLI (`python -m cleaner clean IN -o OUT -j {jobs} -q`, "
        f"then the same with `--engine dask`, which starts a LocalCluster of {jobs} one-thread worker processes). "
        f"Starting that cluster alone takes {startup[0]:.1f} s and closing it {startup[1]:.1f} s; both are in the Dask "
        "figures below, so the overhead column is the whole cost of the engine. Outputs, report and diff of each Dask run "
        "are byte-identical to the local run's (checked by the benchmark).",
        "",
        "| input | pages | local s | local pages/s | Dask s | Dask pages/s | Dask overhead s | identical |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, pages, _path, local, dask, same in rows:
        lines.append(
            f"| {name} | {pages:,} | {local.seconds:.1f} | {pages / local.seconds:.0f} | {dask.seconds:.1f} | "
            f"{pages / dask.seconds:.0f} | {dask.seconds - local.seconds:+.1f} | {'yes' if same else 'NO'} |"
        )
    lines += [
        "",
        "Peak resident memory (MiB), sampled every 0.1 s: the client (the `cleaner` process, which writes the report) "
        "and each worker process, largest first.",
        "",
        "| input | local client | local workers | Dask client | Dask workers |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, _pages, _path, local, dask, _same in rows:
        lines.append(
            f"| {name} | {local.client_peak / mib:.0f} | {', '.join(f'{p / mib:.0f}' for p in local.worker_peaks) or '-'} | "
            f"{dask.client_peak / mib:.0f} | {', '.join(f'{p / mib:.0f}' for p in dask.worker_peaks) or '-'} |"
        )
    lines += [
        "",
        "A JSON Lines file is one partition of the Dask engine: one worker counts it, then streams it (32 records at a "
        "time, its report lines to part files beside the staged output), while the other has nothing to do; the local "
        "engine's parent reads and writes the file's records and hands them to its processes, which count and clean "
        f"them, a few at a time. The same records in {SHARDS} files (last row) spread over the Dask workers.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
