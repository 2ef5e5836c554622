# cython: boundscheck=False, wraparound=False
"""The learn pass's line hashes in C (`cleaner.sites.tally.line_hashes`): the hash of each
distinct (site, line key) of every page a run counts, and of each recurring key of a flat
folder's pages when they are grouped.

The twin is `cleaner.sites.tally.line_hashes_py`; a test compares the two. The hash is the
caller's (xxh3, of `f"{site}\\0{key}"` in UTF-8, lone surrogates passed): the bytes are made
here in one buffer, where the twin joins the strings, then encodes them.
"""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from libc.string cimport memcpy

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object text)
    const char* PyUnicode_1BYTE_DATA(object text)


def line_hashes(str site, list keys, hash):
    """`hash` of `f"{site}\\0{key}"`, UTF-8 encoded with surrogates passed, for each of `keys`."""
    cdef bytes prefix = (site + u"\0").encode("utf-8", "surrogatepass")
    cdef Py_ssize_t size = len(prefix), length
    cdef const char* start = prefix
    cdef bytes data
    cdef list hashes = []
    cdef str key
    for item in keys:
        key = <str?>item
        if PyUnicode_IS_ASCII(key):
            length = len(key)
            data = PyBytes_FromStringAndSize(NULL, size + length)
            memcpy(PyBytes_AS_STRING(data), start, size)
            memcpy(PyBytes_AS_STRING(data) + size, PyUnicode_1BYTE_DATA(key), length)
        else:
            data = prefix + key.encode("utf-8", "surrogatepass")
        hashes.append(hash(data))
    return hashes
