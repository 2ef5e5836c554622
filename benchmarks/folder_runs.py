"""Folder runs against page-by-page runs: the 181 benchmark pages as ONE flat folder.

    python -m benchmarks.folder_runs [--write docs/benchmarks.md] [--jobs 2] [--keep DIR]

A scrape folder is often flat (`pages/<hash>.html`) and holds many sites. This writes
the benchmark's pages into one flat folder (the HTML pages, and text dumps of them in
the `get_text("\\n")` and `get_text()` styles), runs `cleaner clean DIR -o OUT` on it in
a subprocess, as users do, for both presets, scores every output file with
`benchmarks.scoring`, and compares each to the library run of the same pages one at a
time (no learn pass, so no TP01). A folder run should score at least as the
page-by-page run does: lines that merely recur across unrelated pages must stay.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus import CORPUS, DUMPERS, load_pages
from benchmarks.quality import command_line, machine, publish, slug
from benchmarks.scoring import Score, score_page
from cleaner.engine.pipeline import clean_html, clean_text
from cleaner.rules.presets import Preset, preset_rules

HEADING = "## Folder runs against page-by-page runs"
INPUTS = {"HTML pages": None, 'get_text("\\n") dumps': 'get_text("\\n")', "get_text() dumps": "get_text()"}
"""Input kind -> the dump style that makes it (None: the original HTML)."""


@dataclass(frozen=True)
class Comparison:
    inputs: str
    preset: Preset
    page_by_page: Score
    folder: Score
    tp01: int
    """Lines TP01 removed in the folder run."""
    seconds: float


def _write_inputs(folder: Path, jobs: int) -> dict[str, dict[str, str]]:
    """Write each input kind's flat folder; return kind -> page id -> file name."""
    pages = load_pages(CORPUS)
    names: dict[str, dict[str, str]] = {}
    with ProcessPoolExecutor(jobs) as pool:
        for kind, style in INPUTS.items():
            target = folder / slug(kind)
            target.mkdir(parents=True)
            if style is None:
                for page in pages:
                    (target / f"{page.id}.html").write_bytes(page.html)
                names[kind] = {page.id: f"{page.id}.txt" for page in pages}
                continue
            for page, dump in zip(pages, pool.map(DUMPERS[style], [p.html for p in pages], chunksize=8)):
                (target / f"{page.id}.txt").write_text(dump, encoding="utf-8")
            names[kind] = {page.id: f"{page.id}.txt" for page in pages}
    return names


def _page_by_page(args: tuple[str, bytes, Preset]) -> str:
    style, html, preset = args
    if style is None:
        return clean_html(html, preset_rules(preset)).text
    return clean_text(DUMPERS[style](html), preset_rules(preset)).text


def run(jobs: int, keep: Path | None) -> list[Comparison]:
    pages = load_pages(CORPUS)
    truth = {page.id: page.truth for page in pages}
    results = []
    with tempfile.TemporaryDirectory(dir=keep) as scratch:
        folder = Path(scratch)
        names = _write_inputs(folder / "in", jobs)
        with ProcessPoolExecutor(jobs) as pool:
            for kind, style in INPUTS.items():
                for preset in Preset:
                    alone = list(pool.map(_page_by_page, [(style, p.html, preset) for p in pages], chunksize=8))
                    out = folder / "out" / f"{slug(kind)}-{preset.value}"
                    command = [sys.executable, "-m", "cleaner", "clean", str(folder / "in" / slug(kind)), "-o", str(out), "-j", str(jobs), "-q"]
                    if preset is Preset.ARTICLE:
                        command.append("--article")
                    started = time.perf_counter()
                    subprocess.run(command, check=True, capture_output=True)
                    seconds = time.perf_counter() - started
                    cleaned = {key: (out / name).read_text(encoding="utf-8") for key, name in names[kind].items()}
                    removed = _tp01_removals(out / "cleaner-report.jsonl")
                    results.append(
                        Comparison(
                            kind,
                            preset,
                            Score.of([score_page(truth[p.id], text) for p, text in zip(pages, alone)]),
                            Score.of([score_page(truth[p.id], cleaned[p.id]) for p in pages]),
                            removed,
                            seconds,
                        )
                    )
                    print(_row(results[-1]), flush=True)
    return results


def _tp01_removals(report: Path) -> int:
    import json

    counts: Counter[str] = Counter()
    for line in report.read_text(encoding="utf-8").splitlines():
        counts.update(json.loads(line).get("counts") or {})
    return counts["TP01"]


def _row(c: Comparison) -> str:
    delta = c.folder.f1 - c.page_by_page.f1
    return (
        f"| {c.inputs} | {c.preset.flag} | {c.page_by_page.f1:.4f} | {c.folder.f1:.4f} | {delta:+.4f} | "
        f"{c.folder.precision:.4f} / {c.folder.recall:.4f} | {c.tp01} | {c.seconds:.0f} |"
    )


def render(results: list[Comparison], command: str, jobs: int) -> str:
    lines = [
        HEADING,
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}; the folder runs use `-j {jobs}`; run on {time.strftime('%Y-%m-%d')}.  ",
        f"The {len(load_pages(CORPUS))} pages of ../shared/corpus/scrapinghub, put in one flat "
        "folder per input kind and cleaned with `cleaner clean DIR -o OUT` (a subprocess, learn pass included); "
        "page by page: the library on each page alone (`clean_html` / `clean_text`, no TP01). F1 as in the quality "
        "section. TP01 lines: lines the site-template rule removed in the folder run. The pages come from about 120 "
        "sites, a few with two to five pages: a folder run may score above the page-by-page run where the learn pass "
        "finds such a site (by the host an HTML page declares, or as a group of dumps) and removes its template.",
        "",
        "| input | preset | F1 page by page | F1 folder run | difference | folder precision / recall | TP01 lines | folder run, s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        *(_row(c) for c in results),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="Make the scratch folder under this folder (default: the system's).")
    parser.add_argument("--write", type=Path, help="Replace this section of a markdown file.")
    args = parser.parse_args(argv)
    if not (CORPUS / "ground-truth.json").exists():
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 2
    results = run(args.jobs, args.keep)
    publish(render(results, command_line("benchmarks.folder_runs", argv), args.jobs), args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
