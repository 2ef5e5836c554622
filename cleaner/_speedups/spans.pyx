# cython: boundscheck=False, wraparound=False
"""The pipeline's work on spans in C (`cleaner.engine.pipeline`), and the run's check that
a clean text and its removals restore the original (`cleaner.model.spans`), each function
with its twin beside its caller, the same loop in Python, which a test compares it with:

- `to_original` (twin `to_original_py`): a pass's verdicts mapped to the original text;
- `admitted` (`admitted_py`): a rule's verdicts added to the earlier rules' in a pass;
- `applied` (`apply_verdicts_py`): the text without a pass's verdicts;
- `kept_layout` (`keeps_layout_py`): whether a pass's verdicts leave the layout as it was;
- `placed_removals` (`placed_removals_py`): the removals, at their lines and columns;
- `counted_removals` (`counted_removals_py`): the same, the lines counted in the text;
- `restores` (`cleaner.model.spans.restores_py`): whether the clean text and its removals
  restore the original.
"""

from operator import itemgetter

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport Py_UNICODE_ISSPACE
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
JOINED = "RF01"
"""`cleaner.model.spans.JOINED`, which a test holds equal."""


def restores(str clean, removals, str original):
    """Whether `restore_text(clean, removals) == original` (`cleaner.model.spans`), compared
    piece by piece without building the restored text; raises ValueError where restore_text
    does (a removal that does not fit the clean text)."""
    cdef Py_ssize_t position = 0, shift = 0, length = len(clean), size = len(original)
    cdef Py_ssize_t start, at, done = 0, previous = 0, count, held
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
        # A line break --reflow joined (code JOINED) holds a space in the clean text, which goes.
        held = removal[3] == JOINED
        if at < position or at + held > length or (held and clean[at] != u" "):
            raise ValueError(f"removal at offset {start} does not fit the clean text")
        count = len(text)
        if same:
            # The clean text up to the removal, then the removed text, are the original's next pieces.
            same = done + (at - position) + count <= size and _same(clean, position, original, done, at - position)
            same = same and _same(text, 0, original, done + at - position, count)
        done += at - position + count
        position = at + held
        shift += count - held
    return same and done + length - position == size and _same(clean, position, original, done, length - position)


def placed_removals(list removed, tuple lines, str text, dict names, elements, kind):
    """`cleaner.engine.pipeline.placed_removals_py` in C: a `kind` (a `Removal`) for each of
    the `removed` spans of the original `text` (sorted), its line and column found among
    `lines`, the line blocks that tile the text, and its element, when `elements` names one
    for each line."""
    cdef list made = []
    cdef tuple span, line
    cdef Py_ssize_t at = 0, count = len(lines), start, end
    cdef bint located = len(elements) > 0
    if removed and not count:
        raise ValueError("removals without the lines they are on")
    for entry in removed:
        span = <tuple>entry
        start, end = span[0], span[1]
        # The spans are sorted: the line holding each start only moves on.
        while at + 1 < count and (<tuple>lines[at + 1])[1] <= start:
            at += 1
        line = <tuple>lines[at]
        code = span[2]
        made.append(
            tuple.__new__(
                kind,
                (start, end, text[start:end], code, names[code], span[3], at + 1, start - <Py_ssize_t>line[1] + 1, elements[at] if located else "", 0, 0),
            )
        )
    return made



def admitted(list accepted, verdicts):
    """`cleaner.engine.pipeline.admitted_py` in C: `accepted` (verdicts sorted by start, apart)
    with those of `verdicts` that overlap none of them nor an earlier one admitted, empty
    spans left out, sorted by start (the accepted first where two start together)."""
    cdef list fresh = [], merged
    cdef tuple verdict
    cdef Py_ssize_t at = 0, count = len(accepted), reach = -1, start, end, taken
    for entry in sorted(verdicts, key=_START):
        verdict = <tuple>entry
        start, end = verdict[0], verdict[1]
        if start >= end or start < reach:
            continue
        # Both are sorted by start, and the accepted spans lie apart: the first accepted one
        # that ends after this start is the only one it may overlap.
        while at < count and <Py_ssize_t>(<tuple>accepted[at])[1] <= start:
            at += 1
        if at < count and <Py_ssize_t>(<tuple>accepted[at])[0] < end:
            continue
        fresh.append(verdict)
        reach = end
    if not fresh:
        return accepted
    if not count:
        return fresh
    merged = []
    at = 0
    for entry in fresh:
        start = (<tuple>entry)[0]
        while at < count and <Py_ssize_t>(<tuple>accepted[at])[0] <= start:
            merged.append(accepted[at])
            at += 1
        merged.append(entry)
    merged.extend(accepted[at:])
    return merged


