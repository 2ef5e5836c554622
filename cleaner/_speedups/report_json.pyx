# cython: boundscheck=False, wraparound=False
"""A report line written in C, as the UTF-8 bytes the journal appends (`cleaner.report.model`):
the twin is `cleaner.report.model._line_py`, which writes each removal from cached pieces
in Python and encodes the line; a test compares the two.

The removals are written into one growing buffer, never as a list of small strings joined
and then encoded. A string (a reason, the removed text, a CSS path) is copied as it is
when nothing in it is escaped, else in runs cut at its escapes (most removed texts end
in a line break); one with a character that only the report's terminal-safety escaping
handles (`escape_json_controls`) is written by the twin's encoder."""

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from libc.stdint cimport uint64_t
from libc.string cimport memcpy


cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object text)
    void* PyUnicode_DATA(object text)
    bint PyLong_CheckExact(object value)
    long long PyLong_AsLongLongAndOverflow(object value, int* overflow) except? -1
    bytes PyUnicode_AsUTF8String(object text)


cdef struct Buffer:
    char* data
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _reserve(Buffer* buffer, Py_ssize_t more) except -1:
    cdef Py_ssize_t capacity
    cdef char* data
    if buffer.size + more <= buffer.capacity:
        return 0
    capacity = max(2 * buffer.capacity, buffer.size + more)
    data = <char*>PyMem_Realloc(buffer.data, capacity)
    if data == NULL:
        raise MemoryError()
    buffer.data, buffer.capacity = data, capacity
    return 0


cdef inline int _put(Buffer* buffer, const char* data, Py_ssize_t size) except -1:
    if buffer.size + size > buffer.capacity:
        _reserve(buffer, size)
    memcpy(buffer.data + buffer.size, data, size)
    buffer.size += size
    return 0


cdef inline int _put_bytes(Buffer* buffer, bytes data) except -1:
    return _put(buffer, PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data))


cdef int _put_number(Buffer* buffer, value) except -1:
    """`value` as `repr` writes it (json.dumps writes an int so)."""
    cdef int overflow = 0
    cdef long long number
    cdef unsigned long long rest
    cdef char digits[24]
    cdef int at = 24
    if PyLong_CheckExact(value):
        number = PyLong_AsLongLongAndOverflow(value, &overflow)
        if not overflow:
            rest = <unsigned long long>(-(number + 1)) + 1 if number < 0 else <unsigned long long>number
            while True:
                at -= 1
                digits[at] = <char>(48 + rest % 10)
                rest //= 10
                if rest == 0:
                    break
            if number < 0:
                at -= 1
                digits[at] = b"-"
            return _put(buffer, digits + at, 24 - at)
    return _put_bytes(buffer, repr(value).encode("utf-8"))


cdef char* _HEX = b"0123456789abcdef"


cdef int _put_escape(Buffer* buffer, unsigned char c) except -1:
    """How json.dumps writes a character it escapes (ensure_ascii=False): by its name, or as
    a lowercase "\\\\u00XX"."""
    cdef char escape[6]
    escape[0] = b"\\"
    if c == 0x22 or c == 0x5c:
        escape[1] = c
    elif c == 0x08:
        escape[1] = b"b"
    elif c == 0x0c:
        escape[1] = b"f"
    elif c == 0x0a:
        escape[1] = b"n"
    elif c == 0x0d:
        escape[1] = b"r"
    elif c == 0x09:
        escape[1] = b"t"
    else:
        escape[1], escape[2], escape[3], escape[4], escape[5] = b"u", b"0", b"0", _HEX[c >> 4], _HEX[c & 15]
        return _put(buffer, escape, 6)
    return _put(buffer, escape, 2)


cdef inline bint _unsafe(Py_UCS4 c) noexcept:
    # The characters `_UNSAFE_IN_JSON` escapes (all from DEL up): DEL and C1 controls, line
    # and paragraph separators, bidi marks and overrides, lone surrogates.
    if c <= 0x9f or c == 0x2028 or c == 0x2029 or c == 0x200e or c == 0x200f:
        return True
    return 0x202a <= c <= 0x202e or 0x2066 <= c <= 0x2069 or 0xd800 <= c <= 0xdfff


cdef uint64_t _ONES = 0x0101010101010101ULL
cdef uint64_t _HIGHS = 0x8080808080808080ULL


cdef inline bint _attention(uint64_t word) noexcept:
    """Whether any byte of `word` may be a control, a quote, a backslash or DEL (a test
    that never misses one, and may raise a false alarm, which the byte loop clears)."""
    cdef uint64_t quote = word ^ (0x22 * _ONES), backslash = word ^ (0x5c * _ONES), delete = word ^ (0x7f * _ONES)
    return (
        ((word - 0x20 * _ONES) & ~word)
        | ((quote - _ONES) & ~quote)
        | ((backslash - _ONES) & ~backslash)
        | ((delete - _ONES) & ~delete)
    ) & _HIGHS != 0


