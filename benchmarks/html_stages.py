"""Where HTML mode's time goes, stage by stage, on the benchmark's pages.

    python -m benchmarks.html_stages [--repeat 5] [--write docs/benchmarks.md]

Runs each stage of `clean_html` over the 181 pages of ../shared/corpus/scrapinghub in
one process, `--repeat` times, and reports each stage's best mean time a page. The
stages are the same calls `cleaner.readers.html.clean_html` makes, taken apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from benchmarks.corpus import CORPUS, load_pages
from benchmarks.quality import command_line, machine, publish
from cleaner.engine.pipeline import _clean, apply_verdicts, judge, page_document
from cleaner.engine.segment import segment_text
from cleaner.readers import dom
from cleaner.readers.nesting import flatten_deep_nesting
from cleaner.readers.sniff import decode_html, looks_like_html
from cleaner.rules.base import Kind, Stage
from cleaner.rules.presets import Preset, preset_rules

HEADING = "## HTML mode: time by stage"


READING = (
    "Compiled (Cython, `cleaner/_speedups/`, built by `pip install -e .` or `python setup.py build_ext --inplace`): "
    "the UTF-8 check of decoding (a page parsed from its bytes is not decoded to text); "
    "the nesting scan, which only answers whether a page is cut (the Python scan runs on the pages it cuts), after a count "
    "of start tags that spares it most pages; the walk, "
    "which steps through Lexbor's own tree (`cleaner._speedups.lexbor_walk`, Lexbor's DOM functions as selectolax's "
    "module exports them) and passes over the elements a reader never sees instead of removing them from the tree "
    "first, so the parse row is Lexbor's parse alone and the removal is in the walk's row (before: in the parse's); "
    "and the loops over elements (totals, CSS paths, no-content ancestors, the prose blocks' scores) and the search for "
    "the words of class and id names. Each has a Python twin that "
    "`CLEANER_PURE_PYTHON=1` runs instead and that tests compare it with."
)
"""What the table's figures are made of, for the docs."""


def stages(pages: list[bytes]) -> dict[str, Callable[[], None]]:
    """Each stage as a function over all pages, fed with the previous stages' results."""
    rules = preset_rules(Preset.DEFAULT)
    html_rules = [rule for rule in rules if rule.stage is Stage.MARKUP]
    text_rules = [rule for rule in rules if Kind.HTML in rule.kinds and rule.stage is not Stage.MARKUP]
    decoded = [decode_html(data) for data in pages]
    sources = [d.utf8 if d.utf8 is not None else d.text for d in decoded]
    trees = [LexborHTMLParser(source) for source in sources]
    walks = [dom._walk_page(tree, ()) for tree in trees]
    parsed = [dom.parse_page(source) for source in sources]
    documents = [page_document(page) for page in parsed]
    kept = [segment_text(apply_verdicts(doc.text, judge(doc, html_rules))) for doc in documents]

    def parse() -> None:
        for source in sources:
            LexborHTMLParser(source)

    def walk() -> None:
        for tree in trees:
            dom._walk_page(tree, ())

    def main_content() -> None:
        for w in walks:
            totals = dom._totals(w.elements, w.runs)
            main, extra = dom.find_main(w.elements, w.leaf, w.runs, totals)
            dom._blocks(w.elements, w.runs, main, extra)

    def html_rules_and_removals() -> None:
        for page, doc in zip(parsed, documents):
            _clean(doc.text, html_rules, [block.path for block in page.blocks], doc)

    def line_rules() -> None:
        for doc in kept:
            judge(segment_text(doc.text), text_rules)

    return {
        "sniffing and decoding": lambda: [looks_like_html(data) and decode_html(data) for data in pages] and None,
        "nesting scan (compiled; pages of over 1,000 tags)": lambda: [flatten_deep_nesting(source) for source in sources] and None,
        "Lexbor's parse": parse,
        "the walk over every node, invisible and hidden elements left out (compiled)": walk,
        "main content, headline, CSS paths, blocks": main_content,
        "HTML rules and the report's removals": html_rules_and_removals,
        "line rules on the main content (one pass, segmenting included)": line_rules,
    }


def run(corpus: Path, repeat: int) -> tuple[dict[str, float], int]:
    pages = [page.html for page in load_pages(corpus)]
    nodes = sum(1 for data in pages for _ in LexborHTMLParser(data).root.traverse(include_text=True))
    print(f"{len(pages)} pages, {sum(map(len, pages)) / len(pages) / 1024:.0f} KB and {nodes / len(pages):,.0f} nodes a page", file=sys.stderr)
    timings = {}
    prepared = stages(pages)
    for name, stage in prepared.items():
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            stage()
            best = min(best, time.perf_counter() - started)
        timings[name] = 1000 * best / len(pages)
    return timings, len(pages)


def run_baseline(checkout: Path, corpus: Path, repeat: int) -> list[float]:
    """The figures of `checkout`'s own html_stages, in the order of its table."""
    command = [sys.executable, "-m", "benchmarks.html_stages", "--repeat", str(repeat), "--corpus", str(corpus.resolve())]
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    printed = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, check=True).stdout
    rows = [line.split("|") for line in printed.splitlines() if line.startswith("| ") and not line.startswith(("| stage", "| sum", "| ---"))]
    return [float(row[2]) for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2, help="Alternating rounds with --baseline; each figure is the best.")
    parser.add_argument("--baseline", type=Path, help="A checkout of an earlier commit whose html_stages runs beside this one.")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    if not (args.corpus / "ground-truth.json").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    command = command_line("benchmarks.html_stages", argv)
    timings: dict[str, float] = {}
    before: list[float] = []
    load = []
    for _ in range(args.rounds if args.baseline else 1):
        load.append(os.getloadavg()[0])
        if args.baseline:
            figures = run_baseline(args.baseline, args.corpus, args.repeat)
            before = [min(pair) for pair in zip(before, figures)] if before else figures
        now, pages = run(args.corpus, args.repeat)
        timings = {name: min(ms, timings.get(name, ms)) for name, ms in now.items()}
    if before and len(before) != len(timings):
        print(f"the baseline has {len(before)} stages, this checkout {len(timings)}: not comparable row for row", file=sys.stderr)
        return 2
    machine_line = (
        f"Machine: {machine()}; 1-minute load {statistics.mean(load):.1f}; one process, best of {args.repeat} runs over the {pages} pages"
        + (f", best of {args.rounds} rounds alternating with the baseline" if args.baseline else "")
        + ". Stages timed apart add up to less than the whole, which also pays for moving each page's data between them."
    )
    if before:
        header = ["| stage | before, ms a page | now, ms a page |", "| --- | --- | --- |"]
        rows = [f"| {name} | {old:.2f} | {ms:.2f} |" for (name, ms), old in zip(timings.items(), before)]
        total = f"| sum | {sum(before):.2f} | {sum(timings.values()):.2f} |"
    else:
        header = ["| stage | ms a page |", "| --- | --- |"]
        rows = [f"| {name} | {ms:.2f} |" for name, ms in timings.items()]
        total = f"| sum | {sum(timings.values()):.2f} |"
    lines = [HEADING, "", f"Command: `{command}`  ", machine_line, "", *header, *rows, total, "", READING]
    text = "\n".join(lines) + "\n"
    publish(text, args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
