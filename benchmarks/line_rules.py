"""CPU time of each line rule's first pass over a page of the benchmark dumps, in ms a page.

    python -m benchmarks.line_rules --dumps /tmp/dumps.json [--style html2text] [--engine DIR]

The first pass of `clean_text` asks every LINES-stage rule that judges text dumps to
check the whole document, with nothing learnt yet about its lines. This script makes
that document for every dump of a style (`segment_text` with a fresh memo, as the
pipeline does; not timed), then times each rule's `check` over all of them in turn
with `time.process_time`, and prints the CPU milliseconds a page each rule costs,
their sum, and `judge` (all of them plus the overlap resolution, as the pipeline
calls them) on documents made afresh. Each timing is the best of `--repeat` runs,
every run on documents made afresh, so no rule finds its facts of an earlier run.

The non-blank lines (`Document.content_blocks`) are found before the rules are timed:
several rules share them, and the first to ask would otherwise pay for all.

`--dumps FILE` reads the dumps (a JSON object, style -> dumps in page order, as
`benchmarks.text_engine --dumps` writes it) or writes them there first; `--engine DIR`
times the `cleaner` package of the checkout in DIR, so two checkouts can be compared
on the same dumps under nearly the same load. Quote the load average beside figures.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path


def first_pass_documents(texts: list[str]) -> list:  # type: ignore[type-arg]
    """The documents the first pass judges: every text cut into lines with a memo of its own."""
    from cleaner.engine.segment import segment_text

    docs = [segment_text(text, memo={}) for text in texts]
    for doc in docs:
        doc.content_blocks()
    return docs


def rule_costs(texts: list[str], rules: list, repeat: int) -> dict[str, float]:  # type: ignore[type-arg]
    """CPU seconds over all `texts` of each rule's first-pass check, by rule code (best of `repeat`)."""
    costs = {rule.code: float("inf") for rule in rules}
    for _ in range(repeat):
        for rule in rules:
            docs = first_pass_documents(texts)
            gc.collect()
            began = time.process_time()
            for doc in docs:
                rule.check(doc)
            costs[rule.code] = min(costs[rule.code], time.process_time() - began)
    return costs


def judge_cost(texts: list[str], rules: list, repeat: int) -> float:  # type: ignore[type-arg]
    """CPU seconds over all `texts` of the pipeline's `judge` with every rule (best of `repeat`)."""
    from cleaner.engine.pipeline import judge

    best = float("inf")
    for _ in range(repeat):
        docs = first_pass_documents(texts)
        gc.collect()
        began = time.process_time()
        for doc in docs:
            judge(doc, rules)
        best = min(best, time.process_time() - began)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, help="read the dumps from this JSON file, or write them there first")
    parser.add_argument("--engine", type=Path, help="time the cleaner package of the checkout in this folder instead of this one's")
    parser.add_argument("--style", action="append", help="time only this dump style (repeatable)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each rule; the best is reported")
    args = parser.parse_args(argv)
    if args.engine is not None:
        sys.path.insert(0, str(args.engine.resolve()))
    from benchmarks.text_engine import _dumps

    dumps = _dumps(args.dumps)
    if args.style:
        unknown = sorted(set(args.style) - set(dumps))
        if unknown:
            parser.error(f"unknown dump style {', '.join(unknown)}; the styles are {', '.join(dumps)}")
        dumps = {style: texts for style, texts in dumps.items() if style in args.style}
    from cleaner.rules.base import Kind, Stage
    from cleaner.rules.presets import Preset, preset_rules

    # The line rules are the same objects in both presets (`default_rules`), and judge alike.
    rules = [rule for rule in preset_rules(Preset.DEFAULT) if rule.stage is Stage.LINES and Kind.TEXT in rule.kinds]
    print(f"engine: {Path(sys.modules['cleaner.rules.presets'].__file__ or '').parents[2]}")
    print(f"load average before timing: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for style, texts in dumps.items():
        costs = rule_costs(texts, rules, args.repeat)
        whole = judge_cost(texts, rules, args.repeat)
        per_page = {code: 1000 * seconds / len(texts) for code, seconds in costs.items()}
        listed = "  ".join(f"{code} {ms:.2f}" for code, ms in sorted(per_page.items(), key=lambda item: -item[1]))
        print(f"{style:16} ms/page CPU: {listed}")
        print(f"{'':16} sum {sum(per_page.values()):.2f}, judge {1000 * whole / len(texts):.2f} ({len(texts)} pages)")
    print(f"load average after timing: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
