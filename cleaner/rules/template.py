"""TP01 site-template: lines that a site's page template prints on many of its pages.

What it removes: a line that the learn pass saw on at least `min_docs` pages of the
same site, and on at least `min_share` of them: navigation, footers, "Subscribe to
The Ledger for FREE", "57% of readers think this story is Fact", the same "Most
read" headlines. Lines are compared case-folded, with spaces collapsed and every
run of digits read as 0, so a counter that changes from page to page still matches.
A site is the host of a record's URL, or else the folder its file sits in.

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
"that the plan..."), as UI01 keeps it; every line of a site
with fewer than `min_docs` pages.

The rule has two phases: `learn` (or `TemplateCounter`) counts lines over the whole
input and returns a `TemplateModel`; `SiteTemplate.check` is pure given that model.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import xxhash

from cleaner.document import Document, Verdict
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

# After NFKC, which maps full-width digits to ASCII ones.
_DIGITS_TO_ZERO = str.maketrans("123456789", "000000000")
_ZEROS = re.compile("0{2,}")
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_LEAD_IN = re.compile(r"[-–—]$")
_SHARDS = 256
_FLUSH_EVERY = 1 << 18


def template_key(line: str) -> str:
    """How lines are compared across pages: `normalise`d, every run of digits read as 0."""
    key = normalise(line).translate(_DIGITS_TO_ZERO)
    return _ZEROS.sub("0", key) if "00" in key else key


@dataclass(frozen=True, eq=False)
class TemplateModel:
    """What the learn pass found: each site's page count, and its lines seen on two pages or more."""

    pages: Mapping[str, int] = field(default_factory=dict)
    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """site -> template key -> on how many of the site's pages the line is."""

    def seen(self, site: str, key: str) -> int:
        return self.lines.get(site, {}).get(key, 0)


class TemplateCounter:
    """The learn pass, one page at a time; it keeps counts, never pages.

    Memory grows with the number of distinct (site, line) pairs, at 12 bytes each,
    in sorted numpy arrays; the text of a line is kept once it is on two pages. The
    counts are sums, so the model is the same whatever order the pages come in.
    """

    def __init__(self) -> None:
        self._pages: dict[str, int] = {}
        self._keys = [np.empty(0, np.uint64) for _ in range(_SHARDS)]
        self._counts = [np.empty(0, np.uint32) for _ in range(_SHARDS)]
        self._pending = array("Q")
        self._pending_text: list[tuple[str, str]] = []
        self._texts: dict[int, tuple[str, str]] = {}

    def add(self, site: str, text: str) -> None:
        """Count one page of `site`; a line repeated on the page counts once."""
        self._pages[site] = self._pages.get(site, 0) + 1
        for key in {template_key(line) for line in _LINE_BREAK.split(text)}:
            if key:
                self._pending.append(_hash(site, key))
                self._pending_text.append((site, key))
        if len(self._pending) >= _FLUSH_EVERY:
            self._flush()

    def model(self) -> TemplateModel:
        """The counts so far, as a model."""
        self._flush()
        lines: dict[str, dict[str, int]] = {}
        for hashed, (site, key) in sorted(self._texts.items(), key=lambda item: item[1]):
            lines.setdefault(site, {})[key] = self._count(hashed)
        return TemplateModel(pages=dict(sorted(self._pages.items())), lines=lines)

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
    """The site of the page being checked; set per page with `for_site`."""
    min_docs: int = setting(MIN_DOCS, at_least=2)
    min_share: float = setting(MIN_SHARE, above=0, at_most=1)
    prose_words: int = setting(PROSE_WORDS, at_least=1)
    prose_share: float = setting(PROSE_SHARE, above=0, at_most=1)

    def for_site(self, site: str | None) -> SiteTemplate:
        return SiteTemplate(self.model, site, self.min_docs, self.min_share, self.prose_words, self.prose_share)

    def check(self, doc: Document) -> list[Verdict]:
        if self.site is None or not self.model.lines.get(self.site):
            return []
        pages = self.model.pages.get(self.site, 0)
        needed = max(self.min_docs, math.ceil(self.min_share * pages))
        verdicts = []
        for block in doc.content_blocks():
            seen = self.model.seen(self.site, template_key(block.text))
            if seen < needed or _LEAD_IN.search(block.text.rstrip()):
                continue
            if is_fragment(doc, block):
                continue  # a link's text inside a sentence that a scraper broke: "posted on / Twitter / that ..."
            if len(words(block.text)) >= self.prose_words and ends_sentence(block.text) and seen < self.prose_share * pages:
                continue
            reason = f"on {seen} of the {pages} pages of {self.site} (a template line is on at least {needed})"
            verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts
