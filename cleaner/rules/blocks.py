"""BC01 boilerplate-block: a jusText-style paragraph classifier for text dumps.

What it removes: with `--article` (the article preset), every paragraph
outside the main article region: menus, lists of other stories' headlines, bylines,
legal text, footers. In the default preset it is conservative: runs of menu items
("World" / "Science" / "Fitness Tips") away from the page's prose, and, only on pages
where the region holds nearly all the prose, paragraphs far from the region that are
not prose themselves (menus at the top, footers at the bottom).

Why: most boilerplate is not a known phrase but a short, link-like or list-like
paragraph far from the article's prose.

How: (1) repair segmentation (join a paragraph a scraper broke at its links, split
elements it glued together); (2) give each paragraph a context-free class from its
features (length, stopword density against the document's own prose, sentence
punctuation, link density); (3) revise short and near-good paragraphs by their
neighbours; (4) find the main region, the run of paragraphs with the highest prose
weight. Each reason carries both classes and the features.

Example: a run of "Latest News" / "India" / "World" / "Science" lines above the
article goes; so do "Most popular" headline lists below it.

Must keep: every paragraph inside the main region, short ones (subheadings, one-line
quotes) included; a paragraph broken at inline links stays one unit. In article mode
the headline above the region goes too, as it is not part of the article body; the
default mode keeps the headline, everything near the region, prose anywhere, table
cells and list items (digits, punctuation, lowercase words), and everything but menu
runs when the region is not clearly the article (list-like articles).
"""

from __future__ import annotations

import re
import statistics
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import compress, repeat
from operator import is_
from typing import NamedTuple

from cleaner._speedups import compiled
from cleaner.engine.language import (
    MIN_COVERAGE,
    SAMPLE_WORDS,
    UNKNOWN,
    Language,
    language_of,
    languages,
    masked_languages_of_words,
    packed_languages_of_words,
    unpacked,
)
from cleaner.engine.paragraphs import paragraph_texts
from cleaner.engine.words import page_coverage, word_counts
from cleaner.model.document import Document, Verdict
from cleaner.rules.base import TEXT_ONLY, Reads, Stage
from cleaner.text import ends_sentence

# The thresholds below were chosen by `python -m benchmarks.sweep` on the benchmark
# pages; docs/benchmarks.md ("Threshold sweep") has the grid and its scores.
LENGTH_LOW = 70
"""Characters below which a paragraph is 'short' and judged by its neighbours (jusText's default)."""
LENGTH_HIGH = 150
"""Characters from which a paragraph with prose-level stopwords is 'good' (jusText uses 200; news paragraphs are shorter)."""
STOPWORDS_LOW = 0.55
"""Near-good: stopword density at least this share of the document's prose density."""
STOPWORDS_HIGH = 0.75
"""Good: stopword density at least this share of the document's prose density."""
MAX_LINK_DENSITY = 0.35
"""More of a paragraph's text inside markdown links than this makes it bad."""
PROSE_MIN_WORDS = 15
"""Paragraphs this long calibrate the document's prose stopword density."""
SHORT_PENALTY = 30
"""Region cost of a short paragraph: a subheading costs little, a list of other headlines a lot."""
NEARGOOD_SHARE = 0.5
"""Region weight per character of a near-good paragraph, against 1 for a good one."""
CONSERVATIVE_MARGIN = 10
"""Default mode: paragraphs this close to the region stay (headline, byline, captions, lists)."""
CONSERVATIVE_CONFIDENCE = 0.9
"""Default mode acts only where the region holds this share of the page's good prose..."""
CONSERVATIVE_MIN_CHARS = 2000
"""...and at least this many characters of it: otherwise the article may be a list."""
GROW_SHARE = 0.15
"""A heavy run near the article joins it when it weighs this share of the article's own run."""
GROW_WINDOW = 30
"""How many paragraphs away from the article a run may start and still join it."""
MENU_MAX_WORDS = 5
"""A menu item is at most this many words, ..."""
MENU_TITLE_SHARE = 0.8
"""...at least this share of them capitalised, with no digit and no clause punctuation."""
MENU_RUN = 3
"""...in a run of at least this many such paragraphs."""
MENU_MARGIN = 5
"""Default mode: menu items this close to the region, or to the page's prose when the region is unsure, stay."""

