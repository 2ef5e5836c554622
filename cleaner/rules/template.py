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

The rule has two phases: `learn` (or `TemplateCounter`) counts lines over the whole
input and returns a `TemplateModel`; `SiteTemplate.check` is pure given that model.
Sites are decided in `cleaner.sites` and `cleaner.groups`; terse is `TERSE_LETTERS`.
"""

from __future__ import annotations

import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np
import xxhash

from cleaner.document import Document, Verdict
from cleaner.dom import Page
from cleaner.groups import MIN_OVERLAP, MIN_SHARED, UnsitedPages, find_groups
from cleaner.rules.base import setting
from cleaner.rules.neighbours import is_fragment
from cleaner.text import ends_sentence, normalise, words

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
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_LEAD_IN = re.compile(r"[-–—]$")
_SHARDS = 256
_UNSITED = "\0"
"""Marks the folder under which unsited pages are counted before they are grouped."""
_FLUSH_EVERY = 1 << 18
_TOP_LINES = 8
"""Lines at the top of a dump where a scraper prints the headline twice (as HL01 reads them)."""


def template_key(line: str) -> str:
    """How lines are compared across pages: `normalise`d, every run of digits read as 0,
    except in a terse line, which is compared as it is: "0 comments" matches "12 comments",
    but a table cell "11" is not the counter "0"."""
    key = normalise(line)
    if is_terse(key):
        return key
    key = key.translate(_DIGITS_TO_ZERO)
    return _ZEROS.sub("0", key) if "00" in key else key


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
    lines (`cleaner.groups`); `groups` names the groups found in each folder."""

    pages: Mapping[str, int] = field(default_factory=dict)
    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """site -> template key -> on how many of the site's pages the line is."""
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """folder -> the sites of the groups of its pages that declare no site."""

    def seen(self, site: str, key: str) -> int:
        return self.lines.get(site, {}).get(key, 0)

    def group_of(self, folder: str, text: str) -> str:
        """The group of `folder` whose core lines (informative lines on at least `CORE_SHARE`
        of its pages) the page shares most, at least `MIN_SHARED` and `MIN_OVERLAP` of
        them; else the folder itself, which has no template lines. Ties go to the larger
        group, then the first named."""
        keys = {template_key(line) for line in _LINE_BREAK.split(text)}
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


