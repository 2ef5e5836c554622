"""TP01 site-template: lines that a site's page template prints on many of its pages.

What it removes: a line that the learn pass saw on at least `min_docs` pages of the
same site, and on at least `min_share` of them: navigation, footers, "Subscribe to
The Ledger for FREE", "57% of readers think this story is Fact", the same "Most
read" headlines. Lines are compared case-folded, with spaces collapsed and every
run of digits read as 0, so a counter that changes from page to page still matches;
a terse line (a few letters at most: "11", "By", "(1)") is compared as it is. A
site is what a page declares (a record's URL host, an HTML page's canonical URL),
else its input sub-folder, else the group of its flat folder's pages whose template
it shares.

Why: most boilerplate of a scrape folder is not visible on one page. A page-local
rule cannot tell "Contact Us" in a footer from a line of the article; counting the
line across the site's pages can.

Example: "Privacy Policy", seen on 118 of the 120 pages of www.ledger.example, goes
from all of them, with that count in the reason.

Must keep: a line that reads like prose (`prose_words` words or more, ending a
sentence) unless it is on `prose_share` of the site's pages, as a legal notice is:
a quote that several articles cite and a standard correction notice are on a few
of them; a dateline lead-in ("LONDON (Reuters) —"), which opens the paragraph after
it; a link's text in a sentence broken at the link ("He posted on" / "Twitter" /
"that the plan..."), as UI01 keeps it; a terse line, such as a table cell "11" or
"By", unless it is on `terse_share` of the site's pages; the page's own headline
(its `<h1>` or `og:title`; in a text dump, a title-like line printed twice at the top
or right above the article's first paragraph), although other pages list it as
"most read"; every line of a site with fewer than `min_docs` pages.

The rule has two phases: `learn` (or `TemplateCounter`, in `cleaner.sites.learn`,
which alone needs numpy) counts lines over the whole input and returns a `TemplateModel`
(`cleaner.sites.model`); `SiteTemplate.check` is pure given that model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, NamedTuple

from cleaner._speedups import compiled
from cleaner.model.document import Block, Document, Verdict
from cleaner.rules.base import TEXT_AND_HTML, Reads, Stage, setting
from cleaner.rules.neighbours import is_fragment
from cleaner.sites.model import CORE_SHARE, MIN_DOCS, TemplateModel, is_terse, normalised_key, split_lines, template_key
from cleaner.text import ends_sentence, words

if TYPE_CHECKING:
    from cleaner.readers.dom import Page

MIN_SHARE = 0.05
"""...nor one on a smaller share of the site's pages (chosen by benchmarks/templates.py)."""
PROSE_WORDS = 12
"""A line this long that ends a sentence reads like prose..."""
PROSE_SHARE = 0.5
"""...and is a template line only when on this share of the site's pages (legal notes are on all)."""
TERSE_SHARE = 0.5
"""...so it is a template line only when on this share of the site's pages (see docs/site-profiles.md)."""
HEADLINE_WORDS = (4, 25)
"""A text dump's line of this many words, not ending in a full stop, may be its headline
(from 4: a byline, "By Jo Smith", sits right above the article as often as the headline)."""

_LEAD_IN = re.compile(r"[-–—]$")
_TOP_LINES = 8
"""Lines at the top of a dump where a scraper prints the headline twice (as HL01 reads them)."""


