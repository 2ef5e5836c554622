# cython: boundscheck=False, wraparound=False
"""The word counts of `cleaner.engine.words`, in C: what BC01 reads of a paragraph's words
in one scan of its text, without a list of them.

Its twins are `word_counts_py` and `packed_coverage_py` in that module, which split the
text with the pattern `\\w+`; tests compare the two. A word here is a run of characters
that `re` calls `\\w` in a str pattern: alphanumeric (`str.isalnum`) or the underscore,
so each run is the same word `re.findall` gives.
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISALPHA, Py_UNICODE_ISDIGIT, Py_UNICODE_ISUPPER


cdef inline bint _word_char(Py_UCS4 c):
    return Py_UNICODE_ISALNUM(c) or c == u'_'


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
        if Py_UNICODE_ISALPHA(c):
            alphabetic += 1
            if Py_UNICODE_ISUPPER(c):
                capitalised += 1
        all_letters, digit = True, False
        while i < length:
            c = text[i]
            if not _word_char(c):
                break
            if not Py_UNICODE_ISALPHA(c):
                all_letters = False
                if Py_UNICODE_ISDIGIT(c):
                    digit = True
            i += 1
        words += 1
        letters += i - start
        if digit and not all_letters:
            numbers += 1
        if any_stopwords and text[start:i].lower() in stopwords:
            stop += 1
    return words, letters, stop, alphabetic, capitalised, numbers


def packed_coverage(str text, dict packed, Py_ssize_t limit):
    """(words of `text`, the sum of `packed[word.lower()]` over its first `limit` words, 0 for a word not there)."""
    cdef Py_ssize_t length = len(text), i = 0, start, words = 0
    cdef Py_UCS4 c
    total = 0
    while i < length:
        c = text[i]
        if not _word_char(c):
            i += 1
            continue
        start = i
        i += 1
        while i < length and _word_char(text[i]):
            i += 1
        if words < limit:
            found = packed.get(text[start:i].lower())
            if found is not None:
                total += found
        words += 1
    return words, total
