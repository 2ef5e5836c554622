# cython: boundscheck=False, wraparound=False
"""The stop-word coverage of `cleaner.engine.words`, in C: what BC01 reads of a page's
first words to find its language, in one scan of each text, without a list of words.
(A paragraph's word counts are read in `cleaner._speedups.blocks`, with its other features.)

Its twins are `packed_coverage_py` and `page_coverage_py` in that module, which split the
text with the pattern `\\w+`; tests compare the two. A word here is a run of characters
that `re` calls `\\w` in a str pattern: alphanumeric (`str.isalnum`) or the underscore,
so each run is the same word `re.findall` gives.
"""

from cleaner._speedups.chars cimport _word_char
from cleaner._speedups.stopwords cimport AsciiWords, table_of


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
