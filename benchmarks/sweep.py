"""How BC01's named thresholds were chosen: a preset scored over a grid of them.

    python -m benchmarks.sweep [--default] [--write docs/benchmarks.md] NAME=V1,V2 [NAME=V1,V2 ...]

Each NAME is a module constant of cleaner.rules.blocks. Every combination is scored
on the get_text() and get_text("\\n") dumps of ../shared/corpus/scrapinghub, with
the --article preset, or with the default preset under --default.
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
from cleaner.engine.pipeline import clean_text
from cleaner.rules import default_rules


def _number(text: str) -> int | float:
    """A grid value: an int where the constant counts things (GROW_WINDOW=30,60), else a float."""
    return int(text) if text.lstrip("-").isdigit() else float(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("grid", nargs="+", help="NAME=V1,V2,...")
    parser.add_argument("--default", action="store_true", help="Sweep BC01's conservative (default preset) mode.")
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    heading = f"## Threshold sweep (BC01, {'default' if args.default else '--article'})"
    names = [g.split("=", 1)[0] for g in args.grid]
    values = [[_number(v) for v in g.split("=", 1)[1].split(",")] for g in args.grid]
    pages = load_pages()
    # The line rules do not depend on the grid: their stage runs once, here; each
    # setting then runs what the preset runs on top of it.
    dumps = {}
    for style, make in (("get_text()", dump_nosep), ('get_text("\\n")', dump_newline)):
        raw = [(p.truth, make(p.html)) for p in pages]
        # Each page keeps its raw dump's junk (false-positive shingles) for "junk removed".
        dumps[style] = [(truth, score_page(truth, dump).fp, clean_text(dump, default_rules()).text) for truth, dump in raw]
    rules = (*default_rules(), blocks.BoilerplateBlock(article=not args.default))
    lines = [
        heading,
        "",
        f"Command: `python -m benchmarks.sweep {' '.join(argv if argv is not None else sys.argv[1:])}`",
        "",
        "| " + " | ".join(names) + ' | get_text() F1 / P / R / junk removed | get_text("\\n") F1 / P / R / junk removed |',
        "| " + " --- |" * (len(names) + 2),
    ]
    for combination in itertools.product(*values):
        for name, value in zip(names, combination):
            setattr(blocks, name, value)
        cells = []
        for triples in dumps.values():
            scores, junk_raw, junk_left = [], 0, 0
            for truth, raw_junk, text in triples:
                page = score_page(truth, clean_text(text, rules).text)
                scores.append(page)
                junk_raw += raw_junk
                junk_left += page.fp
            s = Score.of(scores)
            cells.append(f"{s.f1:.3f} / {s.precision:.3f} / {s.recall:.3f} / {1 - junk_left / junk_raw:.1%}")
        row = "| " + " | ".join(f"{v:g}" for v in combination) + " | " + " | ".join(cells) + " |"
        print(row, flush=True)
        lines.append(row)
    text = "\n".join(lines) + "\n"
    if args.write:
        replace_section(args.write, text, heading)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
