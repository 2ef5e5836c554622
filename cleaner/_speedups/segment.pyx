# cython: boundscheck=False, wraparound=False
"""Line blocks made in C: `cleaner.engine.segment` cutting a text without CR into lines,
moving the lines a pass left untouched, and making a pass's lines from the last pass's
(moving some, cutting the others afresh).

Their twins are `cleaner.engine.segment.cut_py`, `moved_py` and `spliced_py`, the same
loops in Python; tests compare each pair. Both build each block straight into a new instance of the
block type (a named tuple, laid out as a tuple), without the tuple of fields that
`tuple.__new__` copies from, and read the old blocks' offsets as C integers.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_SET_ITEM


cdef extern from "Python.h":
    object PyType_GenericAlloc(PyTypeObject* kind, Py_ssize_t items)


cdef inline void _put(object block, Py_ssize_t at, object value):
    # PyTuple_SET_ITEM takes over a reference: give it one of its own.
    Py_INCREF(value)
    PyTuple_SET_ITEM(block, at, value)


cdef object _block(PyTypeObject* kind, Py_ssize_t index, Py_ssize_t start, Py_ssize_t end, Py_ssize_t stop, str text, str key):
    # A new instance of the tuple subclass, its six fields still empty (as tuple.__new__ makes one).
    block = PyType_GenericAlloc(kind, 6)
    _put(block, 0, index)
    _put(block, 1, start)
    _put(block, 2, end)
    _put(block, 3, stop)
    _put(block, 4, text)
    _put(block, 5, key)
    return block


cdef str _key(str content, dict keys, normalise, Py_ssize_t max_keyed):
    # `cleaner.engine.segment._key`.
    cdef Py_ssize_t length = len(content)
    if length == 0 or length > max_keyed:
        return ""
    key = keys.get(content)
    if key is None:
        key = keys[content] = normalise(content)
    return key


def cut(str text, Py_ssize_t offset, Py_ssize_t first, dict keys, normalise, Py_ssize_t max_keyed, type kind):
    """The line blocks (of `kind`) of `text`, which holds no CR: offsets moved by `offset`,
    indexes from `first`; a line of 1 to `max_keyed` characters is keyed by `normalise`,
    looked up in `keys` first and kept there."""
    cdef list made = []
    cdef Py_ssize_t start = 0, length = len(text), at, index = first
    cdef PyTypeObject* native = <PyTypeObject*>kind
    while start < length:
        at = text.find("\n", start)
        if at < 0:
            content = text[start:]
            made.append(_block(native, index, offset + start, offset + length, offset + length, content, _key(content, keys, normalise, max_keyed)))
            break
        content = text[start:at]
        made.append(_block(native, index, offset + start, offset + at, offset + at + 1, content, _key(content, keys, normalise, max_keyed)))
        index += 1
        start = at + 1
    return made


def moved(tuple blocks, Py_ssize_t begin, Py_ssize_t end, Py_ssize_t base, Py_ssize_t shift, type kind):
    """blocks[begin:end] (of `kind`), each numbered `base` on from its own index and its
    offsets `shift` characters earlier."""
    cdef list made = []
    cdef Py_ssize_t at
    cdef PyTypeObject* native = <PyTypeObject*>kind
    for at in range(begin, end):
        line = <object>PyTuple_GET_ITEM(blocks, at)
        made.append(
            _block(
                native,
                base + at,
                <Py_ssize_t>(<object>PyTuple_GET_ITEM(line, 1)) - shift,
                <Py_ssize_t>(<object>PyTuple_GET_ITEM(line, 2)) - shift,
                <Py_ssize_t>(<object>PyTuple_GET_ITEM(line, 3)) - shift,
                <str>PyTuple_GET_ITEM(line, 4),
                <str>PyTuple_GET_ITEM(line, 5),
            )
        )
    return made


def spliced(tuple blocks, verdicts, str text, dict keys, normalise, Py_ssize_t max_keyed, type kind):
    """(the line blocks of `text`, the indexes of the fresh ones), where `text` is the text
    of `blocks` (which hold no CR) without the spans of `verdicts` (sorted, not overlapping):
    the blocks no verdict touched moved, the others cut afresh."""
    cdef Py_ssize_t count = len(blocks), total = len(verdicts)
    cdef Py_ssize_t at, last, begin, end, following, removed = 0, done = 0, held = 0, index
    cdef PyTypeObject* native = <PyTypeObject*>kind
    cdef list made = []
    cdef list fresh = []
    # The blocks' starts and stops, the verdicts' spans and the touched marks, as C arrays:
    # one allocation, freed below whatever happens.
    cdef Py_ssize_t* memory = <Py_ssize_t*>PyMem_Malloc((3 * count + 2 * total + 1) * sizeof(Py_ssize_t))
    if memory == NULL:
        raise MemoryError()
    cdef Py_ssize_t* starts = memory
    cdef Py_ssize_t* stops = memory + count
    cdef Py_ssize_t* touched = memory + 2 * count
    cdef Py_ssize_t* lows = memory + 3 * count
    cdef Py_ssize_t* highs = memory + 3 * count + total
    try:
        for at in range(count):
            line = <object>PyTuple_GET_ITEM(blocks, at)
            starts[at] = <Py_ssize_t>(<object>PyTuple_GET_ITEM(line, 1))
            stops[at] = <Py_ssize_t>(<object>PyTuple_GET_ITEM(line, 3))
            touched[at] = 0
        at = 0
        for index, verdict in enumerate(verdicts):
            lows[index] = verdict[0]
            highs[index] = verdict[1]
            # Blocks tile the text: those from the one holding the start to the last
            # starting before the end (the verdicts are sorted, so the first only moves on).
            while at + 1 < count and starts[at + 1] <= lows[index]:
                at += 1
            last = at
            while last < count and starts[last] < highs[index]:
                touched[last] = 1
                last += 1
        at = 0
        while at < count:
            while done < total and highs[done] <= starts[at]:
                removed += highs[done] - lows[done]
                done += 1
            if not touched[at]:
                # Up to the next touched block, every line moves by the same distance.
                following = at
                while following < count and not touched[following]:
                    following += 1
                held = len(made)
                if removed or held != at:
                    for index in range(at, following):
                        line = <object>PyTuple_GET_ITEM(blocks, index)
                        made.append(
                            _block(
                                native,
                                held + index - at,
                                starts[index] - removed,
                                <Py_ssize_t>(<object>PyTuple_GET_ITEM(line, 2)) - removed,
                                stops[index] - removed,
                                <str>PyTuple_GET_ITEM(line, 4),
                                <str>PyTuple_GET_ITEM(line, 5),
                            )
                        )
                else:
                    made.extend(blocks[at:following])
                at = following
                continue
            # A run of touched blocks holds every verdict that touches it, whole; what is
            # left of it that ends without a line break joins the next line.
            last, begin = at, starts[at] - removed
            while True:
                while last + 1 < count and touched[last + 1]:
                    last += 1
                while done < total and lows[done] < stops[last]:
                    removed += highs[done] - lows[done]
                    done += 1
                end = stops[last] - removed
                if end == begin or text[end - 1] == u"\n" or last + 1 == count:
                    break
                last += 1
            held = len(made)
            if end > begin and text.find("\n", begin, end) == end - 1:
                fresh.append(held)
                content = text[begin : end - 1]
                made.append(_block(native, held, begin, end - 1, end, content, _key(content, keys, normalise, max_keyed)))
            elif end > begin:
                piece = cut(text[begin:end], begin, held, keys, normalise, max_keyed, kind)
                fresh.extend(range(held, held + len(piece)))
                made.extend(piece)
            at = last + 1
    finally:
        PyMem_Free(memory)
    return made, fresh


def content(tuple blocks):
    """The blocks whose text holds anything but whitespace (`Block.is_blank` is false), in order."""
    cdef list found = []
    cdef Py_ssize_t at, count = len(blocks)
    cdef str text
    for at in range(count):
        line = <object>PyTuple_GET_ITEM(blocks, at)
        text = <str>PyTuple_GET_ITEM(line, 4)
        # Most lines open with a character that is not a space: only the others are read whole.
        if len(text) and (not text[0].isspace() or not text.isspace()):
            found.append(line)
    return tuple(found)
