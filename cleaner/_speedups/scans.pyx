# cython: boundscheck=False, wraparound=False
"""Per-line scans of a page's lines in C, for the line rules' first pass, which reads every line.

- `separated_lines`: UI04's hint, twin `cleaner.rules.scan.lines_with(_BREADCRUMB_LINE_HINT, texts)`
  (`cleaner.rules.chrome.separated_lines_py`): a pattern scan of the joined lines that stops at
  every "/" of every link target.
- `collapsed`: RB01's line texts with their whitespace collapsed, twin
  `cleaner.rules.repeats.collapsed_py` (a split and a join for every line).

Whitespace is what `\\s`, `str.split()` and `str.isspace` call whitespace: Py_UNICODE_ISSPACE.
"""

from cpython.unicode cimport Py_UNICODE_ISSPACE


cdef inline bint _space(Py_UCS4 c) noexcept:
    if c < 128:
        return c == u" " or (u"\t" <= c <= u"\r") or (u"\x1c" <= c <= u"\x1f")
    return Py_UNICODE_ISSPACE(c)


def separated_lines(list texts):
    """The indexes, in order, of the `texts` (lines, without line breaks) that hold "›" or "»",
    or ">", "/" or "|" with whitespace right before and right after it."""
    cdef list found = []
    cdef Py_ssize_t index, at, length
    cdef Py_UCS4 c
    cdef str text
    for index in range(len(texts)):
        text = texts[index]
        length = len(text)
        for at in range(length):
            c = text[at]
            if c == u"›" or c == u"»":
                found.append(index)
                break
            if (c == u">" or c == u"/" or c == u"|") and 0 < at < length - 1 and _space(text[at - 1]) and _space(text[at + 1]):
                found.append(index)
                break
    return found


cdef inline bint _collapsed_already(str text) noexcept:
    # No whitespace but single spaces between other characters.
    cdef Py_ssize_t at, length = len(text)
    cdef Py_UCS4 c
    cdef bint after_space = True  # a space first is not collapsed
    for at in range(length):
        c = text[at]
        if c == u" ":
            if after_space:
                return False
            after_space = True
        elif _space(c):
            return False
        else:
            after_space = False
    return not (length and after_space)


def collapsed(list texts, dict known):
    """Each of `texts` with its runs of whitespace made one space and its ends stripped,
    looked up in `known` (text -> collapsed) first and added there."""
    cdef Py_ssize_t index, count = len(texts)
    cdef list keys = [None] * count
    cdef str text
    for index in range(count):
        text = texts[index]
        key = known.get(text)
        if key is None:
            key = text if _collapsed_already(text) else u" ".join(text.split())
            known[text] = key
        keys[index] = key
    return keys
