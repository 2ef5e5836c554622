"""Speed of cleaner on the benchmark's pages, beside a plain floor and its peers, in one run.

    python -m benchmarks.speed [--quick] [--pages N] [--rounds R] [--write docs/benchmarks.md]

In process: each method over every page of an input, timed as a whole, for text
dumps of each style (`benchmarks.corpus.DUMPERS`) and for the original HTML. End to
end: the pages written into flat folders, each command run on a folder as a fresh
process, as users run it: `python -m cleaner clean DIR -o OUT -q -j 1` (both presets,
and `-j 2`), the floor script `benchmarks/floor.py`, trafilatura's own CLI and
jusText through `benchmarks.peer_folder`; and on a larger folder of every page's
dump in every style (the floor, and both presets with `-j 1` and `-j 2`) and on
WCXB's development pages as HTML (both presets, `-j 1` and `-j 2`), where start-up
weighs less. The wall time, and the peak resident memory
of the command's largest process (its `wait4` rusage, which covers the worker
processes it waited for). Start-up through `benchmarks.startup.measure`.

Every phase runs in rounds that run every method once, so that load from other work
on the machine falls on all of them alike; the figures are medians over rounds, and
the ratios compare methods of the same run. The 1-minute load average is sampled
before each timing: this benchmark itself adds one (two under `-j 2`).

cleaner's bytecode is compiled first, as an installed package's is (its peers are
installed packages, compiled by pip): where PYTHONDONTWRITEBYTECODE is set, a source
tree would otherwise be compiled again by every command timed.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from benchmarks import startup
from benchmarks.corpus import CORPUS, DUMPERS, Page, load_pages
from benchmarks.floor import floor_text
from benchmarks.peers import c4_lines, justext_html, justext_lines, resiliparse_html, trafilatura_html
from benchmarks.quality import cleaner_html, command_line, machine, publish
from cleaner.engine.pipeline import clean_text
from cleaner.rules.presets import Preset, preset_rules

HEADING = "## Speed"
ROOT = Path(__file__).resolve().parents[1]
FOLDER_STYLE = 'get_text("\\n")'
"""The dump style written to the text folder of the end-to-end runs."""
HTML = "original HTML"
EVERY_STYLE = "every dump style"
"""The larger text folder: every page's dump in every style timed, one file each. A
181-file run takes about a second, of which start-up is a sixth and cannot be divided
among processes, so `-j 2` is also timed where the pages weigh more."""
WCXB = ROOT.parent / "shared" / "corpus" / "wcxb" / "dev" / "html"
"""The larger HTML folder: WCXB's development pages (1,497 pages of seven kinds from many
sites), for `-j 2` against `-j 1` where start-up weighs less, as on the larger text folder."""
MANY_SITES = "WCXB pages"


@dataclass
class Timing:
    """One method on one input over the rounds: seconds, peak memory (KiB), load averages."""

    group: str
    label: str
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    files: int = 0
    """Files the last end-to-end run wrote."""
    code: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def load(self) -> float:
        return statistics.mean(self.loads)


def make_dumps(pages: list[Page], styles: list[str], jobs: int) -> dict[str, list[str]]:
    """Each style's dump of every page, in page order."""
    with ProcessPoolExecutor(jobs) as pool:
        return {style: list(pool.map(DUMPERS[style], [p.html for p in pages], chunksize=4)) for style in styles}


def text_methods() -> dict[str, Callable[[str], object]]:
    return {
        "floor": floor_text,
        "cleaner": partial(clean_text, rules=preset_rules(Preset.DEFAULT)),
        "cleaner --article": partial(clean_text, rules=preset_rules(Preset.ARTICLE)),
        "jusText on lines": justext_lines,
        "C4-style line filter": c4_lines,
    }


HTML_METHODS: dict[str, Callable[[bytes], object]] = {
    "cleaner": cleaner_html,
    "cleaner --article": partial(cleaner_html, preset=Preset.ARTICLE),
    "trafilatura": trafilatura_html,
    "jusText on HTML": justext_html,
    "resiliparse": resiliparse_html,
}


