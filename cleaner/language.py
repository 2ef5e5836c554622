"""Which language a document is in, told by its stopwords, and how dense they are in a block.

The stopword lists come from the `stop-words` package (33 languages); a language it
gains is a language `cleaner` gains. Detection picks the list that covers the most
of the document's words, and needs a clear margin, so a page of menu labels is
"unknown" rather than a guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

MIN_COVERAGE = 0.15
"""Share of a document's words a stoplist must cover to name its language."""
SAMPLE_WORDS = 3000
"""Words read for detection; more do not change the answer."""


@dataclass(frozen=True)
class Language:
    name: str
    stopwords: frozenset[str]

    def density(self, words: Iterable[str]) -> float:
        """Share of `words` that are stopwords of this language."""
        words = list(words)
        if not words:
            return 0.0
        return sum(w.lower() in self.stopwords for w in words) / len(words)


UNKNOWN = Language("unknown", frozenset())


@cache
def languages() -> tuple[Language, ...]:
    """Every stoplist of the `stop-words` package, loaded once per process, when the first
    document's language is detected."""
    from stop_words import AVAILABLE_LANGUAGES, get_stop_words

    return tuple(Language(name, frozenset(get_stop_words(name))) for name in AVAILABLE_LANGUAGES)


@cache
def _languages_of_words() -> dict[str, tuple[int, ...]]:
    """Each stopword of any list -> the indexes in `languages()` of the lists that hold it.

    Built once, so detection reads each distinct word of a document once instead of
    testing it against 33 lists in turn."""
    index: dict[str, list[int]] = {}
    for number, language in enumerate(languages()):
        for word in language.stopwords:
            index.setdefault(word, []).append(number)
    return {word: tuple(numbers) for word, numbers in index.items()}


def detect(words: Iterable[str]) -> Language:
    """The language whose stopwords cover most of `words`, or UNKNOWN."""
    counts = Counter(w.lower() for _, w in zip(range(SAMPLE_WORDS), words))
    total = sum(counts.values())
    if not total:
        return UNKNOWN
    index = _languages_of_words()
    covered = [0] * len(languages())
    for word, n in counts.items():
        for number in index.get(word, ()):
            covered[number] += n
    # Counts are whole numbers, so each share is what summing list by list gave; the
    # first language with the highest share wins ties, as before.
    best, coverage = UNKNOWN, 0.0
    for language, count in zip(languages(), covered):
        share = count / total
        if share > coverage:
            best, coverage = language, share
    return best if coverage >= MIN_COVERAGE else UNKNOWN