cdef int _put_escaped(Buffer* buffer, const unsigned char* data, Py_ssize_t size) except -1:
    """UTF-8 `data` with JSON's escapes: those of the ASCII controls, the quote and the
    backslash, which are never part of a longer UTF-8 sequence. Returns 1, having written
    nothing, at a DEL, which only the report's own escaping handles."""
    cdef Py_ssize_t at = 0, last = 0, stop, had = buffer.size
    cdef unsigned char c
    cdef uint64_t word
    while at < size:
        # Eight bytes at a time while none of them is one to look at, then byte by byte.
        while at + 8 <= size:
            memcpy(&word, data + at, 8)
            if _attention(word):
                break
            at += 8
        stop = min(at + 8, size)
        while at < stop:
            c = data[at]
            at += 1
            if c >= 0x20 and c != 0x22 and c != 0x5c:
                if c == 0x7f:
                    buffer.size = had
                    return 1
                continue
            if at - 1 > last:
                _put(buffer, <const char*>data + last, at - 1 - last)
            _put_escape(buffer, c)
            last = at
    if size > last:
        _put(buffer, <const char*>data + last, size - last)
    return 0


cdef int _put_string(Buffer* buffer, str text, written) except -1:
    """`text` as a report line writes it, without its quotes. A string with a character that
    only the report's own escaping handles is written by `written(text)`."""
    cdef Py_ssize_t at, length = len(text)
    cdef Py_UCS4 c
    if PyUnicode_IS_ASCII(text):
        # Nine strings in ten: read as the bytes they are stored in.
        if _put_escaped(buffer, <const unsigned char*>PyUnicode_DATA(text), length):
            return _put_bytes(buffer, written(text))
        return 0
    for at in range(length):
        c = text[at]
        if c >= 0x7f and _unsafe(c):
            return _put_bytes(buffer, written(text))
    encoded = PyUnicode_AsUTF8String(text)
    return _put_escaped(buffer, <const unsigned char*>PyBytes_AS_STRING(encoded), PyBytes_GET_SIZE(encoded))


cdef inline int _put_literal(Buffer* buffer, bytes literal) except -1:
    return _put(buffer, PyBytes_AS_STRING(literal), PyBytes_GET_SIZE(literal))


def report_line(bytes head, removals, bytes tail, dict rules, rule_line, written):
    """`head`, the removals' members as `_removal_json` writes each, joined by ", ", then
    `tail`: a report line in UTF-8. `rules`: the "rule" and "name" members by (code, name),
    in UTF-8, filled by `rule_line(code, name)` when missing; `written(text)`: a string as
    JSON writes it, without its quotes, in UTF-8."""
    cdef Buffer buffer
    cdef bint first = True
    cdef tuple removal
    buffer.size = 0
    buffer.capacity = PyBytes_GET_SIZE(head) + PyBytes_GET_SIZE(tail) + 256 * len(removals) + 64
    buffer.data = <char*>PyMem_Malloc(buffer.capacity)
    if buffer.data == NULL:
        raise MemoryError()
    try:
        _put_bytes(&buffer, head)
        for item in removals:
            if not isinstance(item, tuple):
                raise TypeError(f"a removal is a Removal, not {type(item).__name__}")
            removal = <tuple>item
            # Removal's fields: start, end, text, code, name, reason, line, column, element,
            # source_line, source_column.
            code, name = removal[3], removal[4]
            rule = rules.get((code, name))
            if rule is None:
                rule = rule_line(code, name)
            _put_literal(&buffer, b'{"start": ' if first else b', {"start": ')
            first = False
            _put_number(&buffer, removal[0])
            _put_literal(&buffer, b', "end": ')
            _put_number(&buffer, removal[1])
            _put_literal(&buffer, b', "line": ')
            _put_number(&buffer, removal[6])
            _put_literal(&buffer, b', "column": ')
            _put_number(&buffer, removal[7])
            _put_literal(&buffer, b", ")
            _put_bytes(&buffer, rule)
            _put_literal(&buffer, b', "reason": "')
            _put_string(&buffer, removal[5], written)
            _put_literal(&buffer, b'", "text": "')
            _put_string(&buffer, removal[2], written)
            element = removal[8]
            if element:
                _put_literal(&buffer, b'", "element": "')
                _put_string(&buffer, element, written)
            source_line = removal[9]
            if source_line:
                _put_literal(&buffer, b'", "source_line": ')
                _put_number(&buffer, source_line)
                _put_literal(&buffer, b', "source_column": ')
                _put_number(&buffer, removal[10])
                _put_literal(&buffer, b"}")
            else:
                _put_literal(&buffer, b'"}')
        _put_bytes(&buffer, tail)
        return PyBytes_FromStringAndSize(buffer.data, buffer.size)
    finally:
        PyMem_Free(buffer.data)