def applied(str text, verdicts):
    """`cleaner.engine.pipeline.apply_verdicts_py` in C: `text` without the spans of
    `verdicts` (sorted by start, apart)."""
    cdef list pieces = []
    cdef Py_ssize_t position = 0, start
    for verdict in verdicts:
        start = (<tuple>verdict)[0]
        pieces.append(text[position:start])
        position = (<tuple>verdict)[1]
    pieces.append(text[position:])
    return u"".join(pieces)


cdef inline bint _has_text(str text) noexcept:
    # Anything but whitespace: what strip() leaves something of.
    cdef Py_ssize_t at
    for at in range(len(text)):
        if not Py_UNICODE_ISSPACE(text[at]):
            return True
    return False


def kept_layout(tuple blocks, verdicts):
    """`cleaner.engine.pipeline.keeps_layout_py` in C, for the `blocks` of a text without CR:
    whether cutting `verdicts` (sorted, apart) leaves the non-blank lines, in order, and
    a blank line between two of them exactly where there was one."""
    cdef Py_ssize_t count = len(blocks), first = 0, at, start, end, before, reach
    cdef tuple block
    cdef bytearray taken = bytearray(count)
    cdef list gone = []
    for verdict in verdicts:
        start, end = (<tuple>verdict)[0], (<tuple>verdict)[1]
        # The block holding the start (the first one when none starts at or before it);
        # the verdicts are sorted, so it only moves on.
        while first + 1 < count and <Py_ssize_t>(<tuple>blocks[first + 1])[1] <= start:
            first += 1
        at = first
        while at < count and <Py_ssize_t>(<tuple>blocks[at])[1] < end:
            block = <tuple>blocks[at]
            if _has_text(<str>block[4]):
                return False
            if start <= <Py_ssize_t>block[1] and end >= <Py_ssize_t>block[3]:
                gone.append(at)
                taken[at] = 1
            elif end > <Py_ssize_t>block[2]:
                return False
            at += 1
    reach = -1
    for entry in gone:
        at = entry
        if at <= reach:
            continue
        # The run of blank lines around it: one of them must stay, unless no text precedes or follows it.
        before = at
        while before > 0 and not _has_text(<str>(<tuple>blocks[before - 1])[4]):
            before -= 1
        reach = at
        while reach + 1 < count and not _has_text(<str>(<tuple>blocks[reach + 1])[4]):
            reach += 1
        if before > 0 and reach + 1 < count:
            for at in range(before, reach + 1):
                if not taken[at]:
                    break
            else:
                return False
    return True


def counted_removals(list removed, str text, dict names, elements, kind):
    """`cleaner.engine.pipeline.counted_removals_py` in C: `placed_removals`, each span's line
    and column counted in `text` (CR LF, LF and CR are line breaks), for a text whose lines
    were never cut (a pass over the raw text removed from it first, or it holds CR)."""
    cdef list made = []
    cdef tuple span
    cdef Py_ssize_t line = 1, line_start = 0, position = 0, start, end, at, breaks, last
    cdef Py_UCS4 c
    cdef bint located = len(elements) > 0
    for entry in removed:
        span = <tuple>entry
        start, end = span[0], span[1]
        # Each CR is a break, and each LF that does not end a CR LF; the last one starts the line.
        breaks, last = 0, -1
        for at in range(position, start):
            c = text[at]
            if c == u"\r" or (c == u"\n" and (at == 0 or text[at - 1] != u"\r")):
                breaks += 1
            if c == u"\r" or c == u"\n":
                last = at
        if breaks:
            line += breaks
            line_start = last + 1
        code = span[2]
        made.append(
            tuple.__new__(
                kind,
                (start, end, text[start:end], code, names[code], span[3], line, start - line_start + 1, elements[line - 1] if located else "", 0, 0),
            )
        )
        position = start
    return made