_MARKDOWN_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CLAUSE_PUNCTUATION = re.compile(r"[,:;.!?()\"“”«»]")
_URL = re.compile(r"https?://\S+|www\.\S+")


class BlockClass(Enum):
    """jusText's four labels; 'short' and 'neargood' are settled by revision."""

    GOOD = "good"
    NEARGOOD = "neargood"
    SHORT = "short"
    BAD = "bad"


class Features(NamedTuple):
    """What BC01 reads of a paragraph. (A named tuple: the compiled twin of `features_py`
    builds one per paragraph of a page without a Python `__init__`.)"""

    chars: int
    words: int
    stopword_density: float
    link_density: float
    sentence_end: bool
    title_share: float
    number_share: float
    punctuated: bool

    @property
    def menu_item(self) -> bool:
        """Shaped like a navigation entry ("World", "Fitness Tips"), not a table cell, list item or sentence."""
        return (
            0 < self.words <= MENU_MAX_WORDS
            and self.title_share >= MENU_TITLE_SHARE
            and self.number_share == 0
            and not self.punctuated
        )

    def describe(self) -> str:
        return (
            f"{self.words} words, {self.chars} chars, stopwords {self.stopword_density:.2f}, "
            f"links {self.link_density:.2f}{', ends a sentence' if self.sentence_end else ''}"
            f"{', shaped like a menu item' if self.menu_item else ''}"
        )


def paragraph_features(text: str, stopwords: frozenset[str]) -> Features:
    """The features of a paragraph's text, stop words looked up lower-cased in `stopwords`."""
    # Every markdown link holds "](" and every URL "://" or "www.": most paragraphs
    # have neither, and skip the substitutions.
    # (Unwrapping links can join a URL's pieces, so the visible text is asked afresh.)
    visible, linked = _unwrap_links(text) if "](" in text else (text, 0)
    counts = word_counts(_URL.sub(" ", visible) if _may_hold_url(visible) else visible, stopwords)
    if _may_hold_url(text):
        linked += sum(len(m.group()) for m in _URL.finditer(text))
    words = counts.words
    return Features(
        chars=counts.letters + words - 1 if words else 0,
        words=words,
        stopword_density=counts.stopwords / words if words else 0.0,
        link_density=min(1.0, linked / (len(visible) or 1)),
        sentence_end=ends_sentence(visible),
        title_share=counts.capitalised / (counts.alphabetic or 1),
        number_share=counts.numbers / (words or 1),
        punctuated=bool(_CLAUSE_PUNCTUATION.search(visible)),
    )


def features_py(texts: list[str], stopwords: frozenset[str], kind: type = Features) -> list[Features]:
    """The features of each of `texts` (`kind` is `Features`; the compiled twin, `_features`,
    `cleaner._speedups.blocks`, is given it to build them)."""
    return [paragraph_features(text, stopwords) for text in texts]


def unwrap_links_py(text: str) -> tuple[str, int]:
    """(`text` with each markdown link replaced by its text, the characters of those texts).
    (`_unwrap_links` is its compiled twin when built, `cleaner._speedups.lines`.)"""
    return _MARKDOWN_LINK.sub(r"\1", text), sum(len(m.group(1)) for m in _MARKDOWN_LINK.finditer(text))


_lines_kernel = compiled("lines")
_unwrap_links: Callable[[str], tuple[str, int]] = _lines_kernel.unwrap_links if _lines_kernel else unwrap_links_py
_blocks_kernel = compiled("blocks")
_features: Callable[[list[str], frozenset[str], type], list[Features]] = _blocks_kernel.features if _blocks_kernel else features_py


def _may_hold_url(text: str) -> bool:
    return "://" in text or "www." in text


def _language(texts: Sequence[str], known: dict[str, tuple[int, int]]) -> Language:
    """The page's language, from the words detection reads (the first SAMPLE_WORDS),
    summing the stoplist coverage of each paragraph, kept from pass to pass (packed, so
    that the sum costs one addition a paragraph) with its count of words."""
    if not texts:
        return UNKNOWN
    read, total = page_coverage(texts, packed_languages_of_words(), SAMPLE_WORDS, known)
    return language_of(unpacked(total, min(read, SAMPLE_WORDS)))


