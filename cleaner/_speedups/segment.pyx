# cython: boundscheck=False, wraparound=False
"""Line blocks made in C: `cleaner.engine.segment` cutting a text without CR into lines, and
moving the lines a pass left untouched.

Their twins are `cleaner.engine.segment.cut_py` and `moved_py`, the same loops in Python;
tests compare each pair. Both build each block straight into a new instance of the
block type (a named tuple, laid out as a tuple), without the tuple of fields that
`tuple.__new__` copies from, and read the old blocks' offsets as C integers.
"""

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
