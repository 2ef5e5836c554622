# cython: boundscheck=False, wraparound=False
"""BC01's per-page work in C: the features of a page's paragraphs in one call.

Its twin is `cleaner.rules.blocks.features_py`, which reads each paragraph with
`unwrap_links_py`, the URL pattern, `word_counts_py`, `ends_sentence` and the clause
punctuation pattern; tests compare the two. Each text is scanned once for its words,
with the URL pattern's matches (`https?://\\S+|www\\.\\S+`) skipped as the spaces the
twin puts in their place, instead of one Python call and one `Features` built by
`__init__` per paragraph.
"""

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISALPHA, Py_UNICODE_ISDIGIT, Py_UNICODE_ISSPACE, Py_UNICODE_ISUPPER

from cleaner._speedups.lines import unwrap_links


cdef inline bint _word_char(Py_UCS4 c):
    # What `re` calls `\w` in a str pattern.
    return Py_UNICODE_ISALNUM(c) or c == u'_'


cdef inline bint _clause_mark(Py_UCS4 c):
    # The class of `cleaner.rules.blocks._CLAUSE_PUNCTUATION`.
    return c in u',:;.!?()"“”«»'


cdef Py_ssize_t _url_end(str text, Py_ssize_t at, Py_ssize_t length):
    """Where the URL pattern's match that starts at `at` ends, or -1 when none starts there.

    `https?://\\S+|www\\.\\S+`: after "https://", "http://" or "www." at least one
    character that is not a space (`Py_UNICODE_ISSPACE` is what `re`'s `\\s` is in a
    str pattern), then every one up to the next space; "https:/" + space fails both
    ways, as `s?` gives back its `s` only for "http" + "s://", which cannot match.
    """
    cdef Py_ssize_t body
    cdef Py_UCS4 c = text[at]
    if c == u'h':
        if at + 4 >= length or text[at + 1] != u't' or text[at + 2] != u't' or text[at + 3] != u'p':
            return -1
        body = at + 4
        if text[body] == u's':
            body += 1
        if body + 3 >= length or text[body] != u':' or text[body + 1] != u'/' or text[body + 2] != u'/':
            return -1
        body += 3
    elif c == u'w':
        if at + 4 >= length or text[at + 1] != u'w' or text[at + 2] != u'w' or text[at + 3] != u'.':
            return -1
        body = at + 4
    else:
        return -1
    if Py_UNICODE_ISSPACE(text[body]):
        return -1
    while body < length and not Py_UNICODE_ISSPACE(text[body]):
        body += 1
    return body


cdef inline bint _may_hold_url(str text):
    return u"://" in text or u"www." in text


cdef Py_ssize_t _url_chars(str text):
    """The characters of the URL pattern's matches in `text`, found left to right as `finditer` does."""
    cdef Py_ssize_t length = len(text), at = 0, end, total = 0
    cdef Py_UCS4 c
    while at < length:
        c = text[at]
        if c == u'h' or c == u'w':
            end = _url_end(text, at, length)
            if end >= 0:
                total += end - at
                at = end
                continue
        at += 1
    return total


cdef bint _ends_sentence(str text):
    # `cleaner.text.ends_sentence`: strip spaces, then closing quotes and brackets, then read the last character.
    cdef Py_ssize_t end = len(text)
    cdef Py_UCS4 c
    while end > 0 and Py_UNICODE_ISSPACE(text[end - 1]):
        end -= 1
    while end > 0:
        c = text[end - 1]
        if c in u"\"'”’»)":
            end -= 1
        else:
            break
    if end == 0:
        return False
    c = text[end - 1]
    return c in u".!?…"


cdef object _one(str text, frozenset stopwords, bint any_stopwords, object kind):
    cdef Py_ssize_t linked = 0, length, i = 0, start, end
    cdef Py_ssize_t words = 0, letters = 0, stop = 0, alphabetic = 0, capitalised = 0, numbers = 0
    cdef Py_UCS4 c
    cdef bint all_letters, digit, urls, punctuated = False
    cdef str visible = text
    if u"](" in text:
        visible, linked = unwrap_links(text)
    if _may_hold_url(text):
        linked += _url_chars(text)
    length = len(visible)
    urls = _may_hold_url(visible)
    while i < length:
        c = visible[i]
        if urls and (c == u'h' or c == u'w'):
            end = _url_end(visible, i, length)
            if end >= 0:
                # The twin replaced the match with a space: a word before it ends here.
                i = end
                continue
        if not _word_char(c):
            if not punctuated and _clause_mark(c):
                punctuated = True
            i += 1
            continue
        start = i
        if Py_UNICODE_ISALPHA(c):
            alphabetic += 1
            if Py_UNICODE_ISUPPER(c):
                capitalised += 1
        all_letters, digit = True, False
        while i < length:
            c = visible[i]
            if not _word_char(c):
                break
            if urls and (c == u'h' or c == u'w') and _url_end(visible, i, length) >= 0:
                break
            if not Py_UNICODE_ISALPHA(c):
                all_letters = False
                if Py_UNICODE_ISDIGIT(c):
                    digit = True
            i += 1
        words += 1
        letters += i - start
        if digit and not all_letters:
            numbers += 1
        if any_stopwords and visible[start:i].lower() in stopwords:
            stop += 1
    if urls and not punctuated:
        # Clause punctuation is read on the visible text with its URLs, which the scan skipped.
        for i in range(length):
            if _clause_mark(visible[i]):
                punctuated = True
                break
    return tuple.__new__(
        kind,
        (
            letters + words - 1 if words else 0,
            words,
            stop / words if words else 0.0,
            min(1.0, linked / (length or 1)),
            _ends_sentence(visible),
            capitalised / (alphabetic or 1),
            numbers / (words or 1),
            punctuated,
        ),
    )


def features(list texts, frozenset stopwords, kind):
    """The features (of type `kind`, a named tuple of `Features`' fields) of each of `texts`,
    stop words looked up lower-cased in `stopwords`."""
    cdef bint any_stopwords = len(stopwords) > 0
    return [_one(text, stopwords, any_stopwords, kind) for text in texts]
