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
which alone needs numpy) counts lines over the whole input and returns a `TemplateModel`;
`SiteTemplate.check` is pure given that model.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from cleaner.model.document import Block, Document, Verdict
from cleaner.sites.groups import MIN_OVERLAP, MIN_SHARED
from cleaner.rules.base import Stage, TEXT_AND_HTML, setting
from cleaner.rules.neighbours import is_fragment
from cleaner.text import ends_sentence, normalise, words

if TYPE_CHECKING:
    from cleaner.readers.dom import Page

MIN_DOCS = 3
"""A line on fewer pages of its site than this is never a template line."""
MIN_SHARE = 0.05
"""...nor one on a smaller share of the site's pages (chosen by benchmarks/templates.py)."""
PROSE_WORDS = 12
"""A line this long that ends a sentence reads like prose..."""
PROSE_SHARE = 0.5
"""...and is a template line only when on this share of the site's pages (legal notes are on all)."""
TERSE_LETTERS = 4
"""A line with fewer letters is terse (a number, "By", "(1)"): many unrelated pages print it..."""
TERSE_SHARE = 0.5
"""...so it is a template line only when on this share of the site's pages (see docs/site-profiles.md)."""
CORE_SHARE = 0.5
"""A page joins the group of a folder whose lines on this share of its pages it shares most."""
HEADLINE_WORDS = (4, 25)
"""A text dump's line of this many words, not ending in a full stop, may be its headline
(from 4: a byline, "By Jo Smith", sits right above the article as often as the headline)."""

# After NFKC, which maps full-width digits to ASCII ones.
_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
_ZEROS = re.compile("0{2,}")
LINE_BREAK = re.compile(r"\r\n|\n|\r")
"""Where a dump's lines end, as both phases split them."""
_LEAD_IN = re.compile(r"[-–—]$")
_TOP_LINES = 8
"""Lines at the top of a dump where a scraper prints the headline twice (as HL01 reads them)."""


def template_key(line: str) -> str:
    """How lines are compared across pages: `normalise`d, every run of digits read as 0,
    except in a terse line, which is compared as it is: "0 comments" matches "12 comments",
    but a table cell "11" is not the counter "0"."""
    return _keyed(normalise(line))


def _keyed(normalised: str) -> str:
    """`template_key` of a line given `normalise`d."""
    if is_terse(normalised):
        return normalised
    key = normalised.translate(_DIGITS_TO_ZERO)
    return _ZEROS.sub("0", key) if "00" in key else key


def line_keys(text: str) -> dict[str, str]:
    """The `template_key` of each distinct line of `text`, by the line."""
    return {line: template_key(line) for line in set(LINE_BREAK.split(text))}


def is_terse(line: str) -> bool:
    """Fewer than `TERSE_LETTERS` letters: a number, a date, "By", "(1)", a lone symbol."""
    letters = 0
    for char in line:
        if char.isalpha():
            letters += 1
            if letters >= TERSE_LETTERS:
                return False
    return True


@dataclass(frozen=True, eq=False)
class TemplateModel:
    """What the learn pass found: each site's page count, and its lines seen on two pages or more.

    A site is a URL host, a folder, or a group of a folder's pages that share template
    lines (`cleaner.sites.groups`); `groups` names the groups found in each folder."""

    pages: Mapping[str, int] = field(default_factory=dict)
    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """site -> template key -> on how many of the site's pages the line is."""
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """folder -> the sites of the groups of its pages that declare no site."""

    def seen(self, site: str, key: str) -> int:
        return self.lines.get(site, {}).get(key, 0)

    def group_of(self, folder: str, text: str, lines: Mapping[str, str] | None = None) -> str:
        """The group of `folder` whose core lines (informative lines on at least `CORE_SHARE`
        of its pages) the page shares most, at least `MIN_SHARED` and `MIN_OVERLAP` of
        them; else the folder itself, which has no template lines. Ties go to the larger
        group, then the first named. `lines`: the text's `line_keys`, if made already."""
        keys = set((line_keys(text) if lines is None else lines).values())
        best, best_shared = folder, MIN_SHARED - 1
        for group in self.groups.get(folder, ()):
            core = self._cores[group]
            shared = len(keys & core)
            if shared < MIN_OVERLAP * len(core):
                continue
            if shared > best_shared or (shared == best_shared and best != folder and self.pages[group] > self.pages[best]):
                best, best_shared = group, shared
        return best

    @cached_property
    def _cores(self) -> dict[str, frozenset[str]]:
        cores = {}
        for group in (group for groups in self.groups.values() for group in groups):
            needed = max(MIN_DOCS, math.ceil(CORE_SHARE * self.pages[group]))
            cores[group] = frozenset(k for k, seen in self.lines.get(group, {}).items() if seen >= needed and not is_terse(k))
        return cores


@dataclass(frozen=True)
class SiteTemplate:
    """TP01: remove the lines of a site's page template (see the module docstring)."""

    code = "TP01"
    name = "site-template"
    description = "Lines the site's page template prints on many of its pages, counted across the input."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML

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
            key = self._keys[block.text] = _keyed(block.key) if block.key else template_key(block.text)
        return key

    def _dump_headlines(self, site: str | None, text: str) -> frozenset[str]:
        """A text dump's headline, precision first: a title-like line printed twice among the
        first lines (as `<title>` and `<h1>`), or the first one right above a paragraph of
        prose that no other page of the site has (the article's first), short lines (a
        byline, a dateline) between them allowed."""
        lines = [line for line in LINE_BREAK.split(text) if line.strip()]
        # A line printed twice at the top of half the site's pages is the site's name, not a headline.
        common = (lambda key: False) if site is None else (lambda key: self.model.seen(site, key) >= CORE_SHARE * self.model.pages.get(site, 0))
        found = set()
        top = [template_key(line) for line in lines[:_TOP_LINES] if _title_like(line)]
        found.update(key for key in top if top.count(key) > 1 and not common(key))
        for at, line in enumerate(lines):
            if not _title_like(line):
                continue
            # A byline or a dateline ("By Jo Smith", "LONDON —") may stand between headline and article.
            following = next((f for f in lines[at + 1 : at + 4] if len(words(f)) >= HEADLINE_WORDS[0]), "")
            if len(words(following)) >= self.prose_words and ends_sentence(following):
                if site is None or self.model.seen(site, template_key(following)) < 2:
                    found.add(template_key(line))
                    break
        return frozenset(found)


def _title_like(line: str) -> bool:
    low, high = HEADLINE_WORDS
    return low <= len(words(line)) <= high and not line.rstrip().endswith(".")