def _page_features(texts: Sequence[str], language: Language, known: dict[str, Features]) -> list[Features]:
    """The features of the paragraphs with `texts`, those of texts not in `known` (the
    page's paragraphs in this language, by text) made in one call and kept there."""
    found = list(map(known.get, texts))
    if None in found:
        # All in C-level loops: on a first pass every paragraph is new. (A text met twice
        # is measured twice, to the same features.)
        new = list(compress(texts, map(is_, found, repeat(None))))
        known.update(zip(new, _features(new, language.stopwords, Features)))
        found = list(map(known.__getitem__, texts))
    return found  # type: ignore[return-value]


def _language_and_features(texts: Sequence[str], facts: dict) -> tuple[Language, list[Features]]:  # type: ignore[type-arg]
    """The page's language and its paragraphs' features: `_language`, then `_page_features`,
    each keeping what it read of a text in `facts`; compiled, one scan of each text for
    both, kept in `facts` too (`cleaner._speedups.blocks.page_features`)."""
    if _blocks_kernel is None:
        language = _language(texts, facts.setdefault("language", {}))
        return language, _page_features(texts, language, facts.setdefault(("features", language.name), {}))
    lists = languages()
    number, all_features = _blocks_kernel.page_features(
        texts, facts.setdefault("scans", {}), masked_languages_of_words(), len(lists), SAMPLE_WORDS, MIN_COVERAGE, Features
    )
    return (lists[number] if number >= 0 else UNKNOWN), all_features


def prose_density(all_features: list[Features]) -> float:
    """The document's own stopword density in long paragraphs: the yardstick for prose."""
    long = [f.stopword_density for f in all_features if f.words >= PROSE_MIN_WORDS]
    if len(long) >= 2:
        return statistics.median(long)
    anything = [f.stopword_density for f in all_features if f.words >= 5]
    return max(anything, default=0.0)


def classify(f: Features, prose: float) -> BlockClass:
    """The context-free class, from the paragraph's own features only."""
    if f.link_density > MAX_LINK_DENSITY:
        return BlockClass.BAD
    if f.chars < LENGTH_LOW:
        return BlockClass.SHORT
    if prose <= 0:
        return BlockClass.NEARGOOD if f.sentence_end else BlockClass.BAD
    ratio = f.stopword_density / prose
    if ratio >= STOPWORDS_HIGH and f.chars >= LENGTH_HIGH:
        return BlockClass.GOOD
    if ratio >= STOPWORDS_LOW:
        return BlockClass.NEARGOOD
    return BlockClass.BAD


def revise(classes: list[BlockClass]) -> list[BlockClass]:
    """jusText's revision: short and near-good paragraphs take the class of their surroundings."""
    # Each stage reads the classes as they were before it, as jusText does.
    short_only = _nearest(classes, (BlockClass.SHORT,))
    short_or_neargood = _nearest(classes, (BlockClass.SHORT, BlockClass.NEARGOOD))
    settled: dict[int, BlockClass] = {}
    for i, c in enumerate(classes):
        if c is not BlockClass.SHORT:
            continue
        (before, after), (open_before, open_after) = short_or_neargood[i], short_only[i]
        if before is after:
            settled[i] = before
        elif (before is BlockClass.BAD and open_before is BlockClass.NEARGOOD) or (
            after is BlockClass.BAD and open_after is BlockClass.NEARGOOD
        ):
            settled[i] = BlockClass.GOOD
        else:
            settled[i] = BlockClass.BAD
    revised = [settled.get(i, c) for i, c in enumerate(classes)]
    around = _nearest(revised, (BlockClass.SHORT, BlockClass.NEARGOOD))
    return [
        (BlockClass.BAD if around[i][0] is around[i][1] is BlockClass.BAD else BlockClass.GOOD) if c is BlockClass.NEARGOOD else r
        for i, (c, r) in enumerate(zip(classes, revised))
    ]


