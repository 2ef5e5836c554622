"""How BC01's named thresholds were chosen: the --article preset scored over a grid.

    python -m benchmarks.sweep [--write docs/benchmarks.md] NAME=V1,V2 [NAME=V1,V2 ...]

Each NAME is a module constant of cleaner.rules.blocks. Every combination is scored
on the get_text() and get_text("\\n") dumps of ../shared/corpus/scrapinghub.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import cleaner.rules.blocks as blocks
from benchmarks.corpus import dump_newline, dump_nosep, load_pages
from benchmarks.quality import replace_section
from benchmarks.scoring import Score, score_page
from cleaner.pipeline import clean_text
from cleaner.rules import default_rules

HEADING = "## Threshold sweep (BC01, --article)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("grid", nargs="+", help="NAME=V1,V2,...")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    names = [g.split("=", 1)[0] for g in args.grid]
    values = [[float(v) for v in g.split("=", 1)[1].split(",")] for g in args.grid]
    pages = load_pages()
    # The line rules do not depend on the grid: their stage runs once, here; each
    # setting then runs what the --article preset runs on top of it.
    dumps = {
        style: [(p.truth, clean_text(make(p.html), default_rules()).text) for p in pages]
        for style, make in (("get_text()", dump_nosep), ('get_text("\\n")', dump_newline))
    }
    rules = (*default_rules(), blocks.BoilerplateBlock())
    lines = [
        HEADING,
        "",
        f"Command: `python -m benchmarks.sweep {' '.join(argv if argv is not None else sys.argv[1:])}`",
        "",
        "| " + " | ".join(names) + ' | get_text() F1 / P / R | get_text("\\n") F1 / P / R |',
        "| " + " --- |" * (len(names) + 2),
    ]
    for combination in itertools.product(*values):
        for name, value in zip(names, combination):
            setattr(blocks, name, value)
        cells = []
        for pairs in dumps.values():
            s = Score.of([score_page(truth, clean_text(text, rules).text) for truth, text in pairs])
            cells.append(f"{s.f1:.3f} / {s.precision:.3f} / {s.recall:.3f}")
        row = "| " + " | ".join(f"{v:g}" for v in combination) + " | " + " | ".join(cells) + " |"
        print(row, flush=True)
        lines.append(row)
    text = "\n".join(lines) + "\n"
    if args.write:
        replace_section(args.write, text, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
