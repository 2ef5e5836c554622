"""Quality of cleaner on real pages, beside its peers, scored with the benchmark's own metric.

    python -m benchmarks.quality [--write docs/benchmarks.md] [--jobs 2] [--styles ...]

Reads ../shared/corpus/scrapinghub (181 pages and their true article bodies), makes
text dumps from each page as naive scrapers do, cleans them with each preset, and
scores raw dumps, cleaner, jusText on the dump's lines, a C4-style line filter and
trafilatura on the original HTML, all in the same run on the same pages.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache, partial
from pathlib import Path

from benchmarks.corpus import CORPUS, DUMPERS, Page, load_pages
from benchmarks.peers import c4_lines, justext_html, justext_lines, readability_html, resiliparse_html, trafilatura_html
from benchmarks.scoring import PageScore, Score, score_page
from cleaner.engine.pipeline import clean_html, clean_text
from cleaner.rules.presets import Preset, preset_rules

HEADING = "## Quality on real pages (text dumps)"


@dataclass
class Column:
    """One method on one dump style: page scores, junk counts, rule counts, time."""

    pages: list[PageScore] = field(default_factory=list)
    junk_raw: int = 0
    junk_left: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def score(self) -> Score:
        return Score.of(self.pages)

    @property
    def junk_removed(self) -> float:
        return 1 - self.junk_left / self.junk_raw if self.junk_raw else 0.0


def _measure(page: Page, style: str) -> dict[str, tuple[str, dict[str, int], float]]:
    """Every method's prediction for one page and dump style, with rule counts and seconds."""
    dump = DUMPERS[style](page.html)
    results: dict[str, tuple[str, dict[str, int], float]] = {"raw dump": (dump, {}, 0.0)}
    for preset in Preset:
        started = time.perf_counter()
        result = clean_text(dump, preset_rules(preset))
        results[f"cleaner {preset.flag}"] = (result.text, result.counts(), time.perf_counter() - started)
    for name, method in (("jusText on lines", justext_lines), ("C4 line filter", c4_lines)):
        started = time.perf_counter()
        results[name] = (method(dump), {}, time.perf_counter() - started)
    return results


def cleaner_html(page: bytes, preset: Preset = Preset.DEFAULT) -> str:
    """cleaner's HTML mode, as `cleaner clean` runs it on an HTML file: sniff, decode, parse, clean."""
    return clean_html(page, preset_rules(preset)).text


HTML_METHODS: dict[str, Callable[[bytes], str]] = {
    "cleaner (HTML mode)": cleaner_html,
    "cleaner (HTML mode) --article": partial(cleaner_html, preset=Preset.ARTICLE),
    "trafilatura": trafilatura_html,
    "trafilatura favor_precision": partial(trafilatura_html, favor_precision=True),
    "trafilatura without comments": partial(trafilatura_html, include_comments=False),
    "readability-lxml": readability_html,
    "jusText on HTML": justext_html,
    "resiliparse": resiliparse_html,
}
"""Extractors measured on the original pages, each timed page by page in one process."""


@cache
def _warm() -> None:
    # The first call of each extractor imports and compiles; it is not a page's cost.
    for method in HTML_METHODS.values():
        method(b"<html><body><p>Warm up the extractor with one short sentence of text.</p></body></html>")


def _measure_html(page: Page) -> dict[str, tuple[str, dict[str, int], float]]:
    _warm()
    results = {}
    for name, method in HTML_METHODS.items():
        started = time.perf_counter()
        text = method(page.html)
        results[name] = (text, {}, time.perf_counter() - started)
    return results


