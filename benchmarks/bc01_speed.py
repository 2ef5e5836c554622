"""CPU time of BC01 (the paragraph classifier) alone, per call of a page and per component.

    python -m benchmarks.bc01_speed --dumps /tmp/dumps.json [--style html2text] [--preset article] [--engine DIR] [--profile]

Cleans every dump of the chosen styles with `clean_text` once, recording each document
BC01 judges on the way (its first call when its stage starts, the calls after removals,
the confirming one), then replays those documents through BC01's `check` alone, page by
page with one memo a page as the pipeline shares one across the passes over an input,
and prints the CPU time of each call (first, second, third and later) in ms a page, best
of `--repeat` rounds, and of all of them while the pipeline ran them ("pipeline", one run,
among the other rules' work, which leaves BC01's tables and code colder in the caches than
back-to-back replays do: the figure issue 13's page budget pays). A replayed call must give the verdicts the recorded one gave, or
the script stops: it times the rule the pipeline ran.

`--profile` runs one more replay under cProfile and prints where BC01's time goes: the
cumulative time of each function of `cleaner.rules.blocks` and `cleaner.engine.*` that
BC01 calls, scaled so that the replay's total is the unprofiled figure (profiling
inflates short calls more, so read the shares as a ranking).

`--parts` times BC01's steps one by one on the documents of its first calls (this
checkout's steps, which an older one may not have): cutting paragraphs with a fresh memo
and with every line's pieces known (as in every later call), the page's language and the
features (one step, as the compiled BC01 reads each paragraph once for both), the
classification, the reasons, the last three together as the compiled BC01 runs them
(without making `Features`), and the whole first call, each in ms a page.

`--engine DIR` times the `cleaner` package of the checkout in DIR (with its kernels built
there) instead of this one's, so that two checkouts can be run alternately under nearly
the same load. `--dumps` is the file `benchmarks.text_engine --dumps` writes.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import json
import os
import pstats
import sys
import time
from pathlib import Path

CALLS = ("first", "second", "third+")


def record(texts: list[str], rules: tuple) -> list[list]:  # type: ignore[type-arg]
    """For each text, the documents BC01 judged while `clean_text` cleaned it, with its verdicts on each."""
    pages: list[list] = []  # type: ignore[type-arg]

    def keep(doc, verdicts, seconds):  # type: ignore[no-untyped-def]
        pages[-1].append((doc, verdicts))

    _watched(texts, rules, keep, pages)
    return pages


def in_pipeline(texts: list[str], rules: tuple) -> float:  # type: ignore[type-arg]
    """CPU seconds of BC01's calls while `clean_text` cleaned `texts` (after one untimed page
    that loads the stop lists), keeping nothing: kept documents would grow the heap that
    Python's collector scans when BC01's allocations set it off."""
    spent = [0.0]

    def count(doc, verdicts, seconds):  # type: ignore[no-untyped-def]
        spent[0] += seconds

    _watched(texts[:1], rules, lambda *_: None, [])
    _watched(texts, rules, count, [])
    return spent[0]


def _watched(texts: list[str], rules: tuple, seen, pages: list) -> None:  # type: ignore[no-untyped-def, type-arg]
    """Clean `texts`, calling `seen(doc, verdicts, CPU seconds)` after each of BC01's calls."""
    from cleaner.engine.pipeline import clean_text
    from cleaner.rules.blocks import BoilerplateBlock

    rule = next(rule for rule in rules if isinstance(rule, BoilerplateBlock))
    original = type(rule).check

    def watching(self, doc):  # type: ignore[no-untyped-def]
        began = time.process_time()
        verdicts = original(self, doc)
        seen(doc, verdicts, time.process_time() - began)
        return verdicts

    type(rule).check = watching  # type: ignore[method-assign]
    try:
        for text in texts:
            pages.append([])
            clean_text(text, rules)
    finally:
        type(rule).check = original  # type: ignore[method-assign]


def replay(pages: list[list], rule: object) -> list[float]:  # type: ignore[type-arg]
    """CPU seconds of BC01's calls over every page, summed by call (first, second, third and later)."""
    spent = [0.0] * len(CALLS)
    clock = time.process_time
    for calls in pages:
        memo: dict[int, dict] = {}  # type: ignore[type-arg]
        for number, (doc, verdicts) in enumerate(calls):
            doc = dataclasses.replace(doc, memo=memo)
            began = clock()
            found = rule.check(doc)  # type: ignore[attr-defined]
            spent[min(number, len(CALLS) - 1)] += clock() - began
            if found != verdicts:
                raise SystemExit(f"replayed BC01 call {number + 1} of a page gave other verdicts than the recorded one")
    return spent