def _nearest(classes: list[BlockClass], skip: tuple[BlockClass, ...]) -> list[tuple[BlockClass, BlockClass]]:
    """For each paragraph, the nearest class before and after it that is not in `skip` (bad past the edges).

    Two linear passes; asking each paragraph's neighbours in turn was quadratic on long
    menus. (`skip` is a tuple: a member test on it compares identities, where a set
    would call the Enum's hash, a Python function, for every paragraph.)
    """
    before, after = [BlockClass.BAD] * len(classes), [BlockClass.BAD] * len(classes)
    seen = BlockClass.BAD
    for i, c in enumerate(classes):
        before[i] = seen
        if c not in skip:
            seen = c
    seen = BlockClass.BAD
    for i in range(len(classes) - 1, -1, -1):
        after[i] = seen
        if classes[i] not in skip:
            seen = classes[i]
    return list(zip(before, after))


def region_weights(classes: list[BlockClass], all_features: list[Features]) -> list[float]:
    """Each paragraph's pull towards the article: prose counts for it, the rest against."""
    weights = []
    for c, f in zip(classes, all_features):
        if c is BlockClass.GOOD:
            weights.append(float(f.chars))
        elif c is BlockClass.NEARGOOD:
            weights.append(NEARGOOD_SHARE * f.chars)
        elif c is BlockClass.SHORT:
            weights.append(-SHORT_PENALTY)
        else:
            weights.append(-float(f.chars))
    return weights


def _heaviest_run(weights: list[float], low: int, high: int) -> tuple[float, tuple[int, int] | None]:
    """The run within [low, high) with the largest sum (Kadane's maximum subarray)."""
    best, span = 0.0, None
    total, start = 0.0, low
    for i in range(low, high):
        if total <= 0:
            total, start = 0.0, i
        total += weights[i]
        if total > best:
            best, span = total, (start, i + 1)
    return best, span


def main_region(classes: list[BlockClass], all_features: list[Features]) -> tuple[int, int]:
    """The paragraphs [first, last) of the article: the heaviest run, grown by nearby heavy runs.

    A list or a run of short lines inside an article splits it into two heavy runs;
    the second joins when it weighs at least GROW_SHARE of the first and starts
    within GROW_WINDOW paragraphs of it.
    """
    weights = region_weights(classes, all_features)
    best, span = _heaviest_run(weights, 0, len(weights))
    if span is None:
        return 0, 0
    first, last = span
    grown = True
    while grown:
        grown = False
        before, run = _heaviest_run(weights, max(0, first - GROW_WINDOW), first)
        if run and before >= GROW_SHARE * best:
            first, grown = run[0], True
        after, run = _heaviest_run(weights, last, min(len(weights), last + GROW_WINDOW))
        if run and after >= GROW_SHARE * best:
            last, grown = run[1], True
    return first, last


def _confident(classes: list[BlockClass], all_features: list[Features], first: int, last: int) -> bool:
    """Whether the region is clearly the article: it holds nearly all of the page's good prose."""
    good = [(i, f.chars) for i, (c, f) in enumerate(zip(classes, all_features)) if c is BlockClass.GOOD]
    total = sum(chars for _, chars in good)
    inside = sum(chars for i, chars in good if first <= i < last)
    return total > 0 and inside >= CONSERVATIVE_MIN_CHARS and inside / total >= CONSERVATIVE_CONFIDENCE


def menu_runs(all_features: list[Features], classes: list[BlockClass]) -> list[bool]:
    """Which paragraphs are menu items in a run of at least MENU_RUN of them.

    A menu is a run; a name in a table or a label in a list stands between cells
    with numbers or sentences, so it does not count alone.
    """
    flags = [c is BlockClass.SHORT and f.menu_item for f, c in zip(all_features, classes)]
    in_run = [False] * len(flags)
    start = 0
    for i in range(len(flags) + 1):
        if i == len(flags) or not flags[i]:
            if i - start >= MENU_RUN:
                in_run[start:i] = [True] * (i - start)
            start = i + 1
    return in_run


