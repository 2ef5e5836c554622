# cython: boundscheck=False, wraparound=False
"""The unified diff's two scans in C (`cleaner.report.diff`): where a text's lines start,
and the removed spans merged. A page has some 160 removals and 200 lines, and the diff
needs a few merged spans placed among those lines; in Python both loops cost more than the
rest of the diff. The twins are `cleaner.report.diff._line_starts_py` and `_merged_py`;
tests compare each pair."""


from libc.stdint cimport uint8_t, uint16_t, uint32_t


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)


ctypedef fused unit:
    uint8_t
    uint16_t
    uint32_t


cdef int _add_line_starts(const unit* text, Py_ssize_t length, list starts) except -1:
    """Read `text` as it is stored (one, two or four bytes a character): most pages need
    two, and reading a character of any width costs about twice as much."""
    cdef Py_ssize_t at
    cdef uint32_t c
    for at in range(length):
        c = text[at]
        if c == 10:
            if at and text[at - 1] == 13:
                starts[len(starts) - 1] = at + 1  # CR LF is one line break
            else:
                starts.append(at + 1)
        elif c == 13:
            starts.append(at + 1)
    return 0


def line_starts(str text):
    """Where each line of `text` starts (lines end after LF, CR LF or CR), then `len(text)`."""
    cdef Py_ssize_t length = len(text)
    cdef list starts = [0]
    cdef int kind = PyUnicode_KIND(text)
    if kind == 1:
        _add_line_starts(<const uint8_t*>PyUnicode_DATA(text), length, starts)
    elif kind == 2:
        _add_line_starts(<const uint16_t*>PyUnicode_DATA(text), length, starts)
    else:
        _add_line_starts(<const uint32_t*>PyUnicode_DATA(text), length, starts)
    if length and starts[len(starts) - 1] != length:
        starts.append(length)
    return starts


def merged(removals):
    """The removed spans (start, end) in order, overlapping or touching ones joined, empty
    ones left out. The removals come in order from a cleaning; others are sorted first."""
    cdef list spans = []
    cdef Py_ssize_t start, end, last_start = -1, last_end = -1, previous = -1, previous_end = -1
    cdef bint open_span = False
    cdef tuple removal
    for item in removals:
        if not isinstance(item, tuple):
            raise TypeError(f"a removal is a Removal, not {type(item).__name__}")
        removal = <tuple>item  # a Removal, or a (start, end) span
        start, end = removal[0], removal[1]
        if start < previous or (start == previous and end < previous_end):
            return merged(sorted([(span[0], span[1]) for span in removals]))
        previous, previous_end = start, end
        if start >= end:
            continue
        if open_span and start <= last_end:
            if end > last_end:
                last_end = end
            continue
        if open_span:
            spans.append((last_start, last_end))
        last_start, last_end, open_span = start, end, True
    if open_span:
        spans.append((last_start, last_end))
    return spans
