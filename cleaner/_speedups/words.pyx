# cython: boundscheck=False, wraparound=False
"""The word counts of `cleaner.engine.words`, in C: what BC01 reads of a paragraph's words
in one scan of its text, without a list of them.

Its twins are `word_counts_py` and `packed_coverage_py` in that module, which split the
text with the pattern `\\w+`; tests compare the two. A word here is a run of characters
that `re` calls `\\w` in a str pattern: alphanumeric (`str.isalnum`) or the underscore,
so each run is the same word `re.findall` gives.
"""

from cleaner._speedups.chars cimport _alpha, _digit, _upper, _word_char
from cleaner._speedups.stopwords cimport AsciiWords, table_of


def word_counts(str text, frozenset stopwords):
    """(words, their characters, stopwords among them, words that start with a letter,
    with a capital letter, words that hold a digit and are not all letters) of `text`."""
    cdef Py_ssize_t length = len(text), i = 0, start
    cdef Py_ssize_t words = 0, letters = 0, stop = 0, alphabetic = 0, capitalised = 0, numbers = 0
    cdef Py_UCS4 c
    cdef bint all_letters, digit
    cdef bint any_stopwords = len(stopwords) > 0
    while i < length:
        c = text[i]
        if not _word_char(c):
            i += 1
            continue
        start = i
        if _alpha(c):
            alphabetic += 1
            if _upper(c):
                capitalised += 1
        all_letters, digit = True, False
        while i < length:
            c = text[i]
            if not _word_char(c):
                break
            if not _alpha(c):
                all_letters = False
                if _digit(c):
                    digit = True
            i += 1
        words += 1
        letters += i - start
        if digit and not all_letters:
            numbers += 1
        if any_stopwords and text[start:i].lower() in stopwords:
            stop += 1
    return words, letters, stop, alphabetic, capitalised, numbers


cdef tuple _coverage(str text, dict packed, Py_ssize_t limit):
    cdef Py_ssize_t length = len(text), i = 0, start, words = 0, entry
    cdef Py_UCS4 c
    cdef bint ascii
    cdef AsciiWords table = table_of(packed)
    total = 0
    while i < length:
        c = text[i]
        if not _word_char(c):
            i += 1
            continue
        start = i
        ascii = True
        while i < length:
            c = text[i]
            if not _word_char(c):
                break
            if c >= 128:
                ascii = False
            i += 1
        if words < limit:
            if ascii:
                entry = table.find(text, start, i)
                if entry >= 0:
                    total += table.values[entry]
            else:
                found = packed.get(text[start:i].lower())
                if found is not None:
                    total += found
        words += 1
    return words, total


def packed_coverage(str text, dict packed, Py_ssize_t limit):
    """(words of `text`, the sum of `packed[word.lower()]` over its first `limit` words, 0 for a word not there)."""
    return _coverage(text, packed, limit)


def page_coverage(texts, dict packed, Py_ssize_t sample, dict known):
    """(words counted, the sum of `packed_coverage`) of the first `sample` words of `texts`
    taken in order, each text's (words, coverage) looked up in `known` and kept there when the
    text was read whole: `cleaner.engine.words.page_coverage_py` in C."""
    cdef Py_ssize_t read = 0, left
    cdef tuple found
    total = 0
    for text in texts:
        if read >= sample:
            break
        left = sample - read
        found = known.get(text)
        if found is None:
            found = _coverage(text, packed, left)
            if <Py_ssize_t>found[0] <= left:
                known[text] = found
        elif <Py_ssize_t>found[0] > left:
            found = _coverage(text, packed, left)
        total += found[1]
        read += <Py_ssize_t>found[0]
    return read, total
