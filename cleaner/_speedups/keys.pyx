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
    int PyUnicode_1BYTE_KIND
    int PyUnicode_4BYTE_KIND
    const unsigned char* PyUnicode_1BYTE_DATA(object text)
    bint PyUnicode_IS_ASCII(object text)
    Py_ssize_t PyUnicode_FindChar(object text, Py_UCS4 c, Py_ssize_t start, Py_ssize_t end, int direction) except -2


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

    cdef str _collapsed_ascii(self, str text):
        # `" ".join(text.lower().split()).strip(edge)` of an ASCII line (most lines are), read
        # and written a byte a character where `_collapsed` writes four and converts them back.
        cdef Py_ssize_t length = len(text), at, size = 0, start, end
        cdef const unsigned char* data = PyUnicode_1BYTE_DATA(text)
        cdef unsigned char c
        cdef bint gap = False
        cdef unsigned char* buffer = <unsigned char*> PyMem_Malloc(length + 1)
        if buffer == NULL:
            raise MemoryError()
        try:
            for at in range(length):
                c = data[at]
                if Py_UNICODE_ISSPACE(c):
                    gap = size > 0
                    continue
                if gap:
                    buffer[size] = b" "
                    size += 1
                    gap = False
                if b"A" <= c <= b"Z":
                    c += 32
                buffer[size] = c
                size += 1
            start, end = 0, size
            while start < end and self.ascii_edge[buffer[start]]:
                start += 1
            while end > start and self.ascii_edge[buffer[end - 1]]:
                end -= 1
            return PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, buffer + start, end - start)
        finally:
            PyMem_Free(buffer)

    cdef str _collapsed(self, str text):
        # `" ".join(text.split()).strip(edge)`.
        cdef Py_ssize_t length = len(text), at, size = 0, start, end
        cdef Py_UCS4 c
        cdef bint gap = False
        cdef Py_UCS4* buffer = <Py_UCS4*> PyMem_Malloc((length + 1) * sizeof(Py_UCS4))
        if buffer == NULL:
            raise MemoryError()
        try:
            for c in text:
                if Py_UNICODE_ISSPACE(c):
                    gap = size > 0
                    continue
                if gap:
                    buffer[size] = u" "
                    size += 1
                    gap = False
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
        return self._normalise(line)

    cdef str _normalise(self, str line):
        line = plain(line)
        if PyUnicode_IS_ASCII(line):
            return self._collapsed_ascii(line)
        return self._collapsed(unicodedata.normalize("NFKC", line).casefold())


def normalised_key(Py_ssize_t terse_letters, str normalised):
    """The template key of a normalised line: itself when it has fewer than `terse_letters`
    letters, else each run of the digits 0-9 read as one "0"."""
    return _normalised_key(terse_letters, normalised)


def is_terse(Py_ssize_t terse_letters, str line):
    """Whether `line` has fewer than `terse_letters` letters (`str.isalpha`)."""
    cdef Py_ssize_t letters = 0
    cdef Py_UCS4 c
    for c in line:
        if Py_UNICODE_ISALPHA(c):
            letters += 1
            if letters >= terse_letters:
                return False
    return True


cdef inline bint _has_digit(const unsigned char* data, Py_ssize_t length):
    cdef Py_ssize_t at
    for at in range(length):
        if <unsigned char> (data[at] - 48) < 10:
            return True
    return False


cdef str _normalised_key(Py_ssize_t terse_letters, str normalised):
    cdef Py_ssize_t length = len(normalised), at, letters = 0, last = 0, start
    cdef Py_UCS4 c
    for at in range(length):
        if Py_UNICODE_ISALPHA(normalised[at]):
            letters += 1
            if letters >= terse_letters:
                break
    if letters < terse_letters:
        return normalised
    if PyUnicode_IS_ASCII(normalised) and not _has_digit(PyUnicode_1BYTE_DATA(normalised), length):
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


def line_keys(Normaliser normaliser, Py_ssize_t terse_letters, str text, dict normalised=None):
    """The template key of each distinct line of `text` (cut at CRLF, LF or CR), by the
    line, as `cleaner.sites.model.line_keys_py` makes them; with `normalised` (a dict, or
    None), each line's `normalise`d form is put there too. One pass over the text: no list
    of its lines, and no Python call for a line but `plain`'s."""
    cdef dict keys = {}
    cdef Py_ssize_t length = len(text), start = 0, at = 0
    cdef bint returns = u"\r" in text
    cdef Py_UCS4 c
    cdef str line, normal
    while True:
        if returns:
            while at < length:
                c = text[at]
                if c == u"\n" or c == u"\r":
                    break
                at += 1
        else:
            # Most dumps break lines with LF alone, found by a search as fast as memchr.
            at = PyUnicode_FindChar(text, u"\n", start, length, 1)
            if at < 0:
                at = length
        line = text[start:at]
        if line not in keys:
            normal = normaliser._normalise(line)
            if normalised is not None:
                normalised[line] = normal
            keys[line] = _normalised_key(terse_letters, normal)
        if at >= length:
            return keys
        if returns and text[at] == u"\r" and at + 1 < length and text[at + 1] == u"\n":
            at += 1
        at += 1
        start = at
