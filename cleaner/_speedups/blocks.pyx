# cython: boundscheck=False, wraparound=False
"""BC01's per-page work in C: from its paragraphs' texts to the reasons of those it removes.

`page_language` scans each paragraph once (`TextScan`, kept per text across a page's
calls): its words' hits in every stop list at once, for the page's language (twin:
`cleaner.rules.blocks._language`) and for the features in that language (twin:
`features_py`, which reads each paragraph with `unwrap_links_py`, the URL pattern,
`word_counts_py`, `ends_sentence` and the clause punctuation pattern; the scan skips the
URL pattern's matches `https?://\\S+|www\\.\\S+` as the spaces the twin puts in their
place). `page_removed` fills the features into C structs, classifies them (`_judge`, twin
`judged_py`, which composes `prose_density`, `classify`, `revise`, `main_region`,
`menu_runs` and `_conservative_keeps`: the same steps over the structs, with the same
double arithmetic in the same order) and writes the reasons of the removed ones
(`_Reasons`, twin `reasons_py`). `features`, `judged` and `reasons` give each step alone,
over the same code, for the tests that compare it with its twin.
"""

cimport cython
from cpython.array cimport array

from cleaner._speedups.chars cimport _alpha, _digit, _upper, _word_char
from cleaner._speedups.stopwords cimport LanguageMasks, masks_of
from cpython.unicode cimport Py_UNICODE_ISSPACE, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ

from cleaner._speedups.lines import unwrap_links


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


from libc.string cimport memcpy, memset


cdef extern from *:
    int __builtin_ctzll(unsigned long long) nogil


cdef enum:
    MAX_LANGUAGES = 64  # a bit each in a `LanguageMasks` mask


cdef struct Counts:
    # What `_one` counts of a paragraph's words, and whether clause punctuation lies between them.
    Py_ssize_t words, letters, alphabetic, capitalised, numbers
    bint punctuated


cdef Py_ssize_t _words(str text, bint urls, LanguageMasks masks, Py_ssize_t limit, unsigned int* tally, Counts* counts):
    """The words of `text` (`\\w+` runs; with `urls`, the URL pattern's matches read as
    spaces, as `_one` reads them), each of the first `limit` tallied in `tally`, one count
    for each stop list its mask names; `counts`, unless NULL, gets what `_one` counts."""
    cdef Py_ssize_t length = len(text), i = 0, start, end, words = 0
    cdef Py_UCS4 c
    cdef bint all_letters, digit, ascii
    cdef unsigned long long mask
    # The kind and data read once: `text[i]` asks the str for both at every character.
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    while i < length:
        c = PyUnicode_READ(kind, data, i)
        if urls and (c == u'h' or c == u'w'):
            end = _url_end(text, i, length)
            if end >= 0:
                i = end
                continue
        if not _word_char(c):
            if counts is not NULL and not counts.punctuated and _clause_mark(c):
                counts.punctuated = True
            i += 1
            continue
        start = i
        if counts is not NULL and _alpha(c):
            counts.alphabetic += 1
            if _upper(c):
                counts.capitalised += 1
        all_letters, digit, ascii = True, False, True
        while i < length:
            c = PyUnicode_READ(kind, data, i)
            if not _word_char(c):
                break
            if urls and (c == u'h' or c == u'w') and _url_end(text, i, length) >= 0:
                break
            if c >= 128:
                ascii = False
            if not _alpha(c):
                all_letters = False
                if _digit(c):
                    digit = True
            i += 1
        if counts is not NULL:
            counts.letters += i - start
            if digit and not all_letters:
                counts.numbers += 1
        if words < limit:
            mask = masks.mask(text, kind, data, start, i, ascii)
            while mask:
                tally[__builtin_ctzll(mask)] += 1
                mask &= mask - 1
        words += 1
    if counts is not NULL:
        counts.words = words
    return words


cdef enum:
    LINKS = 1  # "](" somewhere: a markdown link may end there
    URLS = 2  # "://" or "www." somewhere


