# Instances of a tuple subclass (the NamedTuples of cleaner.readers.dom: Element, _Run,
# HtmlBlock) made in place, item by item, as segment.pyx makes its line blocks.
# `tuple.__new__(cls, (a, b, ...))` builds the items' tuple, a tuple of the arguments
# around it, and only then the instance, copying the items: two tuples made and freed
# for each of a page's thousands of elements, runs and blocks.

from cpython.object cimport PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.tuple cimport PyTuple_SET_ITEM


cdef extern from "Python.h":
    object PyType_GenericAlloc(PyTypeObject *kind, Py_ssize_t items)


cdef inline tuple new_named(type named, Py_ssize_t size):
    # An instance with `size` empty items, as tuple.__new__ allocates one of a subclass;
    # each item is to be set once with `put` before the instance is read.
    return <tuple> PyType_GenericAlloc(<PyTypeObject *> named, size)


cdef inline void put(tuple instance, Py_ssize_t at, object item):
    Py_INCREF(item)  # the instance's own reference, which PyTuple_SET_ITEM takes
    PyTuple_SET_ITEM(instance, at, item)