def run(styles: list[str], jobs: int, corpus: Path) -> tuple[dict[str, dict[str, Column]], int]:
    pages = load_pages(corpus)
    table: dict[str, dict[str, Column]] = {}
    with ProcessPoolExecutor(jobs) as pool:
        tasks = [(style, pool.map(_measure, pages, [style] * len(pages), chunksize=4)) for style in styles]
        tasks.append(("original HTML", pool.map(_measure_html, pages, chunksize=4)))
        for style, outcomes in tasks:
            columns = table.setdefault(style, {})
            for page, outcome in zip(pages, outcomes):
                # A page score's false positives are the junk its text still holds.
                scores = {method: score_page(page.truth, text) for method, (text, _, _) in outcome.items()}
                raw_junk = scores["raw dump"].fp if "raw dump" in scores else 0
                for method, (_, counts, seconds) in outcome.items():
                    column = columns.setdefault(method, Column())
                    column.pages.append(scores[method])
                    column.junk_raw += raw_junk
                    column.junk_left += scores[method].fp
                    column.rules.update(counts)
                    column.seconds += seconds
    return table, len(pages)


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((l.split(":", 1)[1].strip() for l in cpuinfo.read_text().splitlines() if l.startswith("model name")), "")
    return f"{model or platform.processor()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def render(table: dict[str, dict[str, Column]], pages: int, command: str, jobs: int) -> str:
    lines = [
        HEADING,
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}; {jobs} worker processes; run on {date.today().isoformat()}.  ",
        f"Pages: {pages} (../shared/corpus/scrapinghub). Metric: the benchmark's 4-token shingle F1; "
        "precision and recall are means over pages (recall is the content kept), F1 is computed from those means. "
        "Junk removed: the share of the raw dump's false-positive shingles that the method removed.",
        "",
    ]
    for style, columns in table.items():
        lines += [
            f"### {style}",
            "",
            "| method | F1 | precision | recall (content kept) | junk removed | ms/page | pages/s (one process) |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for method, column in columns.items():
            s = column.score
            junk = f"{column.junk_removed:.1%}" if column.junk_raw else "n/a"
            lines.append(
                f"| {method} | {s.f1:.3f} | {s.precision:.3f} | {s.recall:.3f} | {junk} | {1000 * column.seconds / pages:.1f} | "
                f"{f'{pages / column.seconds:,.0f}' if column.seconds else 'n/a'} |"
            )
        lines.append("")
        if "cleaner (HTML mode)" in columns and "trafilatura" in columns:
            ours, article, theirs = columns["cleaner (HTML mode)"], columns.get("cleaner (HTML mode) --article"), columns["trafilatura"]
            best = max((c.score.f1, name) for name, c in columns.items() if name.startswith("trafilatura"))
            lines += [
                f"cleaner's HTML mode: F1 {article.score.f1 if article else float('nan'):.3f} with --article, which drops the headline as the "
                f"benchmark's article bodies do, and {ours.score.f1:.3f} with the default preset, which keeps it; trafilatura's best "
                f"setting here, {best[1]}, scores {best[0]:.3f}. Speed: {theirs.seconds / ours.seconds:.1f} times trafilatura's "
                "default pages/s, both timed page by page in the same worker processes.",
                "",
            ]
    lines += ["### Removals per rule (all dump styles)", "", "| preset | " + " | ".join(_codes(table)) + " |", "| --- |" + " --- |" * len(_codes(table))]
    for preset in Preset:
        total: Counter[str] = Counter()
        for columns in table.values():
            if f"cleaner {preset.flag}" in columns:
                total.update(columns[f"cleaner {preset.flag}"].rules)
        lines.append(f"| {preset.flag} | " + " | ".join(str(total[c]) for c in _codes(table)) + " |")
    return "\n".join(lines) + "\n"


def _codes(table: dict[str, dict[str, Column]]) -> list[str]:
    return sorted({code for columns in table.values() for column in columns.values() for code in column.rules})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--styles", nargs="*", default=list(DUMPERS), choices=list(DUMPERS), help="Dump styles to score; none: only the HTML extractors.")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--write", type=Path, help="Replace the quality section of this markdown file.")
    args = parser.parse_args(argv)
    if not (args.corpus / "ground-truth.json").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    command = "python -m benchmarks.quality" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    table, pages = run(args.styles, args.jobs, args.corpus)
    text = render(table, pages, command.strip(), args.jobs)
    print(text)
    if args.write:
        replace_section(args.write, text, HEADING)
    return 0


def command_line(module: str, argv: list[str] | None) -> str:
    """The command that produced a figure, as the docs quote it."""
    return " ".join(["python -m", module, *(argv if argv is not None else sys.argv[1:])])


def slug(name: str) -> str:
    """A method's or an input kind's name as a folder name: "cleaner HTML --article" -> "cleaner-html---article"."""
    return "".join(c if c.isalnum() else "-" for c in name).strip("-").lower()


def publish(section: str, path: Path | None, heading: str) -> None:
    """Print a benchmark's section, and put it in the markdown file `path` if given."""
    print(section)
    if path:
        replace_section(path, section, heading)


def replace_section(path: Path, section: str, heading: str) -> None:
    """Swap the section under `heading` in `path` for `section`, keeping the rest of the file."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    start = old.find(heading)
    if start < 0:
        path.write_text(old.rstrip() + "\n\n" + section, encoding="utf-8")
        return
    end = old.find("\n## ", start + 1)
    rest = old[end + 1 :] if end >= 0 else ""
    path.write_text(old[:start] + section + ("\n" + rest if rest else ""), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