@dataclass(frozen=True)
class SiteTemplate:
    """TP01: remove the lines of a site's page template (see the module docstring)."""

    code = "TP01"
    name = "site-template"
    description = "Lines the site's page template prints on many of its pages, counted across the input."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LAYOUT

    model: TemplateModel = field(default_factory=TemplateModel)
    site: str | None = None
    """The site of the page being checked; set per page with `for_site` or `for_page`."""
    min_docs: int = setting(MIN_DOCS, at_least=2)
    min_share: float = setting(MIN_SHARE, above=0, at_most=1)
    prose_words: int = setting(PROSE_WORDS, at_least=1)
    prose_share: float = setting(PROSE_SHARE, above=0, at_most=1)
    terse_share: float = setting(TERSE_SHARE, above=0, at_most=1)
    headlines: frozenset[str] = frozenset()
    """Template keys of the page's own headline, which stays on its page."""
    _keys: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    """The template key of each line of the page seen so far, by its text: the pipeline's
    passes judge the same lines again, and keying a line is most of the rule's work.
    Each `for_site`/`for_page` copy starts empty, so it holds one page's lines at most."""

    def for_site(self, site: str | None, headlines: frozenset[str] = frozenset()) -> SiteTemplate:
        return replace(self, site=site, headlines=headlines)

    def for_page(self, site: str | None, text: str, page: Page | None = None, lines: dict[str, str] | None = None) -> SiteTemplate:
        """Bound to `site` and to the headline of the page whose original text (or parsed HTML
        page) is given; `lines`, the text's `line_keys` if made already, are not made again."""
        if page is not None:
            headlines = frozenset(template_key(line) for line in page.headlines)
        else:
            headlines = self._dump_headlines(site, text)
        bound = self.for_site(site, headlines - {""})
        if lines:
            bound._keys.update(lines)
        return bound

    def check(self, doc: Document) -> list[Verdict]:
        if self.site is None or not self.model.lines.get(self.site):
            return []
        pages = self.model.pages.get(self.site, 0)
        needed = max(self.min_docs, math.ceil(self.min_share * pages))
        terse_needed = max(needed, math.ceil(self.terse_share * pages))
        verdicts = []
        lines = self.model.lines[self.site]
        for block in doc.content_blocks():
            key = self._key(block)
            seen = lines.get(key, 0)
            if seen < needed or _LEAD_IN.search(block.text.rstrip()) or key in self.headlines:
                continue
            if is_terse(key) and seen < terse_needed:
                continue  # "11", "By": unrelated pages print them; a template line only on most pages
            if is_fragment(doc, block):
                continue  # a link's text inside a sentence that a scraper broke: "posted on / Twitter / that ..."
            if len(words(block.text)) >= self.prose_words and ends_sentence(block.text) and seen < self.prose_share * pages:
                continue
            least = terse_needed if is_terse(key) else needed
            reason = f"on {seen} of the {pages} pages of {self.site} (a template line is on at least {least})"
            verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts

    def _key(self, block: Block) -> str:
        """The block's template key, made once a page: from the key segmentation made
        (`Block.key`, the line `normalise`d), when it made one."""
        key = self._keys.get(block.text)
        if key is None:
            key = self._keys[block.text] = normalised_key(block.key) if block.key else template_key(block.text)
        return key

    def _dump_headlines(self, site: str | None, text: str) -> frozenset[str]:
        """A text dump's headline, precision first: a title-like line printed twice among the
        first lines (as `<title>` and `<h1>`), or the first one right above a paragraph of
        prose that no other page of the site has (the article's first), short lines (a
        byline, a dateline) between them allowed."""
        low, high = HEADLINE_WORDS
        lines, counts, titles = _headline_lines(text, low, high)
        # A line printed twice at the top of half the site's pages is the site's name, not a headline.
        common = (lambda key: False) if site is None else (lambda key: self.model.seen(site, key) >= CORE_SHARE * self.model.pages.get(site, 0))
        found = set()
        top = [template_key(lines[at]) for at in titles if at < _TOP_LINES]
        found.update(key for key in top if top.count(key) > 1 and not common(key))
        for at in titles:
            # A byline or a dateline ("By Jo Smith", "LONDON —") may stand between headline and article.
            for following in range(at + 1, min(at + 4, len(lines))):
                if counts[following] >= low:
                    break
            else:
                continue
            if counts[following] >= self.prose_words and ends_sentence(lines[following]):
                if site is None or self.model.seen(site, template_key(lines[following])) < 2:
                    found.add(template_key(lines[at]))
                    break
        return frozenset(found)


class _HeadlineLines(NamedTuple):
    """A dump's lines as TP01's search of its headline reads them."""

    lines: list[str]
    """The lines that are not blank."""
    words: list[int]
    """The number of words of each."""
    titles: list[int]
    """The positions of those that could be a headline: `HEADLINE_WORDS` words, not ending in a full stop."""


def _headline_lines_py(text: str, low: int, high: int) -> _HeadlineLines:
    """`text`'s `_HeadlineLines`, with from `low` to `high` words to a title.

    (`cleaner._speedups.counts.headline_lines` is its compiled twin, when built: one pass
    over the text, where this makes a list of its lines, then counts their words.)"""
    lines = [line for line in split_lines(text) if line.strip()]
    counts = [len(words(line)) for line in lines]
    titles = [at for at, line in enumerate(lines) if low <= counts[at] <= high and not line.rstrip().endswith(".")]
    return _HeadlineLines(lines, counts, titles)


def _headline_lines_compiled(text: str, low: int, high: int) -> _HeadlineLines:
    return _HeadlineLines(*_counts_kernel.headline_lines(text, low, high))


_counts_kernel = compiled("counts")
_headline_lines: Callable[[str, int, int], _HeadlineLines] = _headline_lines_compiled if _counts_kernel else _headline_lines_py
