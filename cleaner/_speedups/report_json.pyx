# cython: boundscheck=False, wraparound=False
"""A report line's removals written in C (`cleaner.report.model`): the twin is
`cleaner.report.model._removals_json_py`, which writes each removal from cached pieces in
Python; a test compares the two.

A string (a reason, the removed text, a CSS path) is written as it is when nothing in it
is escaped, else in pieces cut at its escapes (most removed texts end in a line break),
after a scan of its characters; one with a character that only the report's
terminal-safety escaping handles (`escape_json_controls`) goes through the twin's encoder."""


_ESCAPES = {u'"': '\\"', u'\\': '\\\\', u'\b': '\\b', u'\f': '\\f', u'\n': '\\n', u'\r': '\\r', u'\t': '\\t'}
_HEX = "0123456789abcdef"


cdef inline bint _unsafe(Py_UCS4 c) noexcept:
    # The characters `_UNSAFE_IN_JSON` escapes (all from DEL up): DEL and C1 controls, line
    # and paragraph separators, bidi marks and overrides, lone surrogates.
    if c <= 0x9f or c == 0x2028 or c == 0x2029 or c == 0x200e or c == 0x200f:
        return True
    return 0x202a <= c <= 0x202e or 0x2066 <= c <= 0x2069 or 0xd800 <= c <= 0xdfff


cdef str _escape(Py_UCS4 c):
    """How json.dumps writes a character it escapes (ensure_ascii=False): by its name, or
    as a lowercase "\\\\u00XX"."""
    named = _ESCAPES.get(c)
    if named is not None:
        return named
    cdef unsigned int code = c
    return "\\u00" + _HEX[code >> 4] + _HEX[code & 15]


cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object text)
    void* PyUnicode_DATA(object text)


cdef int _append_string(list pieces, str text, written) except -1:
    """`text` as a report line writes it, without its quotes, appended to `pieces`: as it is
    when nothing in it is escaped, else cut at each escape json.dumps makes. A string with
    a character that only the report's own escaping handles goes to `written` whole."""
    cdef Py_ssize_t at, last = 0, length = len(text), had = len(pieces)
    cdef const unsigned char* ascii
    cdef Py_UCS4 c
    if PyUnicode_IS_ASCII(text):
        # Nine strings in ten: read as the bytes they are stored in.
        ascii = <const unsigned char*>PyUnicode_DATA(text)
        for at in range(length):
            c = ascii[at]
            if c >= 0x20 and c != 0x22 and c != 0x5c:
                if c == 0x7f:
                    del pieces[had:]
                    pieces.append(written(text))
                    return 0
                continue
            if at > last:
                pieces.append(text[last:at])
            pieces.append(_escape(c))
            last = at + 1
    else:
        for at in range(length):
            c = text[at]
            if c >= 0x7f:
                if _unsafe(c):
                    del pieces[had:]
                    pieces.append(written(text))
                    return 0
                continue
            if c >= 0x20 and c != u'"' and c != u'\\':
                continue
            if at > last:
                pieces.append(text[last:at])
            pieces.append(_escape(c))
            last = at + 1
    if last == 0:
        pieces.append(text)
    elif last < length:
        pieces.append(text[last:])
    return 0


def removals_json(removals, dict rules, rule_json, written):
    """The removals' members of a report line, each as `_removal_json` writes it, joined by
    ", ". `rules`: the "rule" and "name" members by (code, name), filled by `rule_json(code,
    name)` when missing; `written(text)`: a string as JSON writes it, without its quotes."""
    cdef list pieces = []
    cdef bint first = True
    cdef tuple removal
    for item in removals:
        if not isinstance(item, tuple):
            raise TypeError(f"a removal is a Removal, not {type(item).__name__}")
        removal = <tuple>item
        # Removal's fields: start, end, text, code, name, reason, line, column, element,
        # source_line, source_column.
        code, name = removal[3], removal[4]
        rule = rules.get((code, name))
        if rule is None:
            rule = rule_json(code, name)
        pieces.append('{"start": ' if first else ', {"start": ')
        first = False
        pieces.append(str(removal[0]))
        pieces.append(', "end": ')
        pieces.append(str(removal[1]))
        pieces.append(', "line": ')
        pieces.append(str(removal[6]))
        pieces.append(', "column": ')
        pieces.append(str(removal[7]))
        pieces.append(", ")
        pieces.append(rule)
        pieces.append(', "reason": "')
        _append_string(pieces, removal[5], written)
        pieces.append('", "text": "')
        _append_string(pieces, removal[2], written)
        element = removal[8]
        if element:
            pieces.append('", "element": "')
            _append_string(pieces, element, written)
        source_line = removal[9]
        if source_line:
            pieces.append('", "source_line": ')
            pieces.append(str(source_line))
            pieces.append(', "source_column": ')
            pieces.append(str(removal[10]))
            pieces.append("}")
        else:
            pieces.append('"}')
    return "".join(pieces)
