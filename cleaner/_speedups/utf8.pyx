# cython: boundscheck=False, wraparound=False
"""Where a page's bytes stop being UTF-8, without decoding them: `cleaner.readers.sniff`
needs the answer for every page, and the text itself only for some (a page in valid UTF-8
goes to the parser as bytes).

Its twin is `cleaner.readers.sniff.first_invalid_utf8_py`, Python's own strict decoder;
tests compare the two. The byte ranges are the Unicode standard's well-formed sequences
(its table 3-7), the ones that decoder accepts: no overlong forms, no surrogates, nothing
beyond U+10FFFF.
"""

from libc.stdint cimport uint64_t
from libc.string cimport memcpy

cdef uint64_t NON_ASCII = 0x8080808080808080ULL


def first_invalid(bytes data):
    """The index of the first byte of the first sequence that is not UTF-8, or -1 when all are."""
    cdef const unsigned char *s = data
    cdef Py_ssize_t n = len(data), at = 0
    cdef unsigned char lead, low, high
    cdef uint64_t word
    cdef int more, k
    while at < n:
        # Pages are mostly ASCII: eight bytes at a time while they are.
        while at + 8 <= n:
            memcpy(&word, s + at, 8)
            if word & NON_ASCII:
                break
            at += 8
        if at >= n:
            break
        lead = s[at]
        if lead < 0x80:
            at += 1
            continue
        low, high = 0x80, 0xBF
        if 0xC2 <= lead <= 0xDF:
            more = 1
        elif 0xE0 <= lead <= 0xEF:
            more = 2
            if lead == 0xE0:
                low = 0xA0
            elif lead == 0xED:
                high = 0x9F
        elif 0xF0 <= lead <= 0xF4:
            more = 3
            if lead == 0xF0:
                low = 0x90
            elif lead == 0xF4:
                high = 0x8F
        else:
            return at
        # A sequence cut off by the end of the data is invalid from its first byte.
        if at + 1 >= n or not (low <= s[at + 1] <= high):
            return at
        for k in range(2, more + 1):
            if at + k >= n or not (0x80 <= s[at + k] <= 0xBF):
                return at
        at += more + 1
    return -1
