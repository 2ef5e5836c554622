"""The measurements that set TP01's site grouping and terse-line thresholds, on the real benchmark pages.

    python -m benchmarks.site_choices [--write docs/site-profiles.md] [--jobs 2]

Two tables, both on text dumps (`get_text("\\n")` and `get_text()`) of the 181 pages
of ../shared/corpus/scrapinghub, which come from about 120 sites, a few with two to
five pages:

- grouping: the pages as one flat folder, learned with a grid of `MIN_SHARED` and
  `MIN_OVERLAP` (`cleaner.sites.groups`); the groups of 3 pages or more found, and each
  preset's F1 minus its F1 page by page (no TP01). A grouping that joins unrelated
  pages makes their shared "Business", "Sports" template lines and loses F1.
- terse lines: the pages counted as ONE site (what a grouping that joins them all
  would do, and what cleaner did before groups), with a grid of `terse_share`: how
  many lines TP01 removes, how many of them terse, and the `--article` F1.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cleaner.rules.template as template
import cleaner.sites.groups as groups
from benchmarks.corpus import CORPUS, DUMPERS, load_pages
from benchmarks.quality import command_line, machine, publish
from benchmarks.scoring import Score, score_page
from cleaner.engine.pipeline import clean_text
from cleaner.rules import with_site_template
from cleaner.rules.presets import Preset, preset_rules
from cleaner.rules.template import SiteTemplate
from cleaner.sites.learn import TemplateCounter, learn
from cleaner.sites.model import is_terse, template_key

HEADING = "## Measurements (python -m benchmarks.site_choices)"
STYLES = ('get_text("\\n")', "get_text()")
GRID = ((2, 0.3), (3, 0.2), (3, 0.3), (3, 0.5), (5, 0.3))
TERSE_SHARES = (0.05, 0.25, 0.5)
FOLDER = "pages"


def _set_grouping(shared: int, overlap: float) -> None:
    groups.MIN_SHARED = template.MIN_SHARED = shared
    groups.MIN_OVERLAP = template.MIN_OVERLAP = overlap


def _grouping_row(args: tuple[str, list[str], list[str], int, float, dict[str, float]]) -> str:
    style, dumps, truths, shared, overlap, alone = args
    _set_grouping(shared, overlap)
    counter = TemplateCounter()
    for dump in dumps:
        counter.add_unsited(FOLDER, dump)
    model = counter.model()
    sizes = sorted((model.pages[g] for g in model.groups.get(FOLDER, ())), reverse=True)
    rule = SiteTemplate(model)
    cells = []
    for preset in Preset:
        scores = [
            score_page(truth, clean_text(dump, with_site_template(preset_rules(preset), rule.for_page(model.group_of(FOLDER, dump), dump))).text)
            for truth, dump in zip(truths, dumps)
        ]
        cells.append(f"{Score.of(scores).f1 - alone[preset.value]:+.4f}")
    large = [size for size in sizes if size >= 3]
    return f"| {style} | {shared} | {overlap:g} | {', '.join(map(str, large)) or 'none'} | {sum(s == 2 for s in sizes)} | {' | '.join(cells)} |"


def _terse_row(args: tuple[str, list[str], list[str], float]) -> str:
    style, dumps, truths, share = args
    model = learn((FOLDER, dump) for dump in dumps)
    rule = dataclasses.replace(SiteTemplate(model), terse_share=share)
    removed = terse = 0
    scores = []
    for truth, dump in zip(truths, dumps):
        result = clean_text(dump, with_site_template(preset_rules(Preset.ARTICLE), rule.for_page(FOLDER, dump)))
        lines = [r.text for r in result.removals if r.code == "TP01"]
        removed += len(lines)
        terse += sum(is_terse(template_key(line)) for line in lines)
        scores.append(score_page(truth, result.text))
    return f"| {style} | {share:g} | {removed:,} | {terse:,} | {Score.of(scores).f1:.4f} |"


def _alone(args: tuple[list[str], list[str]]) -> dict[str, float]:
    dumps, truths = args
    return {p.value: Score.of([score_page(t, clean_text(d, preset_rules(p)).text) for t, d in zip(truths, dumps)]).f1 for p in Preset}


def run(jobs: int) -> list[str]:
    pages = load_pages(CORPUS)
    truths = [page.truth for page in pages]
    lines = []
    with ProcessPoolExecutor(jobs) as pool:
        dumps = {style: list(pool.map(DUMPERS[style], [p.html for p in pages], chunksize=8)) for style in STYLES}
        alone = dict(zip(STYLES, pool.map(_alone, [(dumps[s], truths) for s in STYLES])))
        grid = [(s, dumps[s], truths, k, j, alone[s]) for s in STYLES for k, j in GRID]
        lines += [
            "Grouping, the pages as one flat folder: F1 of the folder run minus F1 page by page.",
            "",
            "| dumps | MIN_SHARED | MIN_OVERLAP | groups of 3+ pages (sizes) | groups of 2 | default | --article |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            *pool.map(_grouping_row, grid),
            "",
            "Terse lines, all pages counted as ONE site, `--article` (page by page: "
            + ", ".join(f"{s} {alone[s]['article']:.4f}" for s in STYLES)
            + "):",
            "",
            "| dumps | terse_share | TP01 lines | of them terse | F1 |",
            "| --- | --- | --- | --- | --- |",
            *pool.map(_terse_row, [(s, dumps[s], truths, share) for s in STYLES for share in TERSE_SHARES]),
            "",
        ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--write", type=Path, help="Replace this section of a markdown file.")
    args = parser.parse_args(argv)
    header = [HEADING, "", f"Command: `{command_line('benchmarks.site_choices', argv)}`  ", f"Machine: {machine()}.", ""]
    publish("\n".join(header + run(args.jobs)), args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
