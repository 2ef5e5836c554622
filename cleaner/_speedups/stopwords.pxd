cdef class AsciiWords:
    cdef Py_ssize_t size, count, max_length
    cdef Py_ssize_t* slots
    cdef Py_ssize_t* starts
    cdef Py_ssize_t* lengths
    cdef char* chars
    cdef list values
    cdef object container
    cdef Py_ssize_t find(self, str text, Py_ssize_t start, Py_ssize_t end)
    cdef Py_ssize_t find_in(self, int kind, void* data, Py_ssize_t start, Py_ssize_t end)


cdef AsciiWords table_of(object container)


cdef class LanguageMasks:
    cdef dict masks
    cdef AsciiWords table
    cdef unsigned long long* values
    cdef unsigned long long mask(self, str text, int kind, void* data, Py_ssize_t start, Py_ssize_t end, bint ascii)


cdef LanguageMasks masks_of(dict masks)