cdef int _marks(str text):
    """`LINKS` and `URLS` as `text` holds them, in one pass over its characters: three
    `in` tests cost more, each converting its needle to the kind of a text that is not ASCII."""
    cdef int kind = PyUnicode_KIND(text), found = 0
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t length = len(text), i
    cdef Py_UCS4 c
    for i in range(length):
        c = PyUnicode_READ(kind, data, i)
        if c == u']':
            if i + 1 < length and PyUnicode_READ(kind, data, i + 1) == u'(':
                found |= LINKS
        elif c == u':':
            if i + 2 < length and PyUnicode_READ(kind, data, i + 1) == u'/' and PyUnicode_READ(kind, data, i + 2) == u'/':
                found |= URLS
        elif c == u'w':
            if (
                i + 3 < length
                and PyUnicode_READ(kind, data, i + 1) == u'w'
                and PyUnicode_READ(kind, data, i + 2) == u'w'
                and PyUnicode_READ(kind, data, i + 3) == u'.'
            ):
                found |= URLS
    return found


@cython.no_gc
cdef class TextScan:
    """What BC01 reads of one paragraph's text, in every language at once: the stop words of
    each list among its raw words (what detecting the page's language sums) and among its
    visible ones (a feature), and the rest of its features."""

    cdef Py_ssize_t raw_words, linked, length
    """(`raw_words` is -1 until the raw words are read, which only detection needs.)"""
    cdef Counts counts
    cdef bint sentence_end
    cdef unsigned int raw[MAX_LANGUAGES]
    cdef unsigned int visible[MAX_LANGUAGES]
    cdef int language
    """The language `features` were made for (-2: none yet)."""
    cdef object features


cdef TextScan _scanned(str text, LanguageMasks masks):
    cdef TextScan scan = TextScan.__new__(TextScan)
    cdef str visible = text
    cdef Py_ssize_t linked = 0, i
    cdef bint urls
    cdef int marks = _marks(text)
    cdef bint links = marks & LINKS
    scan.language = -2
    urls = marks & URLS
    if links:
        visible, linked = unwrap_links(text)
    if urls:
        linked += _url_chars(text)
    if links:
        # (Unwrapping links can join a URL's pieces, so the visible text is asked afresh.)
        urls = _marks(visible) & URLS
    scan.linked, scan.length = linked, len(visible)
    _words(visible, urls, masks, scan.length + 1, scan.visible, &scan.counts)
    if urls and not scan.counts.punctuated:
        # Clause punctuation is read on the visible text with its URLs, which the scan skipped.
        for i in range(scan.length):
            if _clause_mark(visible[i]):
                scan.counts.punctuated = True
                break
    scan.sentence_end = _ends_sentence(visible)
    if visible is text and not urls:
        # Most paragraphs: no link, no URL, and the visible words are the raw ones.
        scan.raw_words = scan.counts.words
        memcpy(scan.raw, scan.visible, sizeof(scan.raw))
    else:
        # Read when detection reaches the paragraph: on long pages of links it stops before many.
        scan.raw_words = -1
    return scan


cdef int _read_raw(TextScan scan, str text, LanguageMasks masks) except -1:
    if scan.raw_words < 0:
        scan.raw_words = _words(text, False, masks, len(text) + 1, scan.raw, NULL)
    return 0


def page_language(texts, dict scans, dict masks, Py_ssize_t languages, Py_ssize_t sample, double min_coverage):
    """(the number of the page's language among the `languages` stop lists that `masks`
    numbers, -1 when none is clear, as `cleaner.rules.blocks._language` finds it; the
    `TextScan` of each of `texts`, looked up in `scans`, else made and kept there)."""
    cdef LanguageMasks table = masks_of(masks)
    cdef list found = []
    cdef TextScan scan
    cdef unsigned int totals[MAX_LANGUAGES]
    cdef unsigned int partial[MAX_LANGUAGES]
    cdef Py_ssize_t read = 0, left, words, number, index
    cdef int best = -1
    cdef double share = 0.0, candidate
    if languages > MAX_LANGUAGES:
        raise ValueError("more stop lists than a mask has bits")
    memset(totals, 0, sizeof(totals))
    for text in texts:
        scan = scans.get(text)
        if scan is None:
            scan = _scanned(text, table)
            scans[text] = scan
        found.append(scan)
    # `page_coverage`: the texts in order up to the one the `sample`-th word falls in, whose words all count as read.
    for index in range(len(found)):
        if read >= sample:
            break
        scan = found[index]
        _read_raw(scan, texts[index], table)
        left = sample - read
        if scan.raw_words <= left:
            for number in range(languages):
                totals[number] += scan.raw[number]
        else:
            memset(partial, 0, sizeof(partial))
            _words(texts[index], False, table, left, partial, NULL)
            for number in range(languages):
                totals[number] += partial[number]
        read += scan.raw_words
    # `language_of`: the first list with the largest share, if it reaches `min_coverage`.
    words = min(read, sample)
    if words > 0:
        for number in range(languages):
            candidate = <double>totals[number] / <double>words
            if candidate > share:
                best, share = number, candidate
        if share < min_coverage:
            best = -1
    return best, found