class TemplateCounter:
    """The learn pass, one page at a time; it keeps counts, never pages.

    Memory grows with the number of distinct (site, line) pairs, at 12 bytes each,
    in sorted numpy arrays; the text of a line is kept once it is on two pages. The
    counts are sums, so the model is the same whatever order the pages come in.
    Pages without a site of their own are also kept as line hashes, on disk, to be
    grouped at the end (`cleaner.groups`).
    """

    def __init__(self) -> None:
        self._pages: dict[str, int] = {}
        self._keys = [np.empty(0, np.uint64) for _ in range(_SHARDS)]
        self._counts = [np.empty(0, np.uint32) for _ in range(_SHARDS)]
        self._pending = array("Q")
        self._pending_text: list[tuple[str, str]] = []
        self._texts: dict[int, tuple[str, str]] = {}
        self._unsited = UnsitedPages()

    def add(self, site: str, text: str) -> None:
        """Count one page of `site`; a line repeated on the page counts once."""
        self._add(site, text)

    def add_unsited(self, folder: str, text: str) -> None:
        """Count one page of `folder` that declares no site; its site is the group it joins."""
        hashes = self._add(_UNSITED + folder, text)
        self._unsited.add(folder, np.frombuffer(hashes, dtype=np.uint64))

    def _add(self, site: str, text: str) -> array:
        self._pages[site] = self._pages.get(site, 0) + 1
        keys = [key for key in {template_key(line) for line in _LINE_BREAK.split(text)} if key]
        hashes = array("Q", [_hash(site, key) for key in keys])
        self._pending.extend(hashes)
        self._pending_text.extend((site, key) for key in keys)
        if len(self._pending) >= _FLUSH_EVERY:
            self._flush()
        return hashes

    def model(self) -> TemplateModel:
        """The counts so far, as a model, with the unsited pages grouped."""
        self._flush()
        lines: dict[str, dict[str, int]] = {}
        pages = {site: count for site, count in self._pages.items() if not site.startswith(_UNSITED)}
        for hashed, (site, key) in sorted(self._texts.items(), key=lambda item: item[1]):
            if not site.startswith(_UNSITED):
                lines.setdefault(site, {})[key] = self._count(hashed)
        groups = self._groups(pages, lines)
        return TemplateModel(pages=dict(sorted(pages.items())), lines=dict(sorted(lines.items())), groups=groups)

    def _groups(self, pages: dict[str, int], lines: dict[str, dict[str, int]]) -> dict[str, tuple[str, ...]]:
        """Group each folder's unsited pages, and count their lines by group into `pages` and `lines`."""
        recurring: dict[str, list[int]] = {}
        informative: dict[str, list[int]] = {}
        for hashed, (site, key) in self._texts.items():
            if site.startswith(_UNSITED):
                recurring.setdefault(site[1:], []).append(hashed)
                if not is_terse(key):
                    informative.setdefault(site[1:], []).append(hashed)
        sorted_recurring = {folder: np.array(sorted(h), dtype=np.uint64) for folder, h in recurring.items()}
        sorted_informative = {folder: np.array(sorted(h), dtype=np.uint64) for folder, h in informative.items()}
        by_folder: dict[str, list[np.ndarray]] = {}
        empty = np.empty(0, np.uint64)
        for folder, hashes in self._unsited.read(lambda f, h: h[np.isin(h, sorted_recurring.get(f, empty), assume_unique=True)]):
            by_folder.setdefault(folder, []).append(hashes)
        self._unsited.close()
        groups: dict[str, tuple[str, ...]] = {}
        for folder, arrays in sorted(by_folder.items()):
            wanted = sorted_informative.get(folder, empty)
            # Hashed again without the folder, so that the groups do not change with the folder's name.
            plain = {int(h): _hash("", self._texts[int(h)][1]) for h in wanted}
            found = find_groups([np.array(sorted(plain[h] for h in a[np.isin(a, wanted, assume_unique=True)].tolist()), np.uint64) for a in arrays])
            names = []
            for number, members in enumerate(found, 1):
                name = f"{folder} (group {number})"
                counts = Counter(hashed for page in members for hashed in arrays[page].tolist())
                kept = sorted((self._texts[hashed][1], seen) for hashed, seen in counts.items() if seen >= 2)
                pages[name] = len(members)
                if kept:
                    lines[name] = dict(kept)
                names.append(name)
            if names:
                groups[folder] = tuple(names)
        return groups

    def _flush(self) -> None:
        if not self._pending:
            return
        hashes, counts = np.unique(np.frombuffer(self._pending, dtype=np.uint64), return_counts=True)
        shard_of = (hashes >> np.uint64(56)).astype(np.intp)
        bounds = np.searchsorted(shard_of, np.arange(_SHARDS + 1))
        repeated: set[int] = set()
        for shard in range(_SHARDS):
            low, high = bounds[shard], bounds[shard + 1]
            if low == high:
                continue
            totals = self._merge(shard, hashes[low:high], counts[low:high])
            repeated.update(int(h) for h in hashes[low:high][totals >= 2])
        # A line's text is first needed when it reaches two pages, and then it is in this batch.
        for hashed, site_key in zip(self._pending, self._pending_text):
            if hashed in repeated and hashed not in self._texts:
                self._texts[hashed] = site_key
        self._pending = array("Q")
        self._pending_text = []

    def _merge(self, shard: int, hashes: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Add `counts` of sorted unique `hashes` into one shard; return their new totals."""
        keys, totals = self._keys[shard], self._counts[shard]
        at = np.searchsorted(keys, hashes)
        known = at < len(keys)
        known[known] = keys[at[known]] == hashes[known]
        totals[at[known]] += counts[known].astype(np.uint32)
        new = ~known
        self._keys[shard] = keys = np.insert(keys, at[new], hashes[new])
        self._counts[shard] = totals = np.insert(totals, at[new], counts[new].astype(np.uint32))
        return totals[np.searchsorted(keys, hashes)]

    def _count(self, hashed: int) -> int:
        keys = self._keys[hashed >> 56]
        return int(self._counts[hashed >> 56][np.searchsorted(keys, np.uint64(hashed))])


def learn(pages: Iterable[tuple[str, str]]) -> TemplateModel:
    """Count (site, text) pages into a model."""
    counter = TemplateCounter()
    for site, text in pages:
        counter.add(site, text)
    return counter.model()


def _hash(site: str, key: str) -> int:
    return xxhash.xxh3_64_intdigest(f"{site}\0{key}".encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class SiteTemplate:
    """TP01: remove the lines of a site's page template (see the module docstring)."""

    code = "TP01"
    name = "site-template"
    description = "Lines the site's page template prints on many of its pages, counted across the input."

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

    def for_site(self, site: str | None, headlines: frozenset[str] = frozenset()) -> SiteTemplate:
        return replace(self, site=site, headlines=headlines)

    def for_page(self, site: str | None, text: str, page: Page | None = None) -> SiteTemplate:
        """Bound to `site` and to the headline of the page whose original text (or parsed HTML page) is given."""
        if page is not None:
            headlines = frozenset(template_key(line) for line in page.headlines)
        else:
            headlines = self._dump_headlines(site, text)
        return self.for_site(site, headlines - {""})

    def check(self, doc: Document) -> list[Verdict]:
        if self.site is None or not self.model.lines.get(self.site):
            return []
        pages = self.model.pages.get(self.site, 0)
        needed = max(self.min_docs, math.ceil(self.min_share * pages))
        terse_needed = max(needed, math.ceil(self.terse_share * pages))
        verdicts = []
        for block in doc.content_blocks():
            key = template_key(block.text)
            seen = self.model.seen(self.site, key)
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

    def _dump_headlines(self, site: str | None, text: str) -> frozenset[str]:
        """A text dump's headline, precision first: a title-like line printed twice among the
        first lines (as `<title>` and `<h1>`), or the first one right above a paragraph of
        prose that no other page of the site has (the article's first), short lines (a
        byline, a dateline) between them allowed."""
        lines = [line for line in _LINE_BREAK.split(text) if line.strip()]
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
