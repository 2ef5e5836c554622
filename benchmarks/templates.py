"""How well TP01 removes site templates and keeps articles, on synthetic multi-site corpora.

    python -m benchmarks.templates [--write docs/benchmarks.md] [--jobs 2]
    python -m benchmarks.templates --memory 1000000 [--write docs/benchmarks.md]
    python -m benchmarks.templates --flat 20000

The first form generates labelled corpora (`benchmarks.synthetic`), learns the model
from all pages, cleans every page, and reports the share of template-line
occurrences removed and of article tokens kept: for TP01 alone and for the default
preset with TP01 (what `cleaner clean` runs), over a grid of `min_share`; then the
same with every page in one flat folder, where no page names its site and the learn
pass must find the sites as groups of pages (`cleaner.sites.groups`). The
second writes that many records to a JSON Lines file and measures the peak memory
of the learn pass over it in a fresh process (`cleaner profile`'s code path).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.quality import machine, replace_section
from benchmarks.synthetic import Kind, Page, generate, is_template, write_jsonl
from cleaner.engine.pipeline import clean_text
from cleaner.rules import with_site_template
from cleaner.rules.presets import Preset, preset_rules
from cleaner.rules.template import MIN_SHARE, SiteTemplate
from cleaner.sites.learn import TemplateCounter, learn
from cleaner.sites.model import TemplateModel

HEADING = "## Site templates (TP01, synthetic corpora)"
MEMORY_HEADING = "## Site templates: memory of the learn pass"
FLAT = "pages"
"""The folder the flat-folder rows put every page in."""
CORPORA = {"20 sites x 100 pages": (20, 100), "60 sites x 12 pages": (60, 12)}
SHARES = (0.02, MIN_SHARE, 0.1, 0.2)
_TOKEN = re.compile(r"\w+")
_NEUTRAL = {Kind.BYLINE}
"""Bylines repeat on many of a site's pages; scrapers count them as boilerplate or not, so neither figure counts them."""


