# cython: boundscheck=False, wraparound=False
"""The lines of a dump and their words, counted in C for TP01's search of its headline
(`cleaner.rules.template`), which reads the count of nearly every line of every page.
The twin is `cleaner.rules.template._headline_lines_py`, which counts a line's matches
of `cleaner.text.WORD`; a test compares the two."""

from cpython.unicode cimport Py_UNICODE_ISSPACE

from cleaner._speedups.chars cimport _word_char

cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil


def headline_lines(str text, Py_ssize_t low, Py_ssize_t high):
    """(the lines of `text` that are not blank, cut at CRLF, LF or CR; each one's word count,
    as `word_counts` counts it; the positions of those that could be a headline: from `low`
    to `high` words, not ending in a full stop): what TP01's search of a dump's headline
    reads, in one pass over the text. The twin is `cleaner.rules.template._headline_lines_py`."""
    cdef list lines = [], counts = [], titles = []
    cdef Py_ssize_t length = len(text), start = 0, at = 0, runs
    cdef bint in_word, word, blank
    cdef Py_UCS4 c, final
    # Read through the string's own buffer: indexing the str checks its bounds at every character.
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    while True:
        runs, in_word, blank, final = 0, False, True, 0
        while at < length:
            c = PyUnicode_READ(kind, data, at)
            if c == u"\n" or c == u"\r":
                break
            if not Py_UNICODE_ISSPACE(c):
                blank = False
                final = c
            word = _word_char(c)
            if word and not in_word:
                runs += 1
            in_word = word
            at += 1
        if not blank:
            if low <= runs <= high and final != u".":
                titles.append(len(lines))
            lines.append(text[start:at])
            counts.append(runs)
        if at >= length:
            return lines, counts, titles
        if text[at] == u"\r" and at + 1 < length and text[at + 1] == u"\n":
            at += 1
        at += 1
        start = at
