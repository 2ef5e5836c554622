"""What BC01's pure-Python path reads of a paragraph's words: counts for its features,
stop-word coverage for the page's language.

Compiled, BC01 reads both in one scan of each paragraph (`cleaner._speedups.blocks`);
these are the twins that scan is tested against, and what `CLEANER_PURE_PYTHON=1` runs.
A word is a match of `cleaner.text.WORD` (`\\w+`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat
from typing import NamedTuple

from cleaner.text import WORD


class WordCounts(NamedTuple):
    words: int
    letters: int
    """Characters of the words, spaces between them not counted."""
    stopwords: int
    alphabetic: int
    """Words whose first character is a letter..."""
    capitalised: int
    """...and an upper-case one."""
    numbers: int
    """Words that hold a digit (and so are not all letters)."""


def word_counts_py(text: str, stopwords: frozenset[str]) -> tuple[int, int, int, int, int, int]:
    """The fields of `WordCounts` for the words of `text`, stop words looked up lower-cased."""
    tokens = WORD.findall(text)
    alphabetic = capitalised = numbers = 0
    for token in tokens:
        head = token[0]
        if head.isalpha():
            alphabetic += 1
            if head.isupper():
                capitalised += 1
        # A letter is never a digit, so an all-letter token is settled without reading it char by char.
        if not token.isalpha() and any(map(str.isdigit, token)):
            numbers += 1
    stop = sum(map(stopwords.__contains__, map(str.lower, tokens))) if stopwords else 0
    return len(tokens), sum(map(len, tokens)), stop, alphabetic, capitalised, numbers


def packed_coverage(text: str, packed: dict[str, int], limit: int) -> tuple[int, int]:
    """(words of `text`, the sum of `packed[word.lower()]` over its first `limit` words, 0 for a word not there)."""
    tokens = WORD.findall(text)
    return len(tokens), sum(map(packed.get, map(str.lower, tokens[: max(limit, 0)]), repeat(0)))


def page_coverage(texts: Iterable[str], packed: dict[str, int], sample: int, known: dict[str, tuple[int, int]]) -> tuple[int, int]:
    """(words counted, packed coverage of the first `sample` words) of `texts` taken in
    order, up to the text in which the `sample`-th word falls (whose words all count,
    so the caller reads at most `sample` of them): what detecting a page's language reads. Each text's
    (words, coverage) is looked up in `known`, and kept there when it was read whole,
    as it then is in any pass that reads it whole (the page's paragraphs, pass after pass)."""
    total = read = 0
    for text in texts:
        if read >= sample:
            break
        left = sample - read
        found = known.get(text)
        if found is None:
            found = packed_coverage(text, packed, left)
            if found[0] <= left:
                known[text] = found
        elif found[0] > left:
            # The text detection stops in: only its first words count.
            found = packed_coverage(text, packed, left)
        count, coverage = found
        total += coverage
        read += count
    return read, total


def word_counts(text: str, stopwords: frozenset[str]) -> WordCounts:
    """The counts BC01's features read of the words of `text`."""
    return WordCounts(*word_counts_py(text, stopwords))
