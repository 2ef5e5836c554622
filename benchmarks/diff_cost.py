"""What the report's diff (`cleaner.report.diff.unified_diff`) costs a changed input.

    python -m benchmarks.diff_cost [--cases /tmp/diff_cases.pickle] [--baseline OLD_DIFF.py] [--repeat 5]
    python -m benchmarks.diff_cost --page-source OLD_PAGE_SOURCE.py [--repeat 5]

Cleans the 181 pages of ../shared/corpus/scrapinghub as HTML and as the four dump styles
of `benchmarks.corpus.DUMPERS`, under both presets, and times building the unified diff
of each changed input, as a folder run does for its `cleaner-report.diff`. `--cases`
keeps the cleanings in a pickle (made on the first run, read after), so two builders are
timed on the same inputs. `--baseline` names another diff module's file (say an export
of an earlier commit's `cleaner/report/diff.py`): both are timed in alternating rounds,
and their outputs compared byte for byte.

`--page-source` times instead locating each HTML page's removals in its source
(`cleaner.report.page_source.locate_removals`, for the json, jsonl and github output
formats) against the module in the file named, on the 181 pages cleaned with the
default preset, alternating, and compares the located removals.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import pickle
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.corpus import DUMPERS, load_pages

Case = tuple[str, str, str, tuple]
"""Input kind and preset, original text, clean text, removals."""


def _clean_page(html: bytes) -> list[Case]:
    from cleaner.engine.pipeline import clean_text
    from cleaner.readers.html import clean_html
    from cleaner.rules.presets import Preset, preset_rules

    cases = []
    for preset in Preset:
        rules = preset_rules(preset)
        results = [("html", clean_html(html, rules))] + [(style, clean_text(dump(html), rules)) for style, dump in DUMPERS.items()]
        cases += [(f"{kind} {preset.value}", r.original, r.text, r.removals) for kind, r in results if r.changed]
    return cases


def make_cases(workers: int | None = None) -> list[Case]:
    """Every changed input of the benchmark, both presets, HTML and the four dump styles."""
    pages = [page.html for page in load_pages()]
    with ProcessPoolExecutor(workers) as pool:
        return [case for cases in pool.map(_clean_page, pages) for case in cases]


def load_module(path: str, name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page_source_cost(baseline: str, repeat: int) -> None:
    """Time locating removals in the source, this module against `baseline`, and compare them."""
    from cleaner.engine.pipeline import clean_page
    from cleaner.readers.html import read_page
    from cleaner.report import page_source
    from cleaner.rules.presets import Preset, preset_rules

    rules = preset_rules(Preset.DEFAULT)
    cases = []
    for page in load_pages():
        parsed, decoded = read_page(page.html, None, 10**9)
        cases.append((clean_page(parsed, rules).removals, parsed, decoded.text))
    modules = {"before": load_module(baseline, "baseline_page_source"), "now": page_source}
    differing = sum(modules["before"].locate_removals(*case) != page_source.locate_removals(*case) for case in cases)
    print(f"pages whose located removals differ from the baseline's: {differing} of {len(cases)}")
    best: dict[str, float] = {}
    for _ in range(repeat):
        for name, module in modules.items():
            started = time.process_time()
            for case in cases:
                module.locate_removals(*case)
            best[name] = min(best.get(name, 1e9), time.process_time() - started)
    print(f"CPU ms a page (best of {repeat} rounds, alternating); 1-minute load {os.getloadavg()[0]:.1f}")
    print(" | ".join(f"{name}: {1000 * seconds / len(cases):.3f}" for name, seconds in best.items()))


def load_builder(path: str | None) -> Callable[..., str]:
    if path is None:
        from cleaner.report.diff import unified_diff

        return unified_diff
    return load_module(path, "baseline_diff").unified_diff


def time_builder(build: Callable[..., str], cases: list[Case]) -> float:
    started = time.process_time()
    for _, original, clean, removals in cases:
        build(original, clean, removals, "in.html", "out.txt")
    return time.process_time() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=Path, help="pickle of the cleanings: read if it exists, else made and written")
    parser.add_argument("--baseline", help="another diff module's file, timed against this one")
    parser.add_argument("--repeat", type=int, default=5, help="rounds; the best of each is reported")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of this builder over all cases")
    parser.add_argument("--page-source", metavar="OLD_PAGE_SOURCE.py", help="time locating removals in the source instead")
    args = parser.parse_args(argv)
    if args.page_source:
        page_source_cost(args.page_source, args.repeat)
        return

    if args.cases and args.cases.exists():
        cases = pickle.loads(args.cases.read_bytes())
    else:
        cases = make_cases()
        if args.cases:
            args.cases.write_bytes(pickle.dumps(cases))
    builders = {"now": load_builder(None)}
    if args.baseline:
        builders = {"before": load_builder(args.baseline), **builders}
        differing = [kind for kind, *case in cases if builders["before"](*case, "in.html", "out.txt") != builders["now"](*case, "in.html", "out.txt")]
        print(f"outputs differing from the baseline: {len(differing)} of {len(cases)}")
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(time_builder, builders["now"], cases)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
        return

    kinds = sorted({kind for kind, *_ in cases})
    best: dict[tuple[str, str], float] = {}
    for _ in range(args.repeat):
        for name, build in builders.items():
            for kind in kinds:
                chosen = [case for case in cases if case[0] == kind]
                seconds = time_builder(build, chosen)
                best[name, kind] = min(best.get((name, kind), seconds), seconds)
    load = os.getloadavg()[0]
    print(f"CPU ms an input (best of {args.repeat} rounds, alternating); 1-minute load {load:.1f}")
    print("| input | inputs changed | " + " | ".join(f"{name}, ms" for name in builders) + " |")
    for kind in kinds:
        count = sum(1 for case in cases if case[0] == kind)
        print(f"| {kind} | {count} | " + " | ".join(f"{1000 * best[name, kind] / count:.3f}" for name in builders) + " |")
    digest = hashlib.sha256()
    for _, *case in cases:
        digest.update(builders["now"](*case, "in.html", "out.txt").encode("utf-8", "surrogatepass"))
    print(f"sha256 of every diff (this builder): {digest.hexdigest()[:20]}", file=sys.stderr)


if __name__ == "__main__":
    main()