def page_features(texts, dict scans, dict masks, Py_ssize_t languages, Py_ssize_t sample, double min_coverage, kind):
    """(the number of the page's language, as `page_language` gives it; the features, of
    type `kind`, of `texts` in it): what `cleaner.rules.blocks._language` and
    `_page_features` give, reading each text once for both."""
    cdef TextScan scan
    cdef Paragraph p
    best, found = page_language(texts, scans, masks, languages, sample, min_coverage)
    features = []
    for scan in found:
        if scan.language != best:
            _fill(&p, scan, best)
            scan.features, scan.language = _features_of(&p, kind), best
        features.append(scan.features)
    return best, features


from libc.stdlib cimport free, malloc, qsort


# The classes, as `cleaner.rules.blocks.BlockClass` lists them in `judged`'s `classes`.
cdef enum:
    GOOD = 0
    NEARGOOD = 1
    SHORT = 2
    BAD = 3


cdef struct Paragraph:
    Py_ssize_t chars, words
    double stopword_density, link_density, title_share, number_share
    bint sentence_end, punctuated
    int context_free, revised
    double weight
    bint removed


cdef struct Thresholds:
    # `cleaner.rules.blocks.thresholds()`, in its order.
    double length_low, length_high, stopwords_low, stopwords_high, max_link_density, prose_min_words
    double short_penalty, neargood_share, conservative_margin, conservative_confidence, conservative_min_chars
    double grow_share
    Py_ssize_t grow_window
    double menu_max_words, menu_title_share
    Py_ssize_t menu_run, menu_margin


cdef void _fill(Paragraph* p, TextScan scan, int language):
    # `_one`'s features, the stop words those of the list numbered `language` (none for -1).
    cdef Py_ssize_t words = scan.counts.words, stop = scan.visible[language] if language >= 0 else 0
    p.chars = scan.counts.letters + words - 1 if words else 0
    p.words = words
    p.stopword_density = stop / words if words else 0.0
    p.link_density = min(1.0, scan.linked / (scan.length or 1))
    p.sentence_end = scan.sentence_end
    p.title_share = scan.counts.capitalised / (scan.counts.alphabetic or 1)
    p.number_share = scan.counts.numbers / (words or 1)
    p.punctuated = scan.counts.punctuated


cdef object _features_of(Paragraph* p, object kind):
    return tuple.__new__(
        kind, (p.chars, p.words, p.stopword_density, p.link_density, p.sentence_end, p.title_share, p.number_share, p.punctuated)
    )


cdef void _read_features(Paragraph* p, f):
    p.chars, p.words, p.stopword_density, p.link_density = f[0], f[1], f[2], f[3]
    p.sentence_end, p.title_share, p.number_share, p.punctuated = f[4], f[5], f[6], f[7]


cdef void _read_thresholds(Thresholds* t, tuple thresholds):
    (
        t.length_low, t.length_high, t.stopwords_low, t.stopwords_high, t.max_link_density, t.prose_min_words,
        t.short_penalty, t.neargood_share, t.conservative_margin, t.conservative_confidence, t.conservative_min_chars,
        t.grow_share, t.grow_window, t.menu_max_words, t.menu_title_share, t.menu_run, t.menu_margin,
    ) = thresholds


cdef int _compare(const void* a, const void* b) noexcept nogil:
    cdef double x = (<double*>a)[0], y = (<double*>b)[0]
    return (x > y) - (x < y)


