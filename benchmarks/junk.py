"""Where the junk that the default preset leaves sits, and how far region-based removal could go.

    python -m benchmarks.junk [--write docs/benchmarks.md] [--jobs 2]

On the get_text() and get_text("\\n") dumps of ../shared/corpus/scrapinghub:

1. After the line rules, each paragraph (as BC01 cuts the page) is placed inside,
   near (within 10 paragraphs) or far from BC01's article region, on pages where
   the region is confident or not; the table gives each place's share of the junk
   shingles left and of the article's shingles.
2. A bound for any rule that removes paragraphs outside BC01's region: per page,
   an oracle picks the --article output where it keeps every article shingle the
   line rules kept, and the line rules' output elsewhere. Its junk removed is the
   most such a rule could reach at no loss of content.
"""

from __future__ import annotations

import argparse
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import cleaner.rules.blocks as blocks
from benchmarks.corpus import Page, dump_newline, dump_nosep, load_pages
from benchmarks.quality import publish
from benchmarks.scoring import PageScore, Score, score_page, shingles
from cleaner.engine.language import detect
from cleaner.engine.paragraphs import make_paragraphs
from cleaner.engine.pipeline import clean_text
from cleaner.engine.segment import segment_text
from cleaner.rules import default_rules
from cleaner.rules.presets import Preset, preset_rules

HEADING = "## Where the junk left by the default preset sits"
STYLES = {"get_text()": dump_nosep, 'get_text("\\n")': dump_newline}
NEAR = 10


def _page(page: Page, style: str) -> tuple[Counter[str], Counter[str], dict[str, tuple[int, int, int]]]:
    """Junk and article shingles per place, and (tp, fp, fn) of raw, line rules, --article."""
    dump = STYLES[style](page.html)
    lines = clean_text(dump, default_rules()).text
    article = clean_text(dump, preset_rules(Preset.ARTICLE)).text
    scores = {name: score_page(page.truth, text) for name, text in (("raw", dump), ("lines", lines), ("article", article))}
    junk: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    paragraphs = make_paragraphs(segment_text(lines))
    if paragraphs:
        truth = shingles(page.truth)
        language = detect(w for p in paragraphs for w in p.words)
        features = [blocks.features(p, language) for p in paragraphs]
        prose = blocks.prose_density(features)
        classes = [blocks.classify(f, prose) for f in features]
        first, last = blocks.main_region(classes, features)
        sure = "confident" if blocks._confident(classes, features, first, last) else "unsure"
        for i, paragraph in enumerate(paragraphs):
            place = "inside" if first <= i < last else ("near" if first - NEAR <= i < last + NEAR else "far")
            own = shingles(paragraph.text)
            junk[f"{place}, {sure}"] += sum((own - truth).values())
            kept[f"{place}, {sure}"] += sum((own & truth).values())
    return junk, kept, {k: (s.tp, s.fp, s.fn) for k, s in scores.items()}


def run(jobs: int) -> str:
    pages = load_pages()
    lines = [
        HEADING,
        "",
        "Command: `python -m benchmarks.junk --write docs/benchmarks.md`",
        "",
        "Junk and article shingles left after the line rules, by where their paragraph sits against BC01's article region "
        f"(near: within {NEAR} paragraphs), and the bound for removal outside the region described in `benchmarks/junk.py`.",
        "",
    ]
    with ProcessPoolExecutor(jobs) as pool:
        for style in STYLES:
            junk: Counter[str] = Counter()
            kept: Counter[str] = Counter()
            raw_fp = 0
            oracle, line_rules = [], []
            for page_junk, page_kept, scores in pool.map(_page, pages, [style] * len(pages), chunksize=4):
                junk.update(page_junk)
                kept.update(page_kept)
                raw_fp += scores["raw"][1]
                line_score = PageScore(*scores["lines"])
                article_score = PageScore(*scores["article"])
                line_rules.append(line_score)
                oracle.append(article_score if article_score.recall >= line_score.recall else line_score)
            total_junk, total_kept = sum(junk.values()), sum(kept.values())
            lines += [f"### {style}", "", "| paragraph sits | share of junk left | share of article |", "| --- | --- | --- |"]
            for place, amount in junk.most_common():
                lines.append(f"| {place} | {amount / total_junk:.1%} | {kept[place] / total_kept:.2%} |")
            for name, pages_scored in (("line rules alone", line_rules), ("oracle bound", oracle)):
                s = Score.of(pages_scored)
                removed = 1 - sum(p.fp for p in pages_scored) / raw_fp
                lines.append(f"\n{name}: content kept {s.recall:.4f}, junk removed {removed:.1%}")
            lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    publish(run(args.jobs), args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
