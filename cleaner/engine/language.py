"""Which language a document is in, told by its stopwords, and how dense they are in a block.

The stopword lists come from the `stop-words` package (33 languages); a language it
gains is a language `cleaner` gains. Detection picks the list that covers the most
of the document's words, and needs a clear margin, so a page of menu labels is
"unknown" rather than a guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import NamedTuple

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
        return sum(map(self.stopwords.__contains__, map(str.lower, words))) / len(words)


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
    return language_of(coverage(w for _, w in zip(range(SAMPLE_WORDS), words)))


class Coverage(NamedTuple):
    """How many words were read, and how many of them each stoplist holds (in `languages()` order).

    Coverages add up: that of a text is the sum of its paragraphs', so a caller that
    keeps each paragraph's needs not read the words again."""

    words: int
    covered: tuple[int, ...]

    def __add__(self, other: object) -> Coverage:  # type: ignore[override]
        if not isinstance(other, Coverage):
            return NotImplemented
        return Coverage(self.words + other.words, tuple(a + b for a, b in zip(self.covered, other.covered)))


def coverage(words: Iterable[str]) -> Coverage:
    """The coverage of every one of `words` (detection reads only the first SAMPLE_WORDS)."""
    index = _languages_of_words()
    covered = [0] * len(languages())
    read = 0
    # Word by word: most paragraphs are short, and counting them first cost more.
    for word in words:
        read += 1
        for number in index.get(word.lower(), ()):
            covered[number] += 1
    return Coverage(read, tuple(covered))


_FIELD_BITS = 16
"""Bits per stoplist in a packed coverage: no count a caller sums exceeds SAMPLE_WORDS (< 2**16)."""
_FIELD_MASK = (1 << _FIELD_BITS) - 1


@cache
def packed_languages_of_words() -> dict[str, int]:
    """Each stopword of any list -> its packed coverage: 1 in the field of each list that holds it."""
    return {word: sum(1 << (number * _FIELD_BITS) for number in numbers) for word, numbers in _languages_of_words().items()}


@cache
def masked_languages_of_words() -> dict[str, int]:
    """Each stopword of any list -> its mask: the bit of each list that holds it (bit n for
    `languages()[n]`), which the compiled BC01 tallies per list (`cleaner._speedups.blocks`)."""
    return {word: sum(1 << number for number in numbers) for word, numbers in _languages_of_words().items()}


def packed_coverage(words: Sequence[str]) -> int:
    """The coverage of `words` (at most SAMPLE_WORDS of them) as one integer, a field of
    `_FIELD_BITS` per stoplist: the coverages of a page's paragraphs then add up with one
    addition each, not one per stoplist, and the words are counted in one C-level sum."""
    return sum(map(packed_languages_of_words().get, map(str.lower, words), repeat(0)))


def unpacked(total: int, words: int) -> Coverage:
    """The coverage of `words` words whose `packed_coverage` counts add up to `total`."""
    covered = []
    for _ in range(len(languages())):
        covered.append(total & _FIELD_MASK)
        total >>= _FIELD_BITS
    return Coverage(words, tuple(covered))


def language_of(found: Coverage) -> Language:
    """The language whose stoplist covers the largest share of the words, or UNKNOWN."""
    if not found.words:
        return UNKNOWN
    # Counts are whole numbers, so each share is what summing list by list gave; the
    # first language with the highest share wins ties, as before.
    best, share = UNKNOWN, 0.0
    for language, count in zip(languages(), found.covered):
        if count / found.words > share:
            best, share = language, count / found.words
    return best if share >= MIN_COVERAGE else UNKNOWN
