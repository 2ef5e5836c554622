# cython: boundscheck=False, wraparound=False
"""`cleaner.text.plain` in C: a line's visible text, made for every line a rule or a
line key reads.

Its twin is `cleaner.text.plain_py`, two regular expressions and a strip; tests compare
the two. The link pattern there, `!?\\[([^\\]]*)\\]\\([^)]*\\)`, has one way to match
from a `[` (its text runs to the first `]`, its target to the first `)` after the
`](`), so the scan below looks for exactly that and, when it is not there, moves on to
the next `[`, as the pattern's search does.
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE


cdef str _unwrap_links(str line, bint images, Py_ssize_t* linked):
    # With `images`, a `!` just before the `[` goes with the link (`plain`'s pattern);
    # `linked` gets the characters of the link texts kept.
    cdef Py_ssize_t length = len(line), at = 0, last = 0, close, end, start
    parts = []
    linked[0] = 0
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
            start = at - 1 if images and at > last and line[at - 1] == u"!" else at
            parts.append(line[last:start])
            parts.append(line[at + 1 : close])
            linked[0] += close - at - 1
            last = at = end + 1
        else:
            at += 1
    if last == 0:
        return line
    parts.append(line[last:])
    return u"".join(parts)


def unwrap_links(str text):
    """(`text` with each markdown link `[text](target)` replaced by its text, the characters
    of those texts): BC01's visible text and linked characters, as
    `cleaner.rules.blocks.unwrap_links_py` finds them with its pattern."""
    cdef Py_ssize_t linked = 0
    visible = _unwrap_links(text, False, &linked)
    return visible, linked


cdef inline bint _marker(Py_UCS4 c):
    return c == u"*" or c == u"-" or c == u"+" or c == u"•" or c == u"·" or c == u"#" or c == u">" or c == u"|"


def plain(str line):
    """The visible text of a line: markdown links become their text, list markers go."""
    cdef Py_ssize_t at = 0, length
    cdef Py_UCS4 first
    cdef Py_ssize_t linked
    if u"](" in line:
        line = _unwrap_links(line, True, &linked)
    length = len(line)
    if length:
        first = line[0]
        if first == u" " or first == u"\t" or _marker(first):
            while at < length and (Py_UNICODE_ISSPACE(line[at]) or _marker(line[at])):
                at += 1
            if at:
                line = line[at:]
    return line.strip()


cdef inline bint _continuation(Py_UCS4 c):
    # The class of `cleaner.engine.paragraphs._CONTINUES` after its spaces.
    return (
        (u"a" <= c <= u"z")
        or (u"а" <= c <= u"я")
        or c in u"äöüßéèàùâêîôûç,.;:)!?%»”’"
    )


cdef bint continues_and_few(str line, Py_ssize_t start, Py_ssize_t end, Py_ssize_t max_words, bint* few) noexcept:
    # `piece_facts` for C callers (`paragraphs.pyx` makes a line's pieces): `few` gets the second fact.
    cdef Py_ssize_t at = start, runs = 0
    cdef bint in_word = False, word, continues
    cdef Py_UCS4 c
    while at < end and Py_UNICODE_ISSPACE(line[at]):
        at += 1
    continues = at < end and _continuation(line[at])
    at = start
    while at < end:
        c = line[at]
        # ASCII answered here: `Py_UNICODE_ISALNUM` asks up to four Unicode tables.
        word = ((u"a" <= c <= u"z") or (u"A" <= c <= u"Z") or (u"0" <= c <= u"9") or c == u"_") if c < 128 else Py_UNICODE_ISALNUM(c)
        if word and not in_word:
            runs += 1
            if runs > max_words:
                break
        in_word = word
        at += 1
    few[0] = runs <= max_words
    return continues


def piece_facts(str line, Py_ssize_t start, Py_ssize_t end, Py_ssize_t max_words):
    """(whether line[start:end] carries on a sentence, whether it holds at most `max_words`
    runs of word characters): what `cleaner.engine.paragraphs._piece_facts_py` reads with
    its two patterns."""
    cdef bint few
    continues = continues_and_few(line, start, end, max_words, &few)
    return continues, few