def in_process(pages: list[Page], dumps: dict[str, list[str]], rounds: int) -> list[Timing]:
    """Every method over every page of each input, `rounds` times, interleaved."""
    tasks: list[tuple[Timing, Callable[[object], object], list]] = []
    for style, texts in dumps.items():
        tasks += [(Timing(style, label), method, texts) for label, method in text_methods().items()]
    tasks += [(Timing(HTML, label), method, [p.html for p in pages]) for label, method in HTML_METHODS.items()]
    for _, method, inputs in tasks:
        method(inputs[0])  # imports and first-call set-up are not a page's cost
    for _ in range(rounds):
        for timing, method, inputs in tasks:
            timing.loads.append(os.getloadavg()[0])
            started = time.perf_counter()
            for each in inputs:
                method(each)
            timing.seconds.append(time.perf_counter() - started)
    return [timing for timing, _, _ in tasks]


# A child's peak resident size counts the memory of the process that spawned it (Linux
# keeps the high-water mark of the image it replaces at exec), so the commands are not
# spawned by this process, which holds every peer, but by this small launcher.
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run_process(argv: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident KiB of the largest process, and exit code of one fresh
    run of `argv` (its workers included: a process's rusage covers the children it waited for)."""
    launched = subprocess.run([sys.executable, "-I", "-c", _LAUNCHER, *argv], cwd=ROOT, capture_output=True, text=True, check=True)
    seconds, peak, code = launched.stdout.split()
    return float(seconds), int(peak), int(code)


def write_folders(pages: list[Page], dumps: dict[str, list[str]], folder: Path, many_sites: Path | None = WCXB) -> dict[str, Path]:
    """The flat input folders of the end-to-end runs: text dumps and HTML pages, and the
    gzipped pages of `many_sites` (WCXB's), unpacked, if that folder is there."""
    text, html, empty = folder / "dumps", folder / "html", folder / "empty"
    for each in (text, html, empty):
        each.mkdir(parents=True)
    for page, dump in zip(pages, dumps[FOLDER_STYLE]):
        (text / f"{page.id}.txt").write_text(dump, encoding="utf-8")
        (html / f"{page.id}.html").write_bytes(page.html)
    every = folder / "every"
    every.mkdir()
    for number, style in enumerate(sorted(dumps)):
        for page, dump in zip(pages, dumps[style]):
            (every / f"{page.id}-{number}.txt").write_text(dump, encoding="utf-8")
    folders = {FOLDER_STYLE: text, HTML: html, EVERY_STYLE: every, "empty": empty}
    if many_sites is not None and many_sites.is_dir():
        folders[MANY_SITES] = folder / "wcxb"
        folders[MANY_SITES].mkdir()
        for packed in sorted(many_sites.glob("*.html.gz")):
            (folders[MANY_SITES] / packed.name.removesuffix(".gz")).write_bytes(gzip.decompress(packed.read_bytes()))
    return folders


def cleaner_command(folder: Path, out: Path, preset: Preset = Preset.DEFAULT, jobs: int = 1) -> list[str]:
    command = [sys.executable, "-m", "cleaner", "clean", str(folder), "-o", str(out), "-q", "-j", str(jobs)]
    return command + (["--article"] if preset is Preset.ARTICLE else [])


def floor_command(folder: Path, out: Path) -> list[str]:
    return [sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(folder), str(out)]


def peer_command(name: str, folder: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "benchmarks.peer_folder", name, str(folder), str(out)]


def trafilatura_command(folder: Path, out: Path) -> list[str]:
    """trafilatura's own folder mode, one worker process as `-j 1` has."""
    return [startup.tool("trafilatura"), "--input-dir", str(folder), "--output-dir", str(out), "--parallel", "1"]


TRAFILATURA_CLI = "trafilatura CLI (--input-dir, --parallel 1)"


def end_to_end_commands(folders: dict[str, Path]) -> list[tuple[Timing, Callable[[Path, Path], list[str]], Path]]:
    """(timing, argv maker given IN and OUT, input folder) of every end-to-end run."""
    cleaner = {
        f"cleaner{'' if preset is Preset.DEFAULT else ' --article'} -j {jobs}": partial(cleaner_command, preset=preset, jobs=jobs)
        for jobs in (1, 2)
        for preset in Preset
    }
    commands = {
        FOLDER_STYLE: {"floor script": floor_command, **cleaner, "jusText on lines (a script)": partial(peer_command, "justext-lines")},
        HTML: {**cleaner, TRAFILATURA_CLI: trafilatura_command, "trafilatura (a script)": partial(peer_command, "trafilatura")},
        EVERY_STYLE: {"floor script": floor_command, **cleaner},
        MANY_SITES: cleaner,
    }
    return [
        (Timing(group, label), maker, folders[group]) for group, makers in commands.items() if group in folders for label, maker in makers.items()
    ]


def end_to_end(folders: dict[str, Path], scratch: Path, rounds: int, warm: bool = True) -> list[Timing]:
    """Every command over its folder as a fresh process, `rounds` times, interleaved,
    after one warm-up run of each on an empty folder (if `warm`)."""
    runs = end_to_end_commands(folders)
    for i, (_, maker, _) in enumerate(runs if warm else []):
        out = scratch / f"warm-{i}"
        run_process(maker(folders["empty"], out))
        shutil.rmtree(out, ignore_errors=True)
    for _ in range(rounds):
        for i, (timing, maker, source) in enumerate(runs):
            out = scratch / f"out-{i}"
            timing.loads.append(os.getloadavg()[0])
            seconds, peak, code = run_process(maker(source, out))
            timing.seconds.append(seconds)
            timing.peak_kib.append(peak)
            timing.code = code or timing.code
            timing.files = sum(1 for path in out.glob("*.txt")) if out.is_dir() else 0
            shutil.rmtree(out, ignore_errors=True)
    return [timing for timing, _, _ in runs]


def start_up(folders: dict[str, Path], scratch: Path, rounds: int) -> list[tuple[str, float, float, int]]:
    """The fixed cost of each end-to-end command: its run on an empty folder (label, median s, fastest s, exit)."""
    empty, out = folders["empty"], scratch / "startup-out"
    commands = [
        startup.Command("python -c pass", [sys.executable, "-c", "pass"]),
        startup.Command("python benchmarks/floor.py EMPTY OUT", floor_command(empty, out)),
        startup.Command("cleaner --version", [startup.tool("cleaner"), "--version"]),
        startup.Command("python -m cleaner clean EMPTY -o OUT -q -j 1", cleaner_command(empty, out)),
        startup.Command("trafilatura --input-dir EMPTY --parallel 1", trafilatura_command(empty, out)),
    ]
    measured = startup.measure(commands, rounds)
    return [(c.label, median, fastest, code) for c, (median, fastest, code) in zip(commands, measured)]


def _find(timings: list[Timing], group: str, label: str) -> Timing | None:
    return next((t for t in timings if t.group == group and t.label == label), None)


def _ratio(numerator: Timing | None, denominator: Timing | None) -> float:
    return numerator.median / denominator.median if numerator and denominator and denominator.median else float("nan")


def render_in_process(timings: list[Timing], pages: int, rounds: int) -> list[str]:
    lines = [
        f"### In process ({pages} pages, median of {rounds} rounds)",
        "",
        "One process; each method over all the pages of an input, timed as a whole, after one untimed call. "
        "Text: the time against the floor's (split lines, `\\w+` per line, join) on the same dumps; HTML: the speed against trafilatura's.",
        "",
        "| input | method | pages/s | ms/page | fastest round, pages/s | against the floor or trafilatura | load |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in timings:
        if t.group == HTML:
            traf = _find(timings, HTML, "trafilatura")
            versus = f"{_ratio(traf, t):.2f}× trafilatura's speed"
        else:
            versus = f"{_ratio(t, _find(timings, t.group, 'floor')):.1f}× the floor's time"
        lines.append(
            f"| {t.group} | {t.label} | {pages / t.median:,.0f} | {1000 * t.median / pages:.2f} | {pages / min(t.seconds):,.0f} | {versus} | {t.load:.1f} |"
        )
    return lines + [""]


def render_end_to_end(timings: list[Timing], pages: int, rounds: int) -> list[str]:
    lines = [
        f"### End to end over a folder ({pages} pages, median of {rounds} rounds)",
        "",
        "Each command a fresh process on a flat folder (text: the `get_text(\"\\n\")` dumps; HTML: the pages; "
        "and two larger folders: every page's dump in every dump style timed above, one file each, "
        "and WCXB's development pages as HTML, 1,497 pages from many sites), "
        "output written to a fresh folder; after one warm-up run of each on an empty folder. "
        "Peak MB: the largest process's resident peak (a `-j 2` run's workers are not summed; "
        "at least the launcher's 12 MB, which the kernel counts in). Text: the time against the floor script's "
        "(`python benchmarks/floor.py DIR OUT`) on the same folder; HTML: the speed against trafilatura's CLI.",
        "",
        "| folder | command | seconds | fastest s | pages/s | against the floor or trafilatura | peak MB | files written | exit | load |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for t in timings:
        if t.group == HTML:
            versus = f"{_ratio(_find(timings, HTML, TRAFILATURA_CLI), t):.2f}× trafilatura CLI's speed"
        elif t.group == MANY_SITES:
            one_job = _find(timings, t.group, t.label.replace("-j 2", "-j 1"))
            versus = f"{_ratio(one_job, t):.2f}× the `-j 1` run's speed" if one_job is not t else "—"
        else:
            versus = f"{_ratio(t, _find(timings, t.group, 'floor script')):.1f}× the floor's time"
        lines.append(
            f"| {_folder(t, pages)} | {t.label} | {t.median:.2f} | {min(t.seconds):.2f} | "
            f"{(t.files or pages) / t.median:,.0f} | {versus} | {max(t.peak_kib) / 1024:,.0f} | {t.files} | {t.code} | {t.load:.1f} |"
        )
    return lines + [""]


def _folder(timing: Timing, pages: int) -> str:
    if timing.group == HTML:
        return "HTML pages"
    if timing.group == EVERY_STYLE:
        return f"dumps of every style ({timing.files or pages:,} files)"
    if timing.group == MANY_SITES:
        return f"WCXB HTML pages ({timing.files:,} files)"
    return f"{timing.group} dumps"


def _slowest_text(runs: list[Timing], pages: int) -> tuple[str, str, str, bool]:
    """The in-process text target's row: the slowest dump style and preset timed, if any was."""
    if not runs:
        return ("in process, text", "at least 250 pages/s", "not timed (no dump style asked for)", False)
    slowest = min(runs, key=lambda t: pages / t.median)
    return (
        f"in process, text, slowest style and preset ({slowest.group}, {slowest.label})",
        "at least 250 pages/s",
        f"{pages / slowest.median:,.0f} pages/s",
        pages / slowest.median >= 250,
    )


def targets(in_proc: list[Timing], e2e: list[Timing], pages: int) -> list[str]:
    """The issue's targets, each with this run's figure."""
    text_e2e = _ratio(_find(e2e, FOLDER_STYLE, "cleaner --article -j 1"), _find(e2e, FOLDER_STYLE, "floor script"))
    text_runs = [t for t in in_proc if t.group != HTML and t.label.startswith("cleaner")]
    traf_cli = _find(e2e, HTML, TRAFILATURA_CLI)
    html_e2e = min(_ratio(traf_cli, _find(e2e, HTML, f"cleaner{flag} -j 1")) for flag in ("", " --article"))
    html_in = min(_ratio(_find(in_proc, HTML, "trafilatura"), _find(in_proc, HTML, label)) for label in ("cleaner", "cleaner --article"))
    def scaling(groups: dict[str, str]) -> dict[str, float]:
        return {
            f"{name}{label}": _ratio(_find(e2e, group, f"cleaner{label} -j 1"), _find(e2e, group, f"cleaner{label} -j 2"))
            for group, name in groups.items()
            for label in ("", " --article")
            if _find(e2e, group, f"cleaner{label} -j 2")
        }

    # Judged where the pages outweigh start-up, as the issue's own 990-page folder did: a -j 1
    # run over 181 files spends a sixth of its time before any worker can exist.
    larger = scaling({EVERY_STYLE: "text, 724 dumps", MANY_SITES: "HTML, WCXB"})
    small = scaling({FOLDER_STYLE: "text", HTML: "HTML"})
    rows = [
        ("text end to end, `--article -j 1`, time × the floor's", "at most 8×", f"{text_e2e:.1f}×", text_e2e <= 8),
        _slowest_text(text_runs, pages),
        ("HTML end to end, times as fast as trafilatura's CLI (the slower preset)", "at least 4×", f"{html_e2e:.2f}×", html_e2e >= 4),
        ("HTML in process, times as fast as trafilatura (the slower preset)", "at least 6×", f"{html_in:.2f}×", html_in >= 6),
        ("`-j 2` against `-j 1`, end to end on the larger folders (lowest of text/HTML × presets)", "at least 1.7× on a quiet machine",
         ", ".join(f"{k} {v:.2f}×" for k, v in larger.items()) or "not timed", bool(larger) and min(larger.values()) >= 1.7),
    ]
    every_floor = _ratio(_find(e2e, EVERY_STYLE, "cleaner --article -j 1"), _find(e2e, EVERY_STYLE, "floor script"))
    # Beside the targets: the small folders' scaling, and the text target on every dump style.
    rows += [
        ("(beside the targets) `-j 2` against `-j 1` on the 181-file folders, where start-up bounds it", "—",
         ", ".join(f"{k} {v:.2f}×" for k, v in small.items()), min(small.values()) >= 1.7),
        ("(beside the targets) text end to end on the larger folder, `--article -j 1`, time × the floor's", "—", f"{every_floor:.1f}×", every_floor <= 8),
    ]
    lines = ["### Against the targets of issue 13", "", "| target | wanted | this run | met |", "| --- | --- | --- | --- |"]
    return lines + [f"| {name} | {wanted} | {figure} | {'yes' if met else 'no'} |" for name, wanted, figure, met in rows] + [""]


def render_start_up(rows: list[tuple[str, float, float, int]], rounds: int) -> list[str]:
    lines = [
        f"### Start-up (`benchmarks.startup.measure`, {rounds} rounds)",
        "",
        "The fixed cost in every end-to-end figure above: each command on an empty folder.",
        "",
        "| command | median ms | fastest ms | exit |",
        "| --- | --- | --- | --- |",
    ]
    return lines + [f"| `{label}` | {median * 1000:.0f} | {fastest * 1000:.0f} | {code} |" for label, median, fastest, code in rows] + [""]


def run(pages: list[Page], styles: list[str], rounds: int, jobs: int, command: str, many_sites: bool = True) -> str:
    started_load = os.getloadavg()
    print(f"making dumps of {len(pages)} pages ...", file=sys.stderr, flush=True)
    dumps = make_dumps(pages, sorted(set(styles) | {FOLDER_STYLE}), jobs)
    print("in process ...", file=sys.stderr, flush=True)
    in_proc = in_process(pages, {style: dumps[style] for style in styles}, rounds)
    with tempfile.TemporaryDirectory() as scratch:
        folders = write_folders(pages, dumps, Path(scratch) / "in", WCXB if many_sites else None)
        print("start-up ...", file=sys.stderr, flush=True)
        starts = start_up(folders, Path(scratch), max(rounds, 3))
        print("end to end ...", file=sys.stderr, flush=True)
        e2e = end_to_end(folders, Path(scratch), rounds)
    ended_load = os.getloadavg()
    header = [
        HEADING,
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}; run on {date.today().isoformat()}; 1/5/15-minute load average "
        f"{'/'.join(f'{x:.1f}' for x in started_load)} when it started, {'/'.join(f'{x:.1f}' for x in ended_load)} when it ended "
        "(the load column: the mean 1-minute load when each method's timings started; this benchmark adds one, two under `-j 2`).  ",
        f"Pages: {len(pages)} of ../shared/corpus/scrapinghub. Each phase runs in rounds that run every method once.",
        "",
    ]
    return "\n".join(
        header
        + targets(in_proc, e2e, len(pages))
        + render_in_process(in_proc, len(pages), rounds)
        + render_end_to_end(e2e, len(pages), rounds)
        + render_start_up(starts, max(rounds, 3))
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="A smoke run: 12 pages, one round, two dump styles, no WCXB folder.")
    parser.add_argument("--pages", type=int, help="Only the first N pages (default: all; 12 with --quick).")
    parser.add_argument("--rounds", type=int, help="Timed rounds of each phase (default 3; 1 with --quick).")
    parser.add_argument("--styles", nargs="*", choices=list(DUMPERS), help="Dump styles timed in process (default: all).")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="Processes that make the dumps (not timed).")
    parser.add_argument("--write", type=Path, help="Replace the speed section of this markdown file.")
    args = parser.parse_args(argv)
    if not (CORPUS / "ground-truth.json").exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    for package in ("cleaner", "benchmarks"):
        compileall.compile_dir(Path(__file__).resolve().parent.parent / package, quiet=1, legacy=False)
    pages = load_pages(CORPUS)[: args.pages or (12 if args.quick else None)]
    rounds = args.rounds or (1 if args.quick else 3)
    styles = args.styles if args.styles is not None else ([FOLDER_STYLE, "get_text()"] if args.quick else list(DUMPERS))
    section = run(pages, styles, rounds, args.jobs, command_line("benchmarks.speed", argv), many_sites=not args.quick)
    publish(section + "\n", args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
