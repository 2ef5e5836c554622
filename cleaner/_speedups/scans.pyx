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


def trailing_whitespace(blocks):
    """(position, length without the whitespace at its end) of each of `blocks` (line
    blocks, text at index 4) whose text ends in whitespace, in order."""
    cdef list found = []
    cdef Py_ssize_t position, end
    cdef str text
    for position in range(len(blocks)):
        text = (<tuple>blocks[position])[4]
        end = len(text)
        if end and _space(text[end - 1]):
            end -= 1
            while end and _space(text[end - 1]):
                end -= 1
            found.append((position, end))
    return found


cdef inline bint _separator(Py_UCS4 c) noexcept:
    # The class of `cleaner.rules.whitespace._SEPARATOR_LINE`.
    return c in u"|•·/\\>›»<‹«–—-_~=+"


def separator_lines(blocks):
    """The positions, in order, of the `blocks` (line blocks, text at index 4) whose text
    is one to three separator characters with only whitespace around them."""
    cdef list found = []
    cdef Py_ssize_t position, start, end, at
    cdef str text
    cdef bint only
    for position in range(len(blocks)):
        text = (<tuple>blocks[position])[4]
        start, end = 0, len(text)
        while start < end and _space(text[start]):
            start += 1
        while end > start and _space(text[end - 1]):
            end -= 1
        if not 1 <= end - start <= 3:
            continue
        only = True
        for at in range(start, end):
            if not _separator(text[at]):
                only = False
                break
        if only:
            found.append(position)
    return found


def dashed_lines(bytes lowered, tuple groups, bytes before, bytes ends):
    """The indexes, in order, of the lines of `lowered` (lines joined by b"\\n") that hold a
    dash right after one of the `groups`' prefixes ((length, frozenset of prefixes) pairs)
    with a byte that `before` marks (a table of 256) in front of it, or the line's start:
    where `cleaner.rules.icons.IconVocabulary.dashed` matches in b"\\n" + `lowered`.
    `ends` marks the bytes a prefix ends with: a dash after any other is passed at once."""
    cdef const unsigned char* data = lowered
    cdef const unsigned char* marks = before
    cdef const unsigned char* last_bytes = ends
    cdef Py_ssize_t length = len(lowered), at, line = 0, last = -1, start, size
    cdef unsigned char c, boundary
    cdef list found = []
    for at in range(length):
        c = data[at]
        if c == 10:
            line += 1
            continue
        if c != 45 or last == line or at == 0 or not last_bytes[data[at - 1]]:
            continue
        for size, prefixes in groups:
            start = at - size
            if start < 0:
                continue
            boundary = data[start - 1] if start > 0 else 10
            if marks[boundary] and lowered[start:at] in prefixes:
                found.append(line)
                last = line
                break
    return found


def blank_runs(str text, Py_ssize_t more_than):
    """(start, end) of each run of more than `more_than` blank lines (whitespace but no line
    break, then a line break) in `text`, which holds no CR, in order: where
    `cleaner.rules.whitespace.blank_runs_py` finds them. A run starts at a line start; at the
    end of the text it takes the whitespace after its last line break too."""
    cdef Py_ssize_t length = len(text), line_start = 0, at, run_start = 0, lines = 0
    cdef Py_UCS4 c
    cdef list found = []
    while line_start < length:
        at = line_start
        c = 0
        while at < length:
            c = text[at]
            if c == u"\n" or not _space(c):
                break
            at += 1
        if at < length and c == u"\n":
            if lines == 0:
                run_start = line_start
            lines += 1
            line_start = at + 1
            continue
        # A line with text, or whitespace up to the end of the text (which a run ending there takes).
        if lines > more_than:
            found.append((run_start, length if at == length else line_start))
        lines = 0
        if at == length:
            return found
        at = text.find(u"\n", at)
        if at < 0:
            return found
        line_start = at + 1
    if lines > more_than:
        found.append((run_start, length))
    return found


from cpython.mem cimport PyMem_Free, PyMem_Malloc


cdef Py_ssize_t* _tallied(list keys) except NULL:
    """For each position of `keys`: at [i], how often keys[i] occurs if i is its first
    occurrence (else 0); at [n + i], its last occurrence (n = len(keys))."""
    cdef Py_ssize_t count = len(keys), position, first
    cdef Py_ssize_t* tally = <Py_ssize_t*>PyMem_Malloc((2 * count + 1) * sizeof(Py_ssize_t))
    cdef dict firsts = {}
    if tally == NULL:
        raise MemoryError()
    for position in range(count):
        key = keys[position]
        found = firsts.get(key)
        if found is None:
            firsts[key] = position
            tally[position] = 1
            tally[count + position] = position
        else:
            first = found
            tally[position] = 0
            tally[first] += 1
            tally[count + first] = position
    return tally


def twice(list keys):
    """(first, second) positions of each key that occurs in `keys` exactly twice, in the
    order of their first occurrences: twin `cleaner.rules.repeats.twice_py`."""
    cdef Py_ssize_t count = len(keys), position
    cdef Py_ssize_t* tally = _tallied(keys)
    cdef list found = []
    try:
        for position in range(count):
            if tally[position] == 2:
                found.append((position, tally[count + position]))
    finally:
        PyMem_Free(tally)
    return found


def repeats_near(list keys, Py_ssize_t window):
    """(position, position of its first copy) of each of the `keys` that occurs more than once
    and lies among the first `window` or right after a copy of itself, in order: twin
    `cleaner.rules.headlines.repeats_near_py`."""
    cdef Py_ssize_t count = len(keys), position, first
    cdef Py_ssize_t* firsts = <Py_ssize_t*>PyMem_Malloc((2 * count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* copies = firsts + count
    cdef dict seen = {}
    cdef list found = []
    if firsts == NULL:
        raise MemoryError()
    try:
        for position in range(count):
            key = keys[position]
            known = seen.get(key)
            if known is None:
                seen[key] = position
                firsts[position] = position
                copies[position] = 1
            else:
                first = known
                firsts[position] = first
                copies[first] += 1
        for position in range(count):
            first = firsts[position]
            if copies[first] > 1 and (position < window or (position > 0 and firsts[position - 1] == first)):
                found.append((position, first))
    finally:
        PyMem_Free(firsts)
    return found


def wide_gaps(list held, Py_ssize_t wider_than):
    """(before, after) of each two neighbours of `held` (ints, ascending) more than
    `wider_than` apart, in order: twin `cleaner.rules.whitespace.wide_gaps_py`."""
    cdef list found = []
    cdef Py_ssize_t at, count = len(held), before, after
    if count < 2:
        return found
    before = held[0]
    for at in range(1, count):
        after = held[at]
        if after - before > wider_than:
            found.append((before, after))
        before = after
    return found
