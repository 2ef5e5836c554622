"""What a page's report line tells about the page as a whole: the share of its text kept,
its language, and how confident cleaning is that it found the page's main content.

Corpus builders route pages by these: a page with a low confidence goes to review or to
another extractor. The confidence is a logistic model over a handful of facts of the
clean text, none of them tied to a language or a site; its weights were fitted on the
WCXB development pages against the pages' F1 (`python -m benchmarks.confidence`,
which also reports how well it separates good pages from bad ones, out of fold).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from cleaner._speedups import compiled
from cleaner.engine.language import language_of, packed_coverage, unpacked
from cleaner.text import WORD

PROSE_WORDS = 10
"""A line of at least this many words reads as prose, not as a label or a link."""
SHORT_WORDS = 3
"""A line of at most this many words reads as a label, a link or a menu item."""
SAMPLE = 200
"""Words of the clean text read for its language and stopword density: enough for both,
and few enough that a page's report line costs a tenth of a millisecond or so."""

# Fitted by `python -m benchmarks.confidence` on the WCXB development pages, the six
# cleaner runs pooled (HTML and text, both presets, text also with --reflow): a page's odds
# of F1 >= 0.5.
# The facts are scaled to comparable ranges (see `facts`), so the weights compare.
WEIGHTS = {
    "kept_share": 1.819,
    "words": 3.302,
    "prose": 1.369,
    "short": -0.704,
    "stopwords": 1.197,
}
BIAS = -3.108


@dataclass(frozen=True)
class Assessment:
    """A page's kept share, language and confidence, as its report line writes them."""

    kept_share: float
    """Share of the original's characters (of its decoded text) still in the clean text."""
    language: str
    """The clean text's language by its stopwords (`cleaner.engine.language`), or "unknown"."""
    confidence: float
    """Estimated probability, 0 to 1, that the clean text is the page's main content
    (a bag-of-words F1 of at least 0.5 against it)."""


def facts(original: str, clean: str) -> tuple[dict[str, float], str]:
    """The confidence model's inputs for one page, and the clean text's language."""
    kept_share = len(clean) / len(original) if original else 1.0
    words, prose, short, lines = _line_words(clean, PROSE_WORDS, SHORT_WORDS)
    # A sample of the text's start holds the words detection reads (a word is some 6 characters).
    tokens = WORD.findall(clean[: SAMPLE * 8])[:SAMPLE]
    found = unpacked(packed_coverage(tokens), len(tokens))
    language = language_of(found)
    # The detected language's stopword share is what detection measured already: the largest.
    stop = max(found.covered) / found.words if language.stopwords else 0.0
    scaled = {
        "kept_share": kept_share,
        "words": math.log10(words + 1) / 4,
        "prose": prose / words if words else 0.0,
        "short": short / lines if lines else 0.0,
        "stopwords": stop,
    }
    return scaled, language.name


def _line_words_py(text: str, prose_at: int, short_at: int) -> tuple[int, int, int, int]:
    """(words, the words of lines of at least `prose_at` words, the lines of at most
    `short_at` words, the lines), lines without a word not counted.

    (`cleaner._speedups.counts.line_words` is its compiled twin, when built.)"""
    # Words are counted by whitespace: the confidence needs their scale, not each word.
    counts = [count for count in map(len, map(str.split, text.splitlines())) if count]
    return sum(counts), sum(count for count in counts if count >= prose_at), sum(count <= short_at for count in counts), len(counts)


# Counting every line's words was half of a report line's cost in Python.
_counts_kernel = compiled("counts")
_line_words: Callable[[str, int, int], tuple[int, int, int, int]] = _counts_kernel.line_words if _counts_kernel else _line_words_py


def confidence_of(scaled: dict[str, float]) -> float:
    """The model's probability of a good page, from `facts`."""
    score = BIAS + sum(WEIGHTS[name] * value for name, value in scaled.items())
    return 1 / (1 + math.exp(-score))


def assess(original: str, clean: str) -> Assessment:
    """The share kept, the language and the confidence of one cleaned page."""
    scaled, language = facts(original, clean)
    return Assessment(round(scaled["kept_share"], 3), language, round(confidence_of(scaled), 3))

