"""In-process speed of text cleaning: pages per second over the benchmark dumps, per dump style and preset.

    python -m benchmarks.text_engine

makes every dump of `benchmarks.corpus.DUMPERS` for every benchmark page (181 pages ×
4 styles), then cleans each style's dumps with `clean_text` under each preset on one
core, and prints pages per second of wall and CPU time, per style and over all 724
dumps. Only the cleaning is timed, not the dumping; the figure depends on the machine
and its load, so quote the load average beside it.

`--dumps FILE` keeps the dumps (a JSON object, style -> dumps in page order), to time
another checkout on the same ones: `--engine DIR` times the `cleaner` package of the
checkout in DIR instead of this one's, and `--style` one dump style, so two checkouts
can be timed alternately, style by style, under nearly the same load.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path


def pages_per_second(texts: list[str], rules: tuple, repeat: int = 1) -> tuple[float, float]:  # type: ignore[type-arg]
    """Pages per second of wall time and of CPU time (which a busy machine disturbs less),
    the best of `repeat` runs over `texts`, after one untimed page loads the stop-lists and tables."""
    from cleaner.engine.pipeline import clean_text

    clean_text(texts[0], rules)
    wall = cpu = float("inf")
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            clean_text(text, rules)
        wall, cpu = min(wall, time.perf_counter() - began), min(cpu, time.process_time() - began_cpu)
    return len(texts) / wall, len(texts) / cpu


def _dumps(path: Path | None) -> dict[str, list[str]]:
    if path is not None and path.exists():
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    from benchmarks.corpus import DUMPERS, load_pages

    pages = load_pages()
    dumps = {style: [dump(page.html) for page in pages] for style, dump in DUMPERS.items()}
    if path is not None:
        path.write_text(json.dumps(dumps), encoding="utf-8")
    return dumps


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per style and preset; the best is reported")
    parser.add_argument(
        "--dumps", type=Path, help="read the dumps from this JSON file, or write them there first: the same dumps can then time another checkout"
    )
    parser.add_argument("--engine", type=Path, help="time the cleaner package of the checkout in this folder instead of this one's")
    parser.add_argument(
        "--style", action="append", help="time only this dump style (repeatable): a shell loop can then alternate two engines style by style"
    )
    args = parser.parse_args(argv)
    dumps = _dumps(args.dumps)
    if args.style:
        unknown = sorted(set(args.style) - set(dumps))
        if unknown:
            parser.error(f"unknown dump style {', '.join(unknown)}; the styles are {', '.join(dumps)}")
        dumps = {style: texts for style, texts in dumps.items() if style in args.style}
    if args.engine is not None:
        sys.path.insert(0, str(args.engine.resolve()))
    from cleaner.rules.presets import Preset, preset_rules

    # The dumpers' parse trees hold cycles; collect them now, not during the timed runs.
    gc.collect()
    print(f"engine: {Path(sys.modules['cleaner.rules.presets'].__file__ or '').parents[2]}")
    print(f"load average before timing: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for preset in Preset:
        rules = preset_rules(preset)
        seconds = cpu_seconds = 0.0
        for style, texts in dumps.items():
            wall, cpu = pages_per_second(texts, rules, args.repeat)
            seconds, cpu_seconds = seconds + len(texts) / wall, cpu_seconds + len(texts) / cpu
            print(f"{preset.value:8} {style:16} {wall:7.1f} pages/s wall, {cpu:7.1f} pages/s CPU ({len(texts)} dumps)")
        total = sum(len(texts) for texts in dumps.values())
        print(f"{preset.value:8} {'all':16} {total / seconds:7.1f} pages/s wall, {total / cpu_seconds:7.1f} pages/s CPU ({total} dumps)")
    print(f"load average after timing: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
