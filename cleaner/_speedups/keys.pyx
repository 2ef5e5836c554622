# cython: boundscheck=False, wraparound=False
"""`cleaner.text.normalise` and `cleaner.sites.model.normalised_key` in C: the comparison
key of every line a run reads, made in the learn pass and again for the clean pass.

Their twins are `cleaner.text.normalise_py` and `cleaner.sites.model.normalised_key_py`;
tests compare each pair. Most lines of a dump are ASCII, for which NFKC changes nothing
and case-folding is lower-casing, so such a line is folded, its whitespace collapsed and
its edges stripped in one pass; any other line is folded the twin's way
(`unicodedata.normalize`, `str.casefold`), then collapsed and stripped here, where the
twin's split and join made a list of its words.
"""

import unicodedata

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport Py_UNICODE_ISALPHA, Py_UNICODE_ISSPACE

from cleaner._speedups.lines import plain

cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
    int PyUnicode_4BYTE_KIND


cdef class Normaliser:
    """`normalise` with `edge`, the punctuation stripped from a key's ends
    (`cleaner.text._EDGE_PUNCTUATION`, given by the caller, so that there is one list)."""

    cdef str edge
    cdef bint ascii_edge[128]

    def __init__(self, str edge):
        self.edge = edge
        for c in range(128):
            self.ascii_edge[c] = chr(c) in edge

    cdef inline bint _edge(self, Py_UCS4 c):
        if c < 128:
            return self.ascii_edge[c]
        return c in self.edge

    cdef str _collapsed(self, str text, bint lower_ascii):
        # `" ".join(text.split()).strip(edge)`, with A-Z lowered first if asked.
        cdef Py_ssize_t length = len(text), at, size = 0, start, end
        cdef Py_UCS4 c
        cdef bint gap = False
        cdef Py_UCS4* buffer = <Py_UCS4*> PyMem_Malloc((length + 1) * sizeof(Py_UCS4))
        if buffer == NULL:
            raise MemoryError()
        try:
            for at in range(length):
                c = text[at]
                if Py_UNICODE_ISSPACE(c):
                    gap = size > 0
                    continue
                if gap:
                    buffer[size] = u" "
                    size += 1
                    gap = False
                if lower_ascii and u"A" <= c <= u"Z":
                    c = <Py_UCS4> (<unsigned int> c + 32)
                buffer[size] = c
                size += 1
            start, end = 0, size
            while start < end and self._edge(buffer[start]):
                start += 1
            while end > start and self._edge(buffer[end - 1]):
                end -= 1
            # Made in the narrowest kind its characters fit, as any str.
            return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer + start, end - start)
        finally:
            PyMem_Free(buffer)

    def normalise(self, str line):
        """A comparison key: visible text, case-folded, spaces collapsed, edge punctuation gone."""
        line = plain(line)
        if line.isascii():
            return self._collapsed(line, True)
        return self._collapsed(unicodedata.normalize("NFKC", line).casefold(), False)


def normalised_key(Py_ssize_t terse_letters, str normalised):
    """The template key of a normalised line: itself when it has fewer than `terse_letters`
    letters, else each run of the digits 0-9 read as one "0"."""
    cdef Py_ssize_t length = len(normalised), at, letters = 0, last = 0, start
    cdef Py_UCS4 c
    for at in range(length):
        if Py_UNICODE_ISALPHA(normalised[at]):
            letters += 1
            if letters >= terse_letters:
                break
    if letters < terse_letters:
        return normalised
    parts = None
    at = 0
    while at < length:
        c = normalised[at]
        if u"0" <= c <= u"9":
            start = at
            while at < length and u"0" <= normalised[at] <= u"9":
                at += 1
            if parts is None:
                parts = []
            parts.append(normalised[last:start])
            parts.append(u"0")
            last = at
        else:
            at += 1
    if parts is None:
        return normalised
    parts.append(normalised[last:])
    return u"".join(parts)
