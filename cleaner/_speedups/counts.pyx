# cython: boundscheck=False, wraparound=False
"""Lines and their words, counted in C where every page's lines are counted: TP01's
search of a dump's headline (`cleaner.rules.template`, twin `_headline_lines_py`) and the
report line's confidence (`cleaner.report.assessment`, twin `_line_words_py`). Tests
compare each with its twin."""

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


cdef inline bint _line_break(Py_UCS4 c) noexcept:
    # The characters str.splitlines cuts at; CRLF's two breaks leave an empty line between
    # them, which counts nothing.
    return (
        c == u"\n" or c == u"\r" or c == u"\x0b" or c == u"\x0c" or u"\x1c" <= c <= u"\x1e"
        or c == u"\x85" or c == u"\u2028" or c == u"\u2029"
    )


def line_words(str text, Py_ssize_t prose_at, Py_ssize_t short_at):
    """(words, the words of lines of at least `prose_at` words, the lines of at most
    `short_at` words, the lines): words split at whitespace as str.split does, lines as
    str.splitlines cuts them, lines without a word not counted. The report's confidence
    reads these of every page; the twin is `cleaner.report.assessment._line_words_py`."""
    cdef Py_ssize_t length = len(text), at, run = 0, words = 0, prose = 0, short = 0, lines = 0
    cdef bint in_word = False
    cdef Py_UCS4 c
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    for at in range(length + 1):
        c = PyUnicode_READ(kind, data, at) if at < length else u"\n"
        if _line_break(c):
            if run:
                lines += 1
                words += run
                if run >= prose_at:
                    prose += run
                if run <= short_at:
                    short += 1
            run, in_word = 0, False
        elif Py_UNICODE_ISSPACE(c):
            in_word = False
        elif not in_word:
            run += 1
            in_word = True
    return words, prose, short, lines