@dataclasses.dataclass
class Tally:
    template_lines: int = 0
    template_removed: int = 0
    article_tokens: int = 0
    article_kept: int = 0
    kept_by_kind: Counter[str] = dataclasses.field(default_factory=Counter)
    lines_by_kind: Counter[str] = dataclasses.field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        for f in ("template_lines", "template_removed", "article_tokens", "article_kept"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.kept_by_kind.update(other.kept_by_kind)
        self.lines_by_kind.update(other.lines_by_kind)


def score(page: Page, rule: SiteTemplate, with_preset: bool) -> Tally:
    """Clean one page and count which of its labelled lines survived."""
    rules = with_site_template(preset_rules(Preset.DEFAULT), rule) if with_preset else (rule,)
    result = clean_text(page.text, rules)
    removed = sorted((r.start, r.end) for r in result.removals)
    tally, offset, at = Tally(), 0, 0
    for line in page.lines:
        start, end = offset, offset + len(line.text)
        offset = end + 1
        while at < len(removed) and removed[at][1] <= start:
            at += 1
        covered = sum(max(0, min(end, e) - max(start, s)) for s, e in removed[at : at + 4])
        gone = covered >= (end - start) / 2
        tally.lines_by_kind[line.kind.value] += 1
        tally.kept_by_kind[line.kind.value] += not gone
        if line.kind in _NEUTRAL:
            continue
        if is_template(line.kind):
            tally.template_lines += 1
            tally.template_removed += gone
        else:
            tokens = len(_TOKEN.findall(line.text))
            tally.article_tokens += tokens
            tally.article_kept += 0 if gone else tokens
    return tally


def _score_all(args: tuple[list[Page], TemplateModel, float, bool, bool]) -> Tally:
    pages, model, share, with_preset, flat = args
    rule = dataclasses.replace(SiteTemplate(model), min_share=share)
    total = Tally()
    for page in pages:
        site = model.group_of(FLAT, page.text) if flat else page.site
        total.add(score(page, rule.for_page(site, page.text), with_preset))
    return total


def learn_flat(pages: list[Page]) -> TemplateModel:
    """The learn pass over the pages as one flat folder of text dumps: no page names its site."""
    counter = TemplateCounter()
    for page in pages:
        counter.add_unsited(FLAT, page.text)
    return counter.model()


def quality(jobs: int) -> list[str]:
    lines = [
        HEADING,
        "",
        "Command: `python -m benchmarks.templates --write docs/benchmarks.md`  ",
        f"Machine: {machine()}; run on {time.strftime('%Y-%m-%d')}.  ",
        "Corpora from `benchmarks.synthetic` (seed 0): each site prints its own navigation, footer, promo lines and "
        "'most read' headlines around unique articles, and its articles share bylines, datelines, quotes (each on about "
        "10% of the site's pages) and a correction notice. Template lines removed: share of template-line occurrences "
        "removed. Article tokens kept: share of the tokens of article lines (headline, paragraphs, datelines, quotes, "
        "corrections) that survive. Bylines count in neither. Rows 'one flat folder': the same pages learned with no site "
        "of their own (`TemplateCounter.add_unsited`), each cleaned as the group it fits (`TemplateModel.group_of`), as "
        "`cleaner clean` treats a flat folder of text dumps.",
        "",
        "| corpus | rules | min_share | template lines removed | article tokens kept | quotes kept | datelines kept | corrections kept | bylines kept |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    with ProcessPoolExecutor(jobs) as pool:
        for name, (sites, pages_per_site) in CORPORA.items():
            pages = list(generate(sites, pages_per_site, seed=0))
            model = learn((p.site, p.text) for p in pages)
            flat_model = learn_flat(pages)
            for with_preset, flat in ((False, False), (True, False), (False, True), (True, True)):
                for share in SHARES if not with_preset and not flat else (MIN_SHARE,):
                    chunks = [pages[i::jobs * 4] for i in range(jobs * 4)]
                    total = Tally()
                    for part in pool.map(_score_all, [(c, flat_model if flat else model, share, with_preset, flat) for c in chunks]):
                        total.add(part)
                    kept = {k: total.kept_by_kind[k] / total.lines_by_kind[k] if total.lines_by_kind[k] else float("nan") for k in ("quote", "dateline", "correction", "byline")}
                    rules = "default preset + TP01" if with_preset else "TP01 alone"
                    where = f", one flat folder ({len(flat_model.groups.get(FLAT, ()))} groups found)" if flat else ""
                    lines.append(
                        f"| {name}{where} | {rules} | {share:g} | "
                        f"{total.template_removed / total.template_lines:.1%} | {total.article_kept / total.article_tokens:.2%} | "
                        + " | ".join(f"{kept[k]:.1%}" for k in kept)
                        + " |"
                    )
                    print(lines[-1], flush=True)
    return lines + [""]


def memory(records: int) -> list[str]:
    """Write `records` synthetic records, then learn from them in a fresh process and read its peak RSS."""
    sites = max(1, records // 1000)
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as folder:
        path = Path(folder) / "records.jsonl.gz"
        started = time.perf_counter()
        write_jsonl(path, generate(sites, records // sites, seed=0))
        written = time.perf_counter() - started
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.templates", "--learn-only", str(path)],
            check=True, capture_output=True, text=True,
        )
        peak_mb, seconds, summary = child.stdout.strip().split("\t")
        size = path.stat().st_size
    return [
        MEMORY_HEADING,
        "",
        f"Command: `python -m benchmarks.templates --memory {records} --write docs/benchmarks.md`  ",
        f"Machine: {machine()}; run on {time.strftime('%Y-%m-%d')}.",
        "",
        f"- Input: {records:,} records of {sites:,} sites from `benchmarks.synthetic` in one gzip JSON Lines file "
        f"({size / 1e9:.2f} GB compressed; written in {written:.0f} s).",
        f"- Learn pass (`cleaner.run.batch.learn_run`, what `cleaner profile` runs), in a fresh process: "
        f"{float(seconds):.0f} s, {summary}.",
        f"- Peak resident memory of that process (ru_maxrss, imports included): **{float(peak_mb):.0f} MB**.",
        "",
    ]


def _learn_only(path: Path) -> None:
    from cleaner.run.batch import Options, learn_run

    started = time.perf_counter()
    model = learn_run([str(path)], Options())
    seconds = time.perf_counter() - started
    lines = sum(len(v) for v in model.lines.values())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{peak_mb:.1f}\t{seconds:.1f}\t{len(model.pages):,} sites, {sum(model.pages.values()):,} pages, {lines:,} lines kept on two pages or more")


def flat_memory(pages: int) -> str:
    """Learn `pages` synthetic pages (100 a site) as one flat folder in this process: groups, time, peak memory."""
    sites = max(1, pages // 100)
    counter = TemplateCounter()
    started = time.perf_counter()
    for page in generate(sites, 100, seed=0):
        counter.add_unsited(FLAT, page.text)
    counted = time.perf_counter() - started
    model = counter.model()
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return (
        f"{sites * 100:,} pages of {sites} sites as one flat folder: {len(model.groups.get(FLAT, ()))} groups found; "
        f"learn pass {seconds:.0f} s, of which grouping {seconds - counted:.0f} s; peak resident memory {peak_mb:.0f} MB "
        "(generator and imports included)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory", type=int, metavar="RECORDS", help="Measure the learn pass's peak memory instead.")
    parser.add_argument("--flat", type=int, metavar="PAGES", help="Measure the learn pass over this many pages of one flat folder instead.")
    parser.add_argument("--learn-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args(argv)
    if args.learn_only:
        _learn_only(args.learn_only)
        return 0
    if args.flat:
        print(flat_memory(args.flat))
        return 0
    lines = memory(args.memory) if args.memory else quality(args.jobs)
    text = "\n".join(lines)
    print(text)
    if args.write:
        replace_section(args.write, text, MEMORY_HEADING if args.memory else HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
