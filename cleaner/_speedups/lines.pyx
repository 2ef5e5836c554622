# cython: boundscheck=False, wraparound=False
"""`cleaner.text.plain` in C: a line's visible text, made for every line a rule or a
line key reads.

Its twin is `cleaner.text.plain_py`, two regular expressions and a strip; tests compare
the two. The link pattern there, `!?\\[([^\\]]*)\\]\\([^)]*\\)`, has one way to match
from a `[` (its text runs to the first `]`, its target to the first `)` after the
`](`), so the scan below looks for exactly that and, when it is not there, moves on to
the next `[`, as the pattern's search does.
"""

from cpython.unicode cimport Py_UNICODE_ISSPACE


cdef str _unwrap_links(str line):
    cdef Py_ssize_t length = len(line), at = 0, last = 0, close, end, start
    parts = []
    while True:
        at = line.find(u"[", at)
        if at < 0:
            break
        close = line.find(u"]", at + 1)
        if close < 0:
            # No `]` after this `[`, so none after a later one.
            break
        if close + 1 < length and line[close + 1] == u"(":
            end = line.find(u")", close + 2)
            if end < 0:
                # No `)` after this link text, so none after a later one.
                break
            start = at - 1 if at > last and line[at - 1] == u"!" else at
            parts.append(line[last:start])
            parts.append(line[at + 1 : close])
            last = at = end + 1
        else:
            at += 1
    if last == 0:
        return line
    parts.append(line[last:])
    return u"".join(parts)


cdef inline bint _marker(Py_UCS4 c):
    return c == u"*" or c == u"-" or c == u"+" or c == u"•" or c == u"·" or c == u"#" or c == u">" or c == u"|"


def plain(str line):
    """The visible text of a line: markdown links become their text, list markers go."""
    cdef Py_ssize_t at = 0, length
    cdef Py_UCS4 first
    if u"](" in line:
        line = _unwrap_links(line)
    length = len(line)
    if length:
        first = line[0]
        if first == u" " or first == u"\t" or _marker(first):
            while at < length and (Py_UNICODE_ISSPACE(line[at]) or _marker(line[at])):
                at += 1
            if at:
                line = line[at:]
    return line.strip()