def _conservative_keeps(
    i: int,
    menu: bool,
    context_free: BlockClass,
    revised: BlockClass,
    region: tuple[int, int],
    confident: bool,
    prose_at: list[int],
) -> bool:
    """Whether the default mode keeps paragraph `i`, which lies outside the region.

    Menu items go when the revision also calls them boilerplate and they lie past
    MENU_MARGIN: from the region on a confident page, else from the page's first and
    last prose (the menus above and the footer below). Anything else goes only on a
    confident page, past CONSERVATIVE_MARGIN, and when it is not prose itself.
    """
    first, last = region
    distance = first - i if i < first else i - last + 1
    if menu:
        if revised is BlockClass.GOOD:
            return True
        if confident:
            return distance <= MENU_MARGIN
        return bool(prose_at) and prose_at[0] - MENU_MARGIN <= i <= prose_at[-1] + MENU_MARGIN
    return not confident or distance <= CONSERVATIVE_MARGIN or context_free in (BlockClass.GOOD, BlockClass.NEARGOOD)


class Judgement(NamedTuple):
    """What BC01 decides on a page: the article region [first, last) of its paragraphs
    ((0, 0) when no paragraph weighs towards an article, and then nothing goes), and the
    paragraphs it removes, each as (index, context-free class, revised class)."""

    first: int
    last: int
    removed: list[tuple[int, BlockClass, BlockClass]]


def judged_py(all_features: list[Features], article: bool) -> Judgement:
    """BC01's decision on a page's paragraphs, from their features: every paragraph outside
    the region in article mode, else those `_conservative_keeps` does not keep.
    (`judged` runs its compiled twin, `cleaner._speedups.blocks.judged`, when built.)"""
    prose = prose_density(all_features)
    context_free = [classify(f, prose) for f in all_features]
    first, last = main_region(context_free, all_features)
    if last == 0:
        return Judgement(0, 0, [])
    revised = revise(context_free)
    outside = [i for i in range(len(all_features)) if not first <= i < last]
    if not article:
        confident = _confident(context_free, all_features, first, last)
        prose_at = [i for i, c in enumerate(context_free) if c in (BlockClass.GOOD, BlockClass.NEARGOOD)]
        in_menu = menu_runs(all_features, context_free)
        outside = [
            i for i in outside if not _conservative_keeps(i, in_menu[i], context_free[i], revised[i], (first, last), confident, prose_at)
        ]
    return Judgement(first, last, [(i, context_free[i], revised[i]) for i in outside])


def thresholds() -> tuple[float, ...]:
    """The thresholds the compiled `judged` reads, in its order, as the module holds them
    now (`benchmarks.sweep` sets them between runs)."""
    return (
        LENGTH_LOW,
        LENGTH_HIGH,
        STOPWORDS_LOW,
        STOPWORDS_HIGH,
        MAX_LINK_DENSITY,
        PROSE_MIN_WORDS,
        SHORT_PENALTY,
        NEARGOOD_SHARE,
        CONSERVATIVE_MARGIN,
        CONSERVATIVE_CONFIDENCE,
        CONSERVATIVE_MIN_CHARS,
        GROW_SHARE,
        GROW_WINDOW,
        MENU_MAX_WORDS,
        MENU_TITLE_SHARE,
        MENU_RUN,
        MENU_MARGIN,
    )


_new = tuple.__new__

_CLASSES = (BlockClass.GOOD, BlockClass.NEARGOOD, BlockClass.SHORT, BlockClass.BAD)
"""The classes in the order the compiled `judged` numbers them."""


def judged(all_features: list[Features], article: bool) -> Judgement:
    """BC01's decision on a page's paragraphs (see `judged_py`, its pure-Python twin)."""
    if _blocks_kernel is None:
        return judged_py(all_features, article)
    return _blocks_kernel.judged(all_features, article, thresholds(), _CLASSES, Judgement)  # type: ignore[no-any-return]


