"""RB01 repeated-block: a paragraph printed again later in the same document.

What it removes: a line whose text (spaces collapsed) appears twice in the
document. A headline-like line keeps its first copy; a sentence keeps the copy
among longer neighbouring lines (the first when the two are next to each other or
their surroundings are equal). A headline-like line (no sentence end)
needs `min_words` words; a line that ends like a sentence needs
`min_sentence_words`, since songs, chants and speeches repeat short sentences. The
line must appear exactly twice: one printed three times or more is a recurring
question of an interview series, a label of a meal plan or a refrain.

Why: teasers, pull quotes, "most read" lists and sticky headers print the same
paragraph twice, and a scraper keeps both copies. Dropping the later copy loses no
sentence of the article, because the copy that sits in the article is kept.

Example: a related-story headline that appears in the sidebar and again in the
footer list keeps only its first copy.

Must keep: the first copy; short lines that legitimately recur, such as "Yes." in an
interview or the line of a chorus quoted twice; near-duplicates that differ in any
word.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter

from cleaner._speedups import compiled
from cleaner.model.document import Document, Verdict
from cleaner.rules.base import TEXT_ONLY, Reads, Stage, setting
from cleaner.text import ends_sentence


@dataclass(frozen=True)
class RepeatedBlock:
    code = "RB01"
    name = "repeated-block"
    description = "A line printed twice in the same document; the copy in the article stays."
    stage = Stage.LINES
    kinds = TEXT_ONLY
    reads = Reads.LAYOUT
    """Not run on HTML pages: there the DOM rules have already removed the other copies'
    widgets, and a repeat inside the main content (a recipe's ingredient line, a
    refrain) is the article's own."""

    min_words: int = setting(6, at_least=1)
    """Shorter headline-like lines recur in real articles (labels, section names)."""
    min_sentence_words: int = setting(12, at_least=1)
    """Shorter sentences recur in real articles (interview turns, choruses, refrains)."""
    _enough_words: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """Matches a line of at least `min_words` words (runs of word characters, as
    `cleaner.text.words` counts them) from its start: it stops at the last word it needs
    and makes no list of the words."""
    _enough_sentence_words: re.Pattern[str] = field(init=False, repr=False, compare=False)
    """The same for `min_sentence_words`."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_enough_words", _at_least_words(self.min_words))
        object.__setattr__(self, "_enough_sentence_words", _at_least_words(self.min_sentence_words))

    def check(self, doc: Document) -> list[Verdict]:
        verdicts: list[Verdict] = []
        content = doc.content_blocks()
        keys = _collapsed(list(map(_TEXT, content)), doc.facts(self))
        # A line printed three times or more is a recurring question, label or refrain of
        # the article's own structure, not a duplicated block: only lines printed twice count.
        pairs = _twice(keys)
        if not pairs:
            return verdicts

        def surroundings(i: int) -> int:
            return sum(len(content[j].text) for j in (i - 1, i + 1) if 0 <= j < len(content))

        for first, second in pairs:
            key = keys[first]
            sentence = ends_sentence(key)
            if (self._enough_sentence_words if sentence else self._enough_words).match(key) is None:
                continue
            # A sentence's copy among the longer neighbours is the article's: a
            # "Highlights" box repeats it among short lines, before it. A headline
            # keeps its first copy (the page's own, above the later story lists), and
            # so does a line doubled in place.
            doubled = second == first + 1
            kept = max((first, second), key=surroundings) if sentence and not doubled else first
            reason = f"same text as line {content[kept].line}, which is kept"
            verdicts += [Verdict.drop_block(content[i], self.code, reason) for i in (first, second) if i != kept]
        return verdicts


_TEXT = attrgetter("text")


def _at_least_words(count: int) -> re.Pattern[str]:
    return re.compile(r"\W*+(?:\w++\W*+){%d}" % count)


def collapsed_py(texts: list[str], known: dict[str, str]) -> list[str]:
    """Each of `texts` with its runs of spaces collapsed and its ends stripped, looked up
    in `known` (by text, kept across the passes over one input, which see nearly the
    same lines) and added there. (`_collapsed` is its compiled twin when built,
    `cleaner._speedups.scans`.)"""
    if not known:
        # split/join collapses the same whitespace as \s+ and strips the ends, faster.
        keys = [" ".join(text.split()) for text in texts]
        known.update(zip(texts, keys))
        return keys
    keys = list(map(known.get, texts))
    if None in keys:
        for at in [at for at, key in enumerate(keys) if key is None]:
            keys[at] = known[texts[at]] = " ".join(texts[at].split())
    return keys  # type: ignore[return-value]


def twice_py(keys: list[str]) -> list[tuple[int, int]]:
    """(first, second) positions of each key that occurs in `keys` exactly twice, in the order
    of their first occurrences. (`_twice` is its compiled twin when built, `cleaner._speedups.scans`:
    the page's lines are counted at once, so a page without a repeat costs no step a line in Python.)"""
    twice = {key for key, count in Counter(keys).items() if count == 2}
    if not twice:
        return []
    copies: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key in twice:
            copies.setdefault(key, []).append(position)
    return [(first, second) for first, second in copies.values()]


_scans_kernel = compiled("scans")
_collapsed: Callable[[list[str], dict[str, str]], list[str]] = _scans_kernel.collapsed if _scans_kernel else collapsed_py
_twice: Callable[[list[str]], list[tuple[int, int]]] = _scans_kernel.twice if _scans_kernel else twice_py
