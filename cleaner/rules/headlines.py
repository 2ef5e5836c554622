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
        # A line is a repeat only if its normalised key is another line's too, and it goes
        # only within the window or right after its twin (the line before it has its key):
        # the page's keys are counted at once, and only these lines are asked whether they
        # are headlines.
        line_keys = list(map(_KEY, content))
        window = self.window
        # Whether a line may be a headline follows from its text alone.
        keys = doc.facts(self)

        def headline(at: int) -> str | None:
            text = content[at].text
            key = keys.get(text, False)
            if key is False:
                key = keys[text] = self._key(content[at])
            return key

        for position, first in _repeats_near(line_keys, window):
            key = headline(position)
            if key is None or first == position:
                continue
            adjacent = position > 0 and line_keys[position - 1] == key and headline(position - 1) == key
            if not (position < window or adjacent):
                continue
            # The twin is the first earlier copy that is a headline (nearly always the first copy).
            earlier = (at for at in range(first, position) if line_keys[at] == key and headline(at) is not None)
            twin = first if headline(first) is not None else next(earlier, None)
            if twin is not None:
                where = "right after it" if adjacent else f"within the first {window} lines"
                reason = f"same headline as line {content[twin].line} ({where}, compared ignoring case and punctuation)"
                verdicts.append(Verdict.drop_block(content[position], self.code, reason))
        return verdicts

    def _key(self, block: Block) -> str | None:
        if len(block.text) > 1000:
            return None
        if self._sized.fullmatch(block.text) is None:
            return None
        return block.key


_KEY = attrgetter("key")


def repeats_near_py(keys: list[str], window: int) -> list[tuple[int, int]]:
    """(position, position of its first copy) of each of the `keys` that occurs more than once
    and lies among the first `window` or right after a copy of itself, in order.
    (`_repeats_near` is its compiled twin when built, `cleaner._speedups.scans`.)"""
    counts = Counter(keys)
    firsts: dict[str, int] = {}
    for position, key in enumerate(keys):
        firsts.setdefault(key, position)
    return [
        (position, firsts[key])
        for position, key in enumerate(keys)
        if counts[key] > 1 and (position < window or (position > 0 and keys[position - 1] == key))
    ]


_scans_kernel = compiled("scans")
_repeats_near: Callable[[list[str], int], list[tuple[int, int]]] = _scans_kernel.repeats_near if _scans_kernel else repeats_near_py
