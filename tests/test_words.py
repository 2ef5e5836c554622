from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine import words
from cleaner.engine.language import packed_languages_of_words
from cleaner.text import WORD

# Letters of several scripts and cases, digits of several scripts, marks, the underscore,
# punctuation and spaces: what decides where `\w+` cuts and what each word counts as.
_CHARS = st.sampled_from(list("aZéÉßİıΣσДд1٣²½_ \t\n.,'’-«»()[]:/") + ["\u0301", "ǅ", "ﬁ", "Ⅻ", "𝐀", "中"])
_TEXT = st.one_of(st.lists(_CHARS, max_size=60).map("".join), st.text(max_size=60))
# "The" and "Cat" have a capital: no lower-cased word is ever one of them.
_STOPWORDS = st.frozensets(st.sampled_from(["a", "the", "The", "ß", "i̇", "σ", "д", "_", "1", "ﬁ", "fi", "z1_"]), max_size=6)


@given(_TEXT, _STOPWORDS)
def test_compiled_paragraph_features_count_the_words_as_the_python_ones(text: str, stopwords: frozenset[str]) -> None:
    # A paragraph's word counts are compiled with its other features (cleaner._speedups.blocks).
    from cleaner.rules.blocks import Features, features_py

    blocks = pytest.importorskip("cleaner._speedups.blocks")
    assert list(map(repr, blocks.features([text], stopwords, Features))) == list(map(repr, features_py([text], stopwords)))


def test_word_counts_read_the_words_of_the_word_pattern() -> None:
    text = "The 3rd_ward, İstanbul's £5 Café; x²"
    counts = words.word_counts(text, frozenset({"the", "s"}))
    found = WORD.findall(text)
    assert counts.words == len(found) == 7
    assert counts.letters == sum(map(len, found))
    assert (counts.stopwords, counts.alphabetic, counts.capitalised, counts.numbers) == (2, 5, 3, 3)


def test_coverage_counts_every_word_but_covers_only_the_first_limit() -> None:
    packed = packed_languages_of_words()
    assert words.packed_coverage("The cat and the dog", packed, 2) == (5, packed["the"] + packed.get("cat", 0))
    assert words.packed_coverage("the the the", {"the": 1}, 2) == (3, 2)


def test_page_coverage_reads_only_the_first_sample_words_and_keeps_only_texts_read_whole() -> None:
    known: dict[str, tuple[int, int]] = {}
    # The text detection stops in counts all its words but covers only its first.
    assert words.page_coverage(["the cat", "the the dog", "the"], {"the": 1}, 3, known) == (5, 2)
    assert known == {"the cat": (2, 1)}
