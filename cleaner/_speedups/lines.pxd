cdef bint continues_and_few(str line, Py_ssize_t start, Py_ssize_t end, Py_ssize_t max_words, bint* few) noexcept
