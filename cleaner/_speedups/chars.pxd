# Character classes shared by the kernels that read words (words.pyx, blocks.pyx), each
# as `re` and str methods answer it. ASCII is answered here: the Py_UNICODE_IS* macros
# ask up to four Unicode tables, a function call each.

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISALPHA, Py_UNICODE_ISDIGIT, Py_UNICODE_ISUPPER


cdef inline bint _word_char(Py_UCS4 c) noexcept:
    # What `re` calls `\w` in a str pattern: alphanumeric or the underscore.
    if c < 128:
        return (u'a' <= c <= u'z') or (u'A' <= c <= u'Z') or (u'0' <= c <= u'9') or c == u'_'
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _alpha(Py_UCS4 c) noexcept:
    if c < 128:
        return (u'a' <= c <= u'z') or (u'A' <= c <= u'Z')
    return Py_UNICODE_ISALPHA(c)


cdef inline bint _upper(Py_UCS4 c) noexcept:
    if c < 128:
        return u'A' <= c <= u'Z'
    return Py_UNICODE_ISUPPER(c)


cdef inline bint _digit(Py_UCS4 c) noexcept:
    if c < 128:
        return u'0' <= c <= u'9'
    return Py_UNICODE_ISDIGIT(c)
