cdef class AsciiWords:
    cdef Py_ssize_t size, count, max_length
    cdef Py_ssize_t* slots
    cdef Py_ssize_t* starts
    cdef Py_ssize_t* lengths
    cdef char* chars
    cdef list values
    cdef object container
    cdef Py_ssize_t find(self, str text, Py_ssize_t start, Py_ssize_t end)


cdef AsciiWords table_of(object container)
