"""What HTML mode keeps, decided by measurement: titles, headings, tables, bylines and dates.

    python -m benchmarks.html_choices [--write docs/benchmarks.md]

Scores HTML mode on the 181 pages of ../shared/corpus/scrapinghub as it is, and with
one kind of block taken out of (or put back into) its clean text, so each choice
documented in docs/html.md has a figure behind it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

import cleaner.rules.html as html_rules
from benchmarks.corpus import CORPUS, load_pages
from benchmarks.quality import command_line, machine, publish
from benchmarks.scoring import Score, score_page
from cleaner.engine.pipeline import _clean, clean_page, clean_text, page_document
from cleaner.readers.dom import HtmlBlock, Page
from cleaner.readers.files import MAX_LINE_CHARS
from cleaner.readers.html import read_page
from cleaner.rules.base import Kind
from cleaner.rules.presets import Preset, preset_rules

HEADING = "## HTML mode: what it keeps"
_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _without(test: Callable[[Page, HtmlBlock], bool]) -> Callable[[Page], str]:
    """HTML mode's clean text without the kept lines whose block passes `test`."""

    def clean(page: Page) -> str:
        blocks = {block.text: block for block in page.blocks}
        lines = clean_page(page, preset_rules(Preset.DEFAULT)).text.splitlines()
        return "\n".join(line for line in lines if not (line in blocks and test(page, blocks[line])))

    return clean


def _in_table(page: Page, block: HtmlBlock) -> bool:
    # A row of values is one block, owned by its <tr> (`cleaner.readers.dom.join_rows`).
    return any(element.tag in ("td", "th", "tr") for element in page.ancestors(block.element))


def _dateline(page: Page, block: HtmlBlock) -> bool:
    return len(block.text) < 60 and bool(_YEAR.search(block.text)) and not block.text.endswith(".")


def _keeping_bylines(page: Page) -> str:
    names = html_rules.BOILERPLATE_NAMES
    html_rules.BOILERPLATE_NAMES = re.compile(names.pattern.replace("author-?bio|byline|", "").replace("|meta\\b", ""))
    try:
        return clean_page(page, preset_rules(Preset.DEFAULT)).text
    finally:
        html_rules.BOILERPLATE_NAMES = names


def _with_text_rule(code: str) -> Callable[[Page], str]:
    """HTML mode with a rule that judges only text dumps (RB01, BC01) run on the page as well."""

    def clean(page: Page) -> str:
        rules = [rule for rule in preset_rules(Preset.DEFAULT) if Kind.HTML in rule.kinds or rule.code == code]
        doc = page_document(page)
        return _clean(doc.text, rules, [block.path for block in page.blocks], doc).text

    return clean


VARIANTS: dict[str, Callable[[Page], str]] = {
    "default preset (keeps the <h1> headline)": lambda page: clean_page(page, preset_rules(Preset.DEFAULT)).text,
    "--article (drops the <h1> headline, HT05)": lambda page: clean_page(page, preset_rules(Preset.ARTICLE)).text,
    "without any heading": _without(lambda page, block: block.heading > 0),
    "without table cells": _without(_in_table),
    "without short lines holding a year (datelines)": _without(_dateline),
    "keeping blocks in byline/author-bio/meta elements": _keeping_bylines,
    "with RB01 repeated-block run on pages too": _with_text_rule("RB01"),
    "with BC01 boilerplate-block (default mode) run on pages too": _with_text_rule("BC01"),
}


def run(corpus: Path) -> tuple[dict[str, Score], int, int]:
    """Each variant's score; and how many pages' clean text changes when cleaned again as a dump."""
    pages = [(page, read_page(page.html, None, MAX_LINE_CHARS)[0]) for page in load_pages(corpus)]
    scores = {name: Score.of([score_page(page.truth, variant(parsed)) for page, parsed in pages]) for name, variant in VARIANTS.items()}
    rules = preset_rules(Preset.DEFAULT)
    again = sum(clean_text(clean_page(parsed, rules).text, rules).changed for _, parsed in pages)
    return scores, again, len(pages)


def render(scores: dict[str, Score], again: int, pages: int, command: str) -> str:
    lines = [
        HEADING,
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}. Pages: the 181 of ../shared/corpus/scrapinghub, whose true article bodies "
        "leave the headline out.",
        "",
        "| variant | F1 | precision | recall |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {name} | {s.f1:.4f} | {s.precision:.4f} | {s.recall:.4f} |" for name, s in scores.items()]
    lines += [
        "",
        f"A page's clean text, cleaned again as a text dump (default preset, which adds RB01 and BC01): "
        f"{again} of {pages} pages change.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--write", type=Path, help="Replace this section of a markdown file.")
    args = parser.parse_args(argv)
    if not (args.corpus / "ground-truth.json").exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    command = command_line("benchmarks.html_choices", argv)
    text = render(*run(args.corpus), command)
    publish(text, args.write, HEADING)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
