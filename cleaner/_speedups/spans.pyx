# cython: boundscheck=False, wraparound=False
"""Spans in C: a pass's verdicts mapped to the original text (`cleaner.engine.pipeline`,
twin `to_original_py`, the same loop in Python), and the run's check that a clean text and
its removals restore the original (`cleaner.model.spans`, twin `restores_py`); tests
compare each pair."""

from operator import itemgetter

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from libc.string cimport memcmp


def to_original(verdicts, list removed):
    """Each of `verdicts` (spans of the current text, sorted) as (start, end, code, reason)
    spans of the original, which the `removed` spans (sorted, not overlapping) were cut
    from; a span that straddles an earlier cut becomes one span each side of it."""
    cdef Py_ssize_t pieces = len(removed) + 1, count = 0, at, position, stop, offset, limit
    cdef Py_ssize_t current = 0, original = 0, start, end, stop_at
    cdef list mapped = []
    # Kept pieces of the original: start in the current text, start in the original, length.
    cdef Py_ssize_t* memory = <Py_ssize_t*>PyMem_Malloc(3 * pieces * sizeof(Py_ssize_t))
    if memory == NULL:
        raise MemoryError()
    cdef Py_ssize_t* at_current = memory
    cdef Py_ssize_t* at_original = memory + pieces
    cdef Py_ssize_t* lengths = memory + 2 * pieces
    try:
        for span in removed:
            start, end = span[0], span[1]
            if start > original:
                at_current[count], at_original[count], lengths[count] = current, original, start - original
                current += start - original
                count += 1
            original = end
        at_current[count], at_original[count], lengths[count] = current, original, <Py_ssize_t>1 << 62
        count += 1
        at = 0
        for verdict in verdicts:
            position, limit = verdict[0], verdict[1]
            code, reason = verdict[2], verdict[3]
            # The verdicts are sorted, so the piece holding a start only moves on (the last
            # piece starting at or before it, as a bisection would find).
            while at + 1 < count and at_current[at + 1] <= position:
                at += 1
            while at > 0 and at_current[at] > position:
                at -= 1
            stop_at = at
            while position < limit:
                stop = min(limit, at_current[stop_at] + lengths[stop_at])
                offset = at_original[stop_at] + position - at_current[stop_at]
                mapped.append((offset, offset + stop - position, code, reason))
                position = stop
                stop_at += 1
    finally:
        PyMem_Free(memory)
    return mapped


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index)


cdef bint _same(str a, Py_ssize_t a_at, str b, Py_ssize_t b_at, Py_ssize_t size):
    """Whether `a[a_at:a_at + size] == b[b_at:b_at + size]`, both in range, without the slices."""
    cdef int kind = PyUnicode_KIND(a), b_kind = PyUnicode_KIND(b)
    cdef char* a_data = <char*>PyUnicode_DATA(a)
    cdef char* b_data = <char*>PyUnicode_DATA(b)
    cdef Py_ssize_t at
    if kind == b_kind:
        return memcmp(a_data + a_at * kind, b_data + b_at * kind, size * kind) == 0
    for at in range(size):
        if PyUnicode_READ(kind, a_data, a_at + at) != PyUnicode_READ(b_kind, b_data, b_at + at):
            return False
    return True


_START = itemgetter(0)


def restores(str clean, removals, str original):
    """Whether `restore_text(clean, removals) == original` (`cleaner.model.spans`), compared
    piece by piece without building the restored text; raises ValueError where restore_text
    does (a removal that does not fit the clean text)."""
    cdef Py_ssize_t position = 0, shift = 0, length = len(clean), size = len(original)
    cdef Py_ssize_t start, at, done = 0, previous = 0, count
    cdef bint same = True, first = True
    cdef tuple removal
    cdef str text
    for item in removals:
        if not isinstance(item, tuple):
            raise TypeError(f"a removal is a Removal, not {type(item).__name__}")
        start = (<tuple>item)[0]
        if start < previous and not first:
            # restore_text puts them in order of their starts, equal ones as given.
            return restores(clean, sorted(removals, key=_START), original)
        previous, first = start, False
    for item in removals:
        removal = <tuple>item
        start, text = removal[0], removal[2]
        at = start - shift
        if at < position or at > length:
            raise ValueError(f"removal at offset {start} does not fit the clean text")
        count = len(text)
        if same:
            # The clean text up to the removal, then the removed text, are the original's next pieces.
            same = done + (at - position) + count <= size and _same(clean, position, original, done, at - position)
            same = same and _same(text, 0, original, done + at - position, count)
        done += at - position + count
        position = at
        shift += count
    return same and done + length - position == size and _same(clean, position, original, done, length - position)