def reasons_py(judgement: Judgement, all_features: list[Features], article: bool, language: str) -> list[tuple[int, str]]:
    """(index, reason) of each paragraph the `judgement` removes: where it lies from the
    region, both its classes, its features and the page's language.
    (`reasons` runs its compiled twin, `cleaner._speedups.blocks.reasons`, when built.)"""
    first, last, removed = judgement
    region = f" the main article region (paragraphs {first + 1}-{last}); class "
    found = []
    for i, cf, final in removed:
        if article:
            where = "before" if i < first else "after"
        else:
            where = f"{first - i} paragraphs before" if i < first else f"{i - last + 1} paragraphs after"
        found.append((i, f"{where}{region}{cf.value} -> {final.value}; {all_features[i].describe()}; language {language}"))
    return found


def reasons(judgement: Judgement, all_features: list[Features], article: bool, language: str) -> list[tuple[int, str]]:
    """(index, reason) of each paragraph the `judgement` removes (see `reasons_py`, its pure-Python twin)."""
    if _blocks_kernel is None:
        return reasons_py(judgement, all_features, article, language)
    return _blocks_kernel.reasons(judgement, all_features, article, language, thresholds(), _CLASSES)  # type: ignore[no-any-return]


def placed_py(removed: list[tuple[int, str]], bounds: array[int], code: str, verdict: type = Verdict) -> list[Verdict]:
    """A verdict for each (index, reason) of `removed`, over paragraph `index` and its line
    break, whose start and stop are bounds[2 * index] and bounds[2 * index + 1].
    (`placed` runs its compiled twin, `cleaner._speedups.blocks.placed`, when built.)"""
    # tuple.__new__, not Verdict(...), whose __new__ is Python code: a first pass makes one per paragraph outside the article.
    return [_new(verdict, (bounds[2 * i], bounds[2 * i + 1], code, reason)) for i, reason in removed]


def placed(removed: list[tuple[int, str]], bounds: array[int], code: str) -> list[Verdict]:
    """A verdict for each (index, reason) of `removed` (see `placed_py`, its pure-Python twin)."""
    if _blocks_kernel is None:
        return placed_py(removed, bounds, code)
    return _blocks_kernel.placed(removed, bounds, code, Verdict)  # type: ignore[no-any-return]


@dataclass(frozen=True)
class BoilerplateBlock:
    """BC01: remove paragraphs outside the main article region (see the module docstring)."""

    code = "BC01"
    name = "boilerplate-block"
    description = "Paragraphs outside the article, found by a jusText-style classifier."
    stage = Stage.PARAGRAPHS
    """Runs after the line rules, on a page without its known UI lines."""
    kinds = TEXT_ONLY
    """Not run on HTML pages, where the DOM rules find the main content from the markup."""
    reads = Reads.LAYOUT

    article: bool = True
    """Keep only the main article (True), or remove only far, non-prose paragraphs (False)."""

    def check(self, doc: Document) -> list[Verdict]:
        texts, bounds = paragraph_texts(doc)
        if not texts:
            return []
        # The verdicts follow from the paragraphs' texts alone (offsets aside), and a later
        # pass over the page often cuts the same paragraphs again (only blank lines or
        # other rules' lines went); a paragraph's features follow from its text (and the
        # page's language), and most come back unchanged in the next pass.
        facts = doc.facts(self)
        judged_pages: dict[tuple[str, ...], list[tuple[int, str]]] = facts.setdefault("judged", {})
        removed = judged_pages.get(texts)
        if removed is None:
            removed = judged_pages[texts] = self._removed(texts, facts)
        return placed(removed, bounds, self.code)

    def _removed(self, texts: tuple[str, ...], facts: dict) -> list[tuple[int, str]]:  # type: ignore[type-arg]
        """The index and reason of each paragraph (of those with `texts`) that goes."""
        if _blocks_kernel is None:
            language, all_features = _language_and_features(texts, facts)
            return reasons(judged(all_features, self.article), all_features, self.article, language.name)
        # Compiled: the features go from each paragraph's scan into C structs, never into `Features`.
        lists = languages()
        number, scans = _blocks_kernel.page_language(
            texts, facts.setdefault("scans", {}), masked_languages_of_words(), len(lists), SAMPLE_WORDS, MIN_COVERAGE
        )
        name = lists[number].name if number >= 0 else UNKNOWN.name
        return _blocks_kernel.page_removed(scans, number, name, self.article, thresholds(), _CLASSES)  # type: ignore[no-any-return]
