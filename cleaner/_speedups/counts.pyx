# cython: boundscheck=False, wraparound=False
"""The words of each line of a dump, counted in C for TP01's search of its headline
(`cleaner.rules.template`), which reads the count of nearly every line of every page.
The twin is `cleaner.rules.template._WordCounts`, which counts a line's matches of
`cleaner.text.WORD` when first asked; a test compares the two."""

from cleaner._speedups.chars cimport _word_char


def word_counts(list lines):
    """For each line, how many runs of word characters (`\\w+`, as `re` reads it) it holds."""
    cdef list counts = []
    cdef Py_ssize_t runs
    cdef bint in_word, word
    cdef Py_UCS4 c
    cdef str line
    for item in lines:
        line = <str?>item
        runs, in_word = 0, False
        for c in line:
            word = _word_char(c)
            if word and not in_word:
                runs += 1
            in_word = word
        counts.append(runs)
    return counts
