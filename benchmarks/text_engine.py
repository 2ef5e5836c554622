"""In-process speed of text cleaning: pages per second over the benchmark dumps, per preset.

    python -m benchmarks.text_engine

makes every dump of `benchmarks.corpus.DUMPERS` for every benchmark page (724 dumps),
then cleans them all with `clean_text` under each preset on one core, and prints pages
per second (`--dumps FILE` keeps the dumps, to time another checkout on the same
ones). Only the cleaning is timed, not the dumping; the figure depends on the
machine and its load, so quote the load average beside it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import time
from pathlib import Path

from benchmarks.corpus import DUMPERS, load_pages
from cleaner.engine.pipeline import clean_text
from cleaner.rules.presets import Preset, preset_rules


def pages_per_second(texts: list[str], preset: Preset, repeat: int = 1) -> tuple[float, float]:
    """Pages per second of wall time and of CPU time (which a busy machine disturbs less),
    the best of `repeat` runs over `texts`, after one untimed page loads the stop-lists and tables."""
    rules = preset_rules(preset)
    clean_text(texts[0], rules)
    wall = cpu = float("inf")
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            clean_text(text, rules)
        wall, cpu = min(wall, time.perf_counter() - began), min(cpu, time.process_time() - began_cpu)
    return len(texts) / wall, len(texts) / cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per preset; the best is reported")
    parser.add_argument(
        "--dumps", type=Path, help="read the dumps from this JSON file, or write them there first: the same dumps can then time another checkout"
    )
    args = parser.parse_args(argv)
    if args.dumps and args.dumps.exists():
        texts = json.loads(args.dumps.read_text(encoding="utf-8"))
    else:
        texts = [dump(page.html) for page in load_pages() for dump in DUMPERS.values()]
        if args.dumps:
            args.dumps.write_text(json.dumps(texts), encoding="utf-8")
    # The dumpers' parse trees hold cycles; collect them now, not during the timed runs.
    gc.collect()
    print(f"load average before timing: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    for preset in Preset:
        wall, cpu = pages_per_second(texts, preset, args.repeat)
        print(f"{preset.value:8} {wall:7.1f} pages/s wall, {cpu:7.1f} pages/s CPU ({len(texts)} dumps)")
    print(f"load average after timing: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
