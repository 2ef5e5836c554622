"""Quality on every kind of page a scrape folder holds: WCXB's development split, by page type.

    python -m benchmarks.wcxb [--write docs/benchmarks.md] [--jobs 2] [--methods ...] [--limit N] [--keep DIR]

Reads ../shared/corpus/wcxb (1,497 real pages of seven types: article, forum, product,
collection, listing, documentation, service; each with its human-reviewed main content
and must-keep / must-drop snippets). cleaner runs as users run it, through the CLI over
one flat folder (`cleaner clean DIR -o OUT`, both presets): over the HTML pages, and
over `get_text("\\n")` dumps made from them. trafilatura and resiliparse extract from
the same HTML in the same run, page by page in worker processes. Every prediction is
scored by the benchmark's own scorer (`evaluate.py` beside the pages, imported from
there): bag-of-words precision, recall and F1 on lower-cased `\\w+` tokens, means over
pages, and the share of must-keep ("with") and must-drop ("without") snippets found.

One more measure is ours, not the benchmark's: of the gold's tokens that the
`get_text("\\n")` dump holds, the share each method's output keeps (a multiset
intersection of output, dump and gold, over that of dump and gold, meaned over the pages
where it is defined). evaluate.py's recall cannot tell a method's removals from what the
dump never held: the raw dump itself scores 0.960 there, because the gold of 21 pages is
empty (any output scores 0) and the gold holds 2.7% of tokens the dump lacks (text that
scripts render, words a dump splits at tags). This measure is what a line cleaner is
answerable for.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType

from benchmarks.corpus import dump_newline
from benchmarks.peers import resiliparse_html, trafilatura_html
from benchmarks.quality import command_line, machine, publish, slug

WCXB = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "wcxb"
HEADING = "## Quality on the whole web (WCXB, by page type)"
TYPES = ("article", "forum", "product", "collection", "listing", "documentation", "service")

CLEANER_RUNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "cleaner HTML --article": ("html", ("--article",)),
    "cleaner HTML default": ("html", ()),
    'cleaner text --article (get_text("\\n"))': ("dumps", ("--article",)),
    'cleaner text default (get_text("\\n"))': ("dumps", ()),
    'cleaner text --article --reflow (get_text("\\n"))': ("dumps", ("--article", "--reflow")),
    'cleaner text default --reflow (get_text("\\n"))': ("dumps", ("--reflow",)),
}
"""Method -> (the folder it cleans, the preset's flags)."""
PEERS: dict[str, Callable[[bytes], str]] = {"trafilatura": trafilatura_html, "resiliparse": resiliparse_html}
RAW = 'raw get_text("\\n") dump'


@cache
def scorer() -> ModuleType:
    """The benchmark's own `evaluate.py`, loaded from the corpus folder (it is not ours to copy)."""
    spec = importlib.util.spec_from_file_location("wcxb_evaluate", WCXB / "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Column:
    """One method's page scores: (page type, precision, recall, F1, must-keep found, must-drop found,
    dump content kept); the last is NaN on a page whose dump holds none of the gold."""

    pages: list[tuple[str, float, float, float, float, float, float]] = field(default_factory=list)
    seconds: float = 0.0

    def mean(self, measure: int, page_type: str | None = None) -> float:
        chosen = [page[measure] for page in self.pages if (page_type is None or page[0] == page_type) and page[measure] == page[measure]]
        return sum(chosen) / len(chosen) if chosen else float("nan")


def load(limit: int | None) -> tuple[dict[str, dict], dict[str, bytes]]:
    truth = scorer().load_ground_truth("dev")
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    html = {key: gzip.decompress((WCXB / "dev" / "html" / f"{key}.html.gz").read_bytes()) for key in ids}
    return {key: truth[key] for key in ids}, html


def _peer(args: tuple[str, bytes]) -> tuple[str, float]:
    name, page = args
    started = time.perf_counter()
    try:
        text = PEERS[name](page)
    except Exception:  # a peer failing on a page scores that page as empty, as the benchmark would
        text = ""
    return text, time.perf_counter() - started


def predict(
    html: dict[str, bytes], methods: list[str], jobs: int, scratch: Path, keep: Path | None
) -> tuple[dict[str, tuple[dict[str, str], float]], dict[str, str]]:
    """Each method's text for each page id and the seconds it took in all; and each page's dump."""
    ids = list(html)
    folders = {"html": scratch / "html", "dumps": scratch / "dumps"}
    for folder in folders.values():
        folder.mkdir(parents=True)
    for key in ids:
        (folders["html"] / f"{key}.html").write_bytes(html[key])
    predictions: dict[str, tuple[dict[str, str], float]] = {}
    with ProcessPoolExecutor(jobs) as pool:
        started = time.perf_counter()
        dumps = dict(zip(ids, pool.map(dump_newline, [html[key] for key in ids], chunksize=8)))
        for key, dump in dumps.items():
            (folders["dumps"] / f"{key}.txt").write_text(dump, encoding="utf-8")
        if RAW in methods:
            predictions[RAW] = (dumps, time.perf_counter() - started)
        for name in (m for m in methods if m in PEERS):
            outcomes = list(pool.map(_peer, [(name, html[key]) for key in ids], chunksize=8))
            predictions[name] = ({key: text for key, (text, _) in zip(ids, outcomes)}, sum(seconds for _, seconds in outcomes))
    for name in (m for m in methods if m in CLEANER_RUNS):
        kind, flags = CLEANER_RUNS[name]
        out = (keep or scratch) / "out" / slug(name)
        command = [sys.executable, "-m", "cleaner", "clean", str(folders[kind]), "-o", str(out), "-q", "-j", str(jobs), *flags]
        started = time.perf_counter()
        # Exit code 1 only says that some page failed to read; its output is then missing and scores as empty.
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        texts = {key: (out / f"{key}.txt").read_text(encoding="utf-8") if (out / f"{key}.txt").exists() else "" for key in ids}
        predictions[name] = (texts, seconds)
    return predictions, dumps


def dump_content_kept(text: str, dump: Counter[str], held: int, gold: Counter[str]) -> float:
    """The share of the gold tokens the dump holds (`held` of them) that `text` keeps; NaN if it holds none."""
    if not held:
        return float("nan")
    return sum((Counter(scorer().tokenize(text)) & dump & gold).values()) / held


def score(truth: dict[str, dict], predictions: dict[str, tuple[dict[str, str], float]], dumps: dict[str, str]) -> dict[str, Column]:
    evaluate = scorer()
    golds = {key: Counter(evaluate.tokenize(gt["main_content"])) for key, gt in truth.items()}
    held = {key: Counter(evaluate.tokenize(dumps.get(key, ""))) & golds[key] for key in truth}
    table: dict[str, Column] = {}
    for name, (texts, seconds) in predictions.items():
        column = table[name] = Column(seconds=seconds)
        for key, gt in truth.items():
            text = texts.get(key, "")
            precision, recall, f1 = evaluate.word_f1(text, gt["main_content"])
            kept = dump_content_kept(text, held[key], sum(held[key].values()), golds[key])
            column.pages.append(
                (gt["page_type"], precision, recall, f1, evaluate.snippet_check(text, gt["with"]), evaluate.snippet_check(text, gt["without"]), kept)
            )
    return table


def render(table: dict[str, Column], truth: dict[str, dict], command: str, jobs: int) -> str:
    counts = {t: sum(1 for gt in truth.values() if gt["page_type"] == t) for t in TYPES}
    lines = [
        HEADING,
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}; {jobs} processes; run on {date.today().isoformat()}.  ",
        f"Pages: {len(truth):,} (../shared/corpus/wcxb, development split). Scorer: the benchmark's own `evaluate.py` "
        "(bag-of-words F1 on lower-cased `\\w+` tokens, means over pages). cleaner runs through its CLI over one flat "
        "folder of the HTML pages and one of their `get_text(\"\\n\")` dumps; trafilatura and resiliparse extract from "
        "the same HTML page by page, in the same run.",
        "",
        "F1 by page type (pages of the type in brackets):",
        "",
        "| method | all | " + " | ".join(f"{t} ({counts[t]})" for t in TYPES) + " |",
        "| --- | --- |" + " --- |" * len(TYPES),
    ]
    for name, column in table.items():
        lines.append(f"| {name} | {column.mean(3):.3f} | " + " | ".join(f"{column.mean(3, t):.3f}" for t in TYPES) + " |")
    lines += [
        "",
        "Overall: precision, recall (the content kept), the must-keep snippets found (higher is better) "
        "and the must-drop snippets left in (lower is better); the dump's content kept (of the gold tokens the "
        "`get_text(\"\\n\")` dump holds, the share the output keeps: what a line cleaner answers for, since the raw "
        "dump's own recall is below 1); and the seconds each method took over all pages: "
        f"the peers' page times summed (in {jobs} processes), cleaner's CLI run's wall time (`-j {jobs}`, start-up included):",
        "",
        "| method | precision | recall | F1 | must-keep found | must-drop left | dump's content kept | seconds |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, column in table.items():
        # The raw dump's seconds are the dump maker's, not a method's.
        seconds = "—" if name == RAW else f"{column.seconds:.1f}"
        lines.append(
            f"| {name} | {column.mean(1):.3f} | {column.mean(2):.3f} | {column.mean(3):.3f} | {column.mean(4):.1%} | "
            f"{column.mean(5):.1%} | {column.mean(6):.3f} | {seconds} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    choices = [RAW, *CLEANER_RUNS, *PEERS]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--methods", nargs="*", default=choices, choices=choices, metavar="METHOD", help=f"Of: {', '.join(choices)}.")
    parser.add_argument("--limit", type=int, help="Only the first N pages (a smoke run).")
    parser.add_argument("--keep", type=Path, help="Keep cleaner's output folders here.")
    parser.add_argument("--scores", type=Path, help="Write every page's scores, by method, to this JSON file.")
    parser.add_argument("--write", type=Path, help="Replace the WCXB section of this markdown file.")
    args = parser.parse_args(argv)
    if not (WCXB / "evaluate.py").exists():
        print(f"no WCXB corpus at {WCXB}", file=sys.stderr)
        return 2
    truth, html = load(args.limit)
    with tempfile.TemporaryDirectory() as scratch:
        predictions, dumps = predict(html, args.methods, args.jobs, Path(scratch), args.keep)
    table = score(truth, predictions, dumps)
    if args.scores:
        pages = {name: dict(zip(truth, column.pages)) for name, column in table.items()}
        args.scores.write_text(json.dumps(pages, indent=0), encoding="utf-8")
    publish(render(table, truth, command_line("benchmarks.wcxb", argv), args.jobs), args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