def profile(pages: list[list], rule: object, total: float, top: int) -> None:  # type: ignore[type-arg]
    """Print the cumulative time of BC01's own functions, scaled to `total` CPU seconds."""
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    replay(pages, rule)
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    whole = 0.0
    for (path, line, name), (_, calls, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name == "check" and path.endswith(os.path.join("rules", "blocks.py")):
            whole = cumulative
        if any(part in path for part in (os.path.join("rules", "blocks.py"), os.path.join("cleaner", "engine"), "_speedups")) or path == "~":
            rows.append((cumulative, calls, f"{Path(path).name}:{line} {name}" if path != "~" else name))
    scale = total / whole if whole else 0.0
    print(f"{'ms a page':>10} {'calls a page':>13}  function (cumulative, scaled to the unprofiled total)")
    for cumulative, calls, label in sorted(rows, reverse=True)[:top]:
        print(f"{1000 * cumulative * scale / len(pages):10.3f} {calls / len(pages):13.1f}  {label}")


def parts(pages: list[list], rule: object, repeat: int) -> None:  # type: ignore[type-arg]
    """Print the CPU time of each of BC01's steps over the documents of its first calls, in ms a page."""
    from cleaner.engine.paragraphs import make_paragraphs, paragraph_texts
    from cleaner.rules import blocks

    firsts = [calls[0][0] for calls in pages if calls]
    cut = [make_paragraphs(doc) for doc in firsts]
    texts = [tuple(paragraph.text for paragraph in paragraphs) for paragraphs in cut]
    languages, features = zip(*(blocks._language_and_features(page, {}) for page in texts))
    judgements = [blocks.judged(page, rule.article) for page in features]  # type: ignore[attr-defined]
    steps = {
        "paragraphs, fresh memo": lambda: [paragraph_texts(dataclasses.replace(doc, memo={})) for doc in firsts],
        "paragraphs, lines known": lambda: [paragraph_texts(doc) for doc in firsts],
        "language and features": lambda: [blocks._language_and_features(page, {}) for page in texts],
        "classification": lambda: [blocks.judged(page, rule.article) for page in features],  # type: ignore[attr-defined]
        "reasons": lambda: [
            blocks.reasons(judgement, page, rule.article, language.name)  # type: ignore[attr-defined]
            for judgement, page, language in zip(judgements, features, languages)
        ],
        # What a first call does after cutting paragraphs; compiled, without the `Features` the three steps above make.
        "after the paragraphs": lambda: [rule._removed(page, {}) for page in texts],  # type: ignore[attr-defined]
        "whole first call": lambda: [rule.check(dataclasses.replace(doc, memo={})) for doc in firsts],  # type: ignore[attr-defined]
    }
    for name, step in steps.items():
        best = float("inf")
        for _ in range(repeat):
            began = time.process_time()
            step()
            best = min(best, time.process_time() - began)
        print(f"{'':25} {name:24} {1000 * best / len(pages):8.3f}")
    paragraphs = sum(map(len, cut)) / len(pages)
    removed = sum(len(judgement.removed) for judgement in judgements) / len(pages)
    print(f"{'':25} a page: {sum(len(doc.blocks) for doc in firsts) / len(pages):.0f} lines, {paragraphs:.0f} paragraphs, {removed:.0f} removed")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, required=True, help="the dumps, as `benchmarks.text_engine --dumps` writes them")
    parser.add_argument("--style", action="append", help="only this dump style (repeatable); all by default")
    parser.add_argument("--preset", action="append", choices=("default", "article"), help="only this preset (repeatable); both by default")
    parser.add_argument("--repeat", type=int, default=3, help="replays per style and preset; the best is reported")
    parser.add_argument("--engine", type=Path, help="time the cleaner package of the checkout in this folder instead of this one's")
    parser.add_argument("--profile", action="store_true", help="also print where BC01's time goes, function by function")
    parser.add_argument("--parts", action="store_true", help="also time BC01's steps one by one on its first calls' documents")
    parser.add_argument("--top", type=int, default=25, help="functions printed by --profile")
    args = parser.parse_args(argv)
    dumps = json.loads(args.dumps.read_text(encoding="utf-8"))
    styles = args.style or list(dumps)
    if args.engine is not None:
        sys.path.insert(0, str(args.engine.resolve()))
    from cleaner.rules.blocks import BoilerplateBlock
    from cleaner.rules.presets import Preset, preset_rules

    print(f"engine: {Path(sys.modules['cleaner.rules.blocks'].__file__ or '').parents[2]}")
    print(f"load average before timing: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"{'preset':8} {'style':16} {'calls':>6} " + " ".join(f"{name:>8}" for name in CALLS) + f" {'all':>8} {'pipeline':>8}  (CPU ms a page, best of {args.repeat}; pipeline: one run)")
    for preset in Preset:
        if args.preset and preset.value not in args.preset:
            continue
        rules = preset_rules(preset)
        rule = next(rule for rule in rules if isinstance(rule, BoilerplateBlock))
        for style in styles:
            pipeline = in_pipeline(dumps[style], rules)
            pages = record(dumps[style], rules)
            gc.collect()
            best = [float("inf")] * len(CALLS)
            for _ in range(args.repeat):
                best = [min(a, b) for a, b in zip(best, replay(pages, rule))]
            calls = sum(map(len, pages)) / len(pages)
            print(
                f"{preset.value:8} {style:16} {calls:6.2f} "
                + " ".join(f"{1000 * spent / len(pages):8.3f}" for spent in best)
                + f" {1000 * sum(best) / len(pages):8.3f} {1000 * pipeline / len(pages):8.3f}"
            )
            if args.parts:
                parts(pages, rule, args.repeat)
            if args.profile:
                profile(pages, rule, sum(best), args.top)
    print(f"load average after timing: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
