"""HL01 duplicate-headline: the title line printed a second time.

What it removes: a line that repeats an earlier line once both are normalised
(case, spaces, edge punctuation and markdown markers ignored), when the two sit next
to each other (nothing but blank lines between) or both lie within the first
`window` non-blank lines, where page templates print the title for the browser tab,
the breadcrumb and the article header.

Why: scrapers pick up the `<title>`, the `og:title` block and the `<h1>`, so the
headline arrives two or three times; the first copy is kept.

Example: `No problem in buying Russian S-400s, Erdogan says` twice near the top
becomes one line.

Must keep: the first copy; a headline quoted inside a body sentence (the line is not
the same after normalisation); a repeat far down the body that is not next to its
twin; lines of fewer than `min_words` words, such as a lone "Video" label.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from cleaner._speedups import compiled
from cleaner.model.document import Block, Document, Verdict
from cleaner.rules.base import TEXT_AND_HTML, Reads, Stage, setting


@dataclass(frozen=True)
class DuplicateHeadline:
    code = "HL01"
    name = "duplicate-headline"
    description = "The headline repeated at the top of the page or right after itself."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LAYOUT

    window: int = setting(8, at_least=1)
    """Non-blank lines at the top of a document where a repeated title is expected."""
    min_words: int = setting(3, at_least=1)
    max_words: int = setting(40, at_least=1)
    """Longer lines are paragraphs, left to the repeated-block rule."""
    _sized: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """Whole lines of `min_words` to `max_words` words (runs of word characters, as
    `cleaner.text.words` counts them): one possessive match, not a list of the words."""

    def __post_init__(self) -> None:
        sized = r"\W*+(?:\w++\W*+){%d,%d}+" % (self.min_words, self.max_words) if self.min_words <= self.max_words else "(?!)"
        object.__setattr__(self, "_sized", re.compile(sized))

    def check(self, doc: Document) -> list[Verdict]:
        verdicts: list[Verdict] = []
        content = doc.content_blocks()
        # A line is a repeat only if its normalised key is another line's too, and the
        # keys of a page are counted at once: the lines whose key is the page's only one
        # (nearly all) need no step of their own.
        positions = _repeated(list(map(_KEY, content)))
        if not positions:
            return verdicts
        first_seen: dict[str, Block] = {}
        # The key each repeated line was given, by its place among the non-blank lines;
        # any other line's key is its own, so it cannot be the twin right before a line.
        given: dict[int, str | None] = {}
        # Whether a line may be a headline follows from its text alone.
        keys = doc.facts(self)
        for position in positions:
            block = content[position]
            key = keys.get(block.text, False)
            if key is False:
                key = keys[block.text] = self._key(block)
            given[position] = key
            if key is not None:
                twin = first_seen.get(key)
                adjacent = given.get(position - 1) == key
                if twin is not None and (position < self.window or adjacent):
                    where = "right after it" if adjacent else f"within the first {self.window} lines"
                    reason = f"same headline as line {twin.line} ({where}, compared ignoring case and punctuation)"
                    verdicts.append(Verdict.drop_block(block, self.code, reason))
                else:
                    first_seen.setdefault(key, block)
        return verdicts

    def _key(self, block: Block) -> str | None:
        if len(block.text) > 1000:
            return None
        if self._sized.fullmatch(block.text) is None:
            return None
        return block.key


_KEY = attrgetter("key")


def repeated_py(keys: list[str]) -> list[int]:
    """The positions, in order, of the `keys` that occur more than once. (`_repeated` is its
    compiled twin when built, `cleaner._speedups.scans`.)"""
    counts = Counter(keys)
    if len(counts) == len(keys):
        return []
    repeated = {key for key, count in counts.items() if count > 1}
    return [position for position, key in enumerate(keys) if key in repeated]


_scans_kernel = compiled("scans")
_repeated: Callable[[list[str]], list[int]] = _scans_kernel.repeated if _scans_kernel else repeated_py