cdef double _prose_density(Paragraph* page, Py_ssize_t count, double prose_min_words):
    # `prose_density`: the median over long paragraphs, else the largest over those of five words or more.
    cdef double* long = <double*>malloc((count + 1) * sizeof(double))
    cdef Py_ssize_t n = 0, i
    cdef double found = 0.0
    if long is NULL:
        raise MemoryError()
    try:
        for i in range(count):
            if page[i].words >= prose_min_words:
                long[n] = page[i].stopword_density
                n += 1
        if n >= 2:
            qsort(long, n, sizeof(double), _compare)
            if n % 2 == 1:
                return long[n // 2]
            return (long[n // 2 - 1] + long[n // 2]) / 2
        for i in range(count):
            if page[i].words >= 5 and page[i].stopword_density > found:
                found = page[i].stopword_density
        return found
    finally:
        free(long)


cdef int _classify(Paragraph* p, double prose, Thresholds* t):
    # `classify`.
    cdef double ratio
    if p.link_density > t.max_link_density:
        return BAD
    if p.chars < t.length_low:
        return SHORT
    if prose <= 0:
        return NEARGOOD if p.sentence_end else BAD
    ratio = p.stopword_density / prose
    if ratio >= t.stopwords_high and p.chars >= t.length_high:
        return GOOD
    if ratio >= t.stopwords_low:
        return NEARGOOD
    return BAD


cdef void _revise(Paragraph* page, Py_ssize_t count, int* before_short, int* after_short, int* before_either, int* after_either):
    # `revise`: the nearest class not short (and not short or near-good) on each side, then
    # the short paragraphs settled from the classes before revision, then the near-good
    # ones from the classes after it.
    cdef Py_ssize_t i
    cdef int seen_short, seen_either, c, before, after, open_before, open_after
    seen_short = seen_either = BAD
    for i in range(count):
        before_short[i], before_either[i] = seen_short, seen_either
        c = page[i].context_free
        if c != SHORT:
            seen_short = c
            if c != NEARGOOD:
                seen_either = c
    seen_short = seen_either = BAD
    for i in range(count - 1, -1, -1):
        after_short[i], after_either[i] = seen_short, seen_either
        c = page[i].context_free
        if c != SHORT:
            seen_short = c
            if c != NEARGOOD:
                seen_either = c
    for i in range(count):
        c = page[i].context_free
        page[i].revised = c
        if c != SHORT:
            continue
        before, after = before_either[i], after_either[i]
        open_before, open_after = before_short[i], after_short[i]
        if before == after:
            page[i].revised = before
        elif (before == BAD and open_before == NEARGOOD) or (after == BAD and open_after == NEARGOOD):
            page[i].revised = GOOD
        else:
            page[i].revised = BAD
    # The near-good ones read the revised classes around them, skipping short and near-good.
    seen_either = BAD
    for i in range(count):
        before_either[i] = seen_either
        c = page[i].revised
        if c != SHORT and c != NEARGOOD:
            seen_either = c
    seen_either = BAD
    for i in range(count - 1, -1, -1):
        after_either[i] = seen_either
        c = page[i].revised
        if c != SHORT and c != NEARGOOD:
            seen_either = c
    for i in range(count):
        if page[i].context_free == NEARGOOD:
            page[i].revised = BAD if before_either[i] == BAD and after_either[i] == BAD else GOOD


cdef double _heaviest_run(Paragraph* page, Py_ssize_t low, Py_ssize_t high, Py_ssize_t* first, Py_ssize_t* last):
    # `_heaviest_run`: Kadane's maximum subarray of the weights in [low, high); `first` is -1 when no run weighs more than 0.
    cdef double best = 0.0, total = 0.0
    cdef Py_ssize_t start = low, i
    first[0] = last[0] = -1
    for i in range(low, high):
        if total <= 0:
            total, start = 0.0, i
        total += page[i].weight
        if total > best:
            best, first[0], last[0] = total, start, i + 1
    return best


cdef bint _main_region(Paragraph* page, Py_ssize_t count, Thresholds* t, Py_ssize_t* region_first, Py_ssize_t* region_last):
    # `main_region`: the heaviest run of weights, grown by heavy runs within GROW_WINDOW; False when none.
    cdef Py_ssize_t i, first, last, run_first, run_last, window = t.grow_window
    cdef double best, found, share = t.grow_share
    cdef bint grown = True
    cdef int c
    for i in range(count):
        c = page[i].context_free
        if c == GOOD:
            page[i].weight = <double>page[i].chars
        elif c == NEARGOOD:
            page[i].weight = t.neargood_share * page[i].chars
        elif c == SHORT:
            page[i].weight = -t.short_penalty
        else:
            page[i].weight = -<double>page[i].chars
    best = _heaviest_run(page, 0, count, &first, &last)
    if first < 0:
        return False
    while grown:
        grown = False
        found = _heaviest_run(page, max(0, first - window), first, &run_first, &run_last)
        if run_first >= 0 and found >= share * best:
            first, grown = run_first, True
        found = _heaviest_run(page, last, min(count, last + window), &run_first, &run_last)
        if run_first >= 0 and found >= share * best:
            last, grown = run_last, True
    region_first[0], region_last[0] = first, last
    return True


cdef bint _judge(Paragraph* page, Py_ssize_t count, bint article, Thresholds* t, int* scratch, Py_ssize_t* region_first, Py_ssize_t* region_last) except -1:
    """`judged_py` on a page's paragraphs, their features filled in: each one's classes and
    whether it goes (`removed`); False, with nothing removed, when no region is found.
    `scratch` holds 4 * count ints."""
    cdef Py_ssize_t i, first = 0, last = 0, distance, prose_first = -1, prose_last = -1, run_start
    cdef Py_ssize_t good_total = 0, good_inside = 0
    cdef Paragraph* p
    cdef double prose
    cdef bint confident, keeps
    cdef bint* in_menu
    for i in range(count):
        page[i].removed = False
    prose = _prose_density(page, count, t.prose_min_words)
    for i in range(count):
        page[i].context_free = _classify(&page[i], prose, t)
    if not _main_region(page, count, t, &first, &last):
        region_first[0] = region_last[0] = 0
        return False
    region_first[0], region_last[0] = first, last
    _revise(page, count, scratch, scratch + count, scratch + 2 * count, scratch + 3 * count)
    if article:
        for i in range(count):
            page[i].removed = not first <= i < last
        return True
    # `_confident`, the page's first and last prose, and `menu_runs`, for `_conservative_keeps`.
    for i in range(count):
        if page[i].context_free == GOOD:
            good_total += page[i].chars
            if first <= i < last:
                good_inside += page[i].chars
        if page[i].context_free == GOOD or page[i].context_free == NEARGOOD:
            if prose_first < 0:
                prose_first = i
            prose_last = i
    confident = good_total > 0 and good_inside >= t.conservative_min_chars and <double>good_inside / <double>good_total >= t.conservative_confidence
    in_menu = <bint*>scratch
    for i in range(count):
        p = &page[i]
        in_menu[i] = (
            p.context_free == SHORT
            and 0 < p.words <= t.menu_max_words
            and p.title_share >= t.menu_title_share
            and p.number_share == 0
            and not p.punctuated
        )
    run_start = 0
    for i in range(count + 1):
        if i == count or not in_menu[i]:
            if i - run_start < t.menu_run:
                for distance in range(run_start, i):
                    in_menu[distance] = False
            run_start = i + 1
    for i in range(count):
        if first <= i < last:
            continue
        distance = first - i if i < first else i - last + 1
        p = &page[i]
        if in_menu[i]:
            if p.revised == GOOD:
                keeps = True
            elif confident:
                keeps = distance <= t.menu_margin
            else:
                keeps = prose_first >= 0 and prose_first - t.menu_margin <= i <= prose_last + t.menu_margin
        else:
            keeps = not confident or distance <= t.conservative_margin or p.context_free == GOOD or p.context_free == NEARGOOD
        p.removed = not keeps
    return True


cdef class _Page:
    """A page's paragraphs as C structs, and the scratch `_judge` needs, freed with it."""

    cdef Paragraph* paragraphs
    cdef int* scratch
    cdef Py_ssize_t count

    def __cinit__(self, Py_ssize_t count):
        self.count = count
        self.paragraphs = <Paragraph*>malloc((count + 1) * sizeof(Paragraph))
        self.scratch = <int*>malloc((4 * count + 4) * sizeof(int))
        if self.paragraphs is NULL or self.scratch is NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.paragraphs)
        free(self.scratch)


def judged(list features, bint article, tuple thresholds, tuple classes, judgement):
    """`cleaner.rules.blocks.judged_py` in C: the `judgement` (first, last, removed) on a
    page's `features`, with `thresholds` as `cleaner.rules.blocks.thresholds()` gives them
    and `classes` the four `BlockClass` members in the order GOOD, NEARGOOD, SHORT, BAD."""
    cdef Py_ssize_t count = len(features), i, first, last
    cdef _Page page = _Page(count)
    cdef Thresholds t
    cdef Paragraph* p
    _read_thresholds(&t, thresholds)
    for i in range(count):
        _read_features(&page.paragraphs[i], features[i])
    if not _judge(page.paragraphs, count, article, &t, page.scratch, &first, &last):
        return tuple.__new__(judgement, (0, 0, []))
    removed = []
    for i in range(count):
        p = &page.paragraphs[i]
        if p.removed:
            removed.append((i, classes[p.context_free], classes[p.revised]))
    return tuple.__new__(judgement, (first, last, removed))


from libc.math cimport fabs, floor, signbit
from libc.string cimport memcpy
from cpython.unicode cimport PyUnicode_DecodeUTF8


cdef inline char* _put(char* at, bytes text):
    cdef Py_ssize_t length = len(text)
    memcpy(at, <char*>text, length)
    return at + length


cdef char* _integer(char* at, long long value):
    # `%d`.
    cdef char digits[24]
    cdef int count = 0
    cdef unsigned long long magnitude
    if value < 0:
        at[0] = b'-'
        at += 1
        magnitude = <unsigned long long>(-(value + 1)) + 1
    else:
        magnitude = <unsigned long long>value
    while True:
        digits[count] = <char>(48 + magnitude % 10)
        count += 1
        magnitude //= 10
        if magnitude == 0:
            break
    while count > 0:
        count -= 1
        at[0] = digits[count]
        at += 1
    return at


cdef char* _hundredths(char* at, double value):
    # `%.2f`: the double rounded to two places from its exact value. value * 100 is within
    # 1e-13 of that exact value's hundredfold for any value below 1e9, so its fraction
    # settles the rounding unless it lies within 1e-7 of a half, where (as for negative
    # zero, NaN and large values) Python formats it.
    cdef double scaled, whole, fraction
    cdef long long rounded
    if value >= 0.0 and value < 1e9 and not signbit(value):
        scaled = value * 100.0
        whole = floor(scaled)
        fraction = scaled - whole
        if fabs(fraction - 0.5) > 1e-7:
            rounded = <long long>whole + (fraction > 0.5)
            at = _integer(at, rounded // 100)
            at[0], at[1], at[2] = b'.', <char>(48 + (rounded % 100) // 10), <char>(48 + rounded % 10)
            return at + 3
    return _put(at, (u"%.2f" % value).encode("ascii"))


cdef class _Reasons:
    """Writes the reasons of a page's removed paragraphs as `reasons_py` writes them, each into
    one buffer (`_hundredths` rounds as the twin's `:.2f` does)."""

    cdef char* buffer
    cdef Py_ssize_t first, last
    cdef bint article
    cdef double menu_max_words, menu_title_share
    cdef bytes region, tail
    cdef list names

    def __cinit__(self, Py_ssize_t first, Py_ssize_t last, bint article, str language, tuple thresholds, tuple classes):
        self.first, self.last, self.article = first, last, article
        self.menu_max_words, self.menu_title_share = thresholds[13], thresholds[14]
        self.region = (u" the main article region (paragraphs %d-%d); class " % (first + 1, last)).encode("ascii")
        self.tail = (u"; language " + language).encode("utf-8")
        self.names = [member.value.encode("utf-8") for member in classes]
        # Fixed text, five numbers of at most 24 characters and two class names: well within this.
        self.buffer = <char*>malloc(400 + len(self.tail) + sum(len(name) for name in self.names))
        if self.buffer is NULL:
            raise MemoryError()

    def __dealloc__(self):
        free(self.buffer)

    cdef str write(self, Py_ssize_t i, Paragraph* p, Py_ssize_t context_free, Py_ssize_t revised):
        """The reason of paragraph `i`, of features `p`, classes numbered as `classes` lists them."""
        cdef char* at = self.buffer
        if self.article:
            at = _put(at, b"before" if i < self.first else b"after")
        elif i < self.first:
            at = _put(_integer(at, self.first - i), b" paragraphs before")
        else:
            at = _put(_integer(at, i - self.last + 1), b" paragraphs after")
        at = _put(at, self.region)
        at = _put(at, self.names[context_free])
        at = _put(at, b" -> ")
        at = _put(at, self.names[revised])
        at = _put(at, b"; ")
        at = _put(_integer(at, p.words), b" words, ")
        at = _put(_integer(at, p.chars), b" chars, stopwords ")
        at = _put(_hundredths(at, p.stopword_density), b", links ")
        at = _hundredths(at, p.link_density)
        if p.sentence_end:
            at = _put(at, b", ends a sentence")
        if 0 < p.words <= self.menu_max_words and p.title_share >= self.menu_title_share and p.number_share == 0 and not p.punctuated:
            at = _put(at, b", shaped like a menu item")
        at = _put(at, self.tail)
        return PyUnicode_DecodeUTF8(self.buffer, at - self.buffer, NULL)


def reasons(judgement, list features, bint article, str language, tuple thresholds, tuple classes):
    """`cleaner.rules.blocks.reasons_py` in C: (index, reason) of each paragraph the `judgement` removes."""
    cdef _Reasons writer = _Reasons(judgement[0], judgement[1], article, language, thresholds, classes)
    cdef Paragraph p
    cdef tuple item
    cdef list found = []
    for entry in judgement[2]:
        item = <tuple>entry
        _read_features(&p, features[<Py_ssize_t>item[0]])
        found.append((item[0], writer.write(item[0], &p, classes.index(item[1]), classes.index(item[2]))))
    return found


def page_removed(list scans, int language, str name, bint article, tuple thresholds, tuple classes):
    """(index, reason) of each paragraph BC01 removes from a page whose paragraphs have the
    `TextScan`s `scans` (as `page_language` gives them) and whose language is the stop list
    numbered `language` (-1: none), called `name`: `reasons_py(judged_py(features))`, the
    features read from the scans into C structs, never made into `Features`."""
    cdef Py_ssize_t count = len(scans), i, first, last
    cdef _Page page = _Page(count)
    cdef Thresholds t
    cdef Paragraph* p
    cdef _Reasons writer
    cdef list found = []
    _read_thresholds(&t, thresholds)
    for i in range(count):
        _fill(&page.paragraphs[i], <TextScan>scans[i], language)
    if not _judge(page.paragraphs, count, article, &t, page.scratch, &first, &last):
        return found
    writer = _Reasons(first, last, article, name, thresholds, classes)
    for i in range(count):
        p = &page.paragraphs[i]
        if p.removed:
            found.append((i, writer.write(i, p, p.context_free, p.revised)))
    return found


def placed(list removed, array bounds, str code, verdict):
    """`cleaner.rules.blocks.placed_py` in C: a `verdict` (start, stop, code, reason) for each
    (index, reason) of `removed`, its start and stop bounds[2 * index] and bounds[2 * index + 1]."""
    cdef list found = []
    cdef tuple item
    cdef Py_ssize_t i
    cdef long long* at = bounds.data.as_longlongs
    if bounds.ob_descr.typecode != b'q':
        raise TypeError("bounds must be an array of 'q'")
    for entry in removed:
        item = <tuple>entry
        i = item[0]
        if not 0 <= 2 * i + 1 < len(bounds):
            raise IndexError("no bounds for paragraph %d" % i)
        found.append(tuple.__new__(verdict, (at[2 * i], at[2 * i + 1], code, item[1])))
    return found


cdef dict _single_lists = {}


cdef dict _masks_of_list(frozenset stopwords):
    # The masks of one stop list, all of them bit 0, kept with the list (by its id, as `table_of` keeps its tables).
    found = _single_lists.get(id(stopwords))
    if found is not None and found[0] is stopwords:
        return found[1]
    if len(_single_lists) >= 256:
        _single_lists.clear()
    masks = {word: 1 for word in stopwords}
    _single_lists[id(stopwords)] = (stopwords, masks)
    return masks


def features(list texts, frozenset stopwords, kind):
    """The features (of type `kind`, a named tuple of `Features`' fields) of each of `texts`,
    stop words looked up lower-cased in `stopwords`: `cleaner.rules.blocks.features_py` in
    C, each text read by the scan `page_features` reads it with, `stopwords` as list 0."""
    cdef LanguageMasks table = masks_of(_masks_of_list(stopwords))
    cdef Paragraph p
    cdef list found = []
    for text in texts:
        _fill(&p, _scanned(text, table), 0)
        found.append(_features_of(&p, kind))
    return found
