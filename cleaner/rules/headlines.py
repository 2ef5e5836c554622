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
        line_keys = list(map(_KEY, content))
        positions = _repeated(line_keys)
        # A repeat goes only within the window or right after its twin (the line before
        # it has its key), and only these lines are asked whether they are headlines.
        window = self.window
        goes = [at for at in positions if at < window or (at and line_keys[at - 1] == line_keys[at])]
        if not goes:
            return verdicts
        # The earlier copies a line's twin is looked for among: the first that is a headline.
        copies: dict[str, list[int]] = {line_keys[at]: [] for at in goes}
        for at in positions:
            found = copies.get(line_keys[at])
            if found is not None:
                found.append(at)
        # Whether a line may be a headline follows from its text alone.
        keys = doc.facts(self)

        def headline(at: int) -> str | None:
            text = content[at].text
            key = keys.get(text, False)
            if key is False:
                key = keys[text] = self._key(content[at])
            return key

        for position in goes:
            key = headline(position)
            if key is None:
                continue
            adjacent = position > 0 and line_keys[position - 1] == key and headline(position - 1) == key
            if not (position < window or adjacent):
                continue
            twin = next((at for at in copies[key] if at < position and headline(at) is not None), None)
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
