# cython: boundscheck=False, wraparound=False, cdivision=True
"""The nesting scan of `cleaner.readers.nesting`, in C: whether a page's bytes open more
elements at once than a depth, as that scan counts them.

Its twin is `cleaner.readers.nesting.cuts_nesting_py`, the scan in Python; tests compare
the two. The tokenizer below is the scan's regular expression `_TAG` spelled out byte by
byte, so each `<` is read as a comment, a tag or text exactly as there; the tag names and
their sets come from that module (`DepthScan`'s arguments), so they live in one place.
"""

from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memchr, memcmp

cdef enum:
    VOID = 1
    RAW = 2
    CLOSES_P = 4
    HEADING = 8
    FOREIGN = 16
    PLAINTEXT = 32
    CACHE_SLOTS = 256


cdef inline bint _tag_space(unsigned char c) nogil:
    # [\t\n\f\r ], the separators of the scan's regular expression
    return c == 9 or c == 10 or c == 12 or c == 13 or c == 32


cdef inline bint _letter(unsigned char c) nogil:
    return (65 <= c <= 90) or (97 <= c <= 122)


cdef inline bint _strip_space(unsigned char c) nogil:
    # bytes.rstrip()'s whitespace
    return c == 32 or 9 <= c <= 13


cdef inline unsigned char _ascii_lower(unsigned char c) nogil:
    return c + 32 if 65 <= c <= 90 else c


cdef Py_ssize_t _find(const unsigned char* s, Py_ssize_t n, Py_ssize_t start, unsigned char c) nogil:
    cdef const void* hit
    if start >= n:
        return -1
    hit = memchr(s + start, c, n - start)
    return -1 if hit == NULL else <const unsigned char*> hit - s


cdef Py_ssize_t _comment_end(const unsigned char* s, Py_ssize_t n, Py_ssize_t start) nogil:
    """Just past the first "-->" at or after `start`, or `n`."""
    cdef Py_ssize_t at = start
    while True:
        at = _find(s, n, at, 62)  # ">"
        if at < 0:
            return n
        if at - 2 >= start and s[at - 1] == 45 and s[at - 2] == 45:
            return at + 1
        at += 1


cdef class DepthScan:
    """The scan's tables, by name id: built once from the module's name sets."""

    cdef dict known
    cdef list names
    cdef int known_count
    cdef unsigned char* flags
    cdef unsigned int* targets
    cdef unsigned int* stops
    cdef int* sibling_entry
    cdef list entry_targets
    cdef int p_entry, p_id, svg_id, math_id, look

    def __cinit__(self):
        self.flags = NULL
        self.targets = NULL
        self.stops = NULL
        self.sibling_entry = NULL

    def __init__(self, void_tags, raw_text, closes_p, headings, siblings, int look):
        cdef int index, entry
        names = sorted(set(void_tags) | set(raw_text) | set(closes_p) | set(headings) | {"svg", "math", "plaintext", "p", "button"}
                       | set(siblings) | {n for pair in siblings.values() for group in pair for n in group})
        self.known = {name: index for index, name in enumerate(names)}
        self.names = [name.encode("latin-1") for name in names]
        self.known_count = len(names)
        self.flags = <unsigned char*> malloc(self.known_count)
        self.targets = <unsigned int*> malloc(self.known_count * sizeof(unsigned int))
        self.stops = <unsigned int*> malloc(self.known_count * sizeof(unsigned int))
        self.sibling_entry = <int*> malloc(self.known_count * sizeof(int))
        if not (self.flags and self.targets and self.stops and self.sibling_entry):
            raise MemoryError()
        for index in range(self.known_count):
            self.flags[index] = 0
            self.targets[index] = 0
            self.stops[index] = 0
            self.sibling_entry[index] = -1
        for flag, group in ((VOID, void_tags), (RAW, raw_text), (CLOSES_P, closes_p), (HEADING, headings), (FOREIGN, ("svg", "math")), (PLAINTEXT, ("plaintext",))):
            for name in group:
                self.flags[self.known[name]] |= flag
        self.entry_targets = []
        entries = list(siblings.items()) + [(None, (("p",), ("button",)))]
        if len(entries) > 32:
            raise ValueError("too many sibling rules for a bit mask")
        for entry, (name, (targets, stops)) in enumerate(entries):
            for target in targets:
                self.targets[self.known[target]] |= 1u << entry
            for stop in stops:
                self.stops[self.known[stop]] |= 1u << entry
            if name is not None:
                self.sibling_entry[self.known[name]] = entry
            self.entry_targets.append([self.known[target] for target in targets])
        self.p_entry = len(entries) - 1
        self.p_id = self.known["p"]
        self.svg_id = self.known["svg"]
        self.math_id = self.known["math"]
        self.look = look

    def __dealloc__(self):
        free(self.flags)
        free(self.targets)
        free(self.stops)
        free(self.sibling_entry)

    def opens_at_most(self, bytes markup, Py_ssize_t limit):
        """Whether `markup` holds at most `limit` start tags ("<" then a letter, as the scan
        reads a start tag; those in comments and raw text included, so the count is a bound):
        the twin of `cleaner.readers.nesting.opens_at_most_py`."""
        cdef const unsigned char* s = markup
        cdef Py_ssize_t n = len(markup), at = 0, count = 0
        while True:
            at = _find(s, n, at, 60)  # "<"
            if at < 0 or at + 1 >= n:
                return True
            at += 1
            if _letter(s[at]):
                count += 1
                if count > limit:
                    return False

    def cuts(self, bytes markup, int max_depth):
        """Whether the scan would drop an opening tag of `markup` for going deeper than `max_depth`."""
        cdef const unsigned char* s = markup
        cdef Py_ssize_t n = len(markup)
        cdef Py_ssize_t position = 0, at, name_start, name_end, j, k, last
        cdef unsigned char c, quote
        cdef bint closing, self_closing
        cdef int name_id, fl, entry, depth = 0, capacity = self.known_count + 64
        cdef int* stack = <int*> malloc((max_depth + 1) * sizeof(int))
        cdef int* open_count = <int*> malloc(capacity * sizeof(int))
        cdef int* grown
        cdef dict raw_ids = {}
        cdef unsigned int h, slot
        cdef Py_ssize_t cache_start[CACHE_SLOTS]
        cdef Py_ssize_t cache_size[CACHE_SLOTS]
        cdef int cache_id[CACHE_SLOTS]
        cdef dict lower_ids = dict(self.known)
        if stack == NULL or open_count == NULL:
            free(stack)
            free(open_count)
            raise MemoryError()
        try:
            for j in range(capacity):
                open_count[j] = 0
            for j in range(CACHE_SLOTS):
                cache_size[j] = -1
            while True:
                at = _find(s, n, position, 60)  # "<"
                if at < 0 or at + 1 >= n:
                    return False
                c = s[at + 1]
                if c == 33:  # "!"
                    if at + 3 < n and s[at + 2] == 45 and s[at + 3] == 45:
                        position = _comment_end(s, n, at + 4)
                    else:
                        k = _find(s, n, at + 2, 62)
                        position = n if k < 0 else k + 1
                    continue
                if c == 63 or (c == 47 and not (at + 2 < n and _letter(s[at + 2]))):  # "<?", "</" and no letter
                    k = _find(s, n, at + 2, 62)
                    position = n if k < 0 else k + 1
                    continue
                closing = c == 47
                name_start = at + 2 if closing else at + 1
                if not _letter(s[name_start]):
                    position = at + 1
                    continue
                j = name_start + 1
                while j < n and not (_tag_space(s[j]) or s[j] == 47 or s[j] == 62):
                    j += 1
                name_end = j
                # The attributes: a quoted value after "=" may hold ">"; a lone quote is a character.
                while j < n:
                    c = s[j]
                    if c == 62:
                        break
                    if c == 61:  # "="
                        k = j + 1
                        while k < n and _tag_space(s[k]):
                            k += 1
                        if k < n and (s[k] == 34 or s[k] == 39):
                            quote = s[k]
                            k = _find(s, n, k + 1, quote)
                            j = n if k < 0 else k + 1
                            continue
                    j += 1
                last = j - 1
                while last >= name_end and _strip_space(s[last]):
                    last -= 1
                self_closing = last >= name_end and s[last] == 47
                position = j + 1 if j < n else n

                # A page writes few names many times: a small cache keyed by the bytes as
                # written answers most tags without making a Python object.
                h = 2166136261u
                for k in range(name_start, name_end):
                    h = (h ^ s[k]) * 16777619u
                slot = h & (CACHE_SLOTS - 1)
                if cache_size[slot] == name_end - name_start and memcmp(s + cache_start[slot], s + name_start, name_end - name_start) == 0:
                    name_id = cache_id[slot]
                else:
                    name_id = self._name_id(markup[name_start:name_end], raw_ids, lower_ids)
                    cache_start[slot], cache_size[slot], cache_id[slot] = name_start, name_end - name_start, name_id
                    if name_id >= capacity:
                        grown = <int*> realloc(open_count, 2 * capacity * sizeof(int))
                        if grown == NULL:
                            raise MemoryError()
                        open_count = grown
                        for k in range(capacity, 2 * capacity):
                            open_count[k] = 0
                        capacity *= 2
                fl = self.flags[name_id] if name_id < self.known_count else 0

                if closing:
                    if open_count[name_id] > 0:
                        depth = _pop_to(stack, depth, open_count, name_id)
                    continue
                if fl & VOID:
                    continue
                if fl & RAW:
                    position = _raw_text_end(s, n, position, <bytes> self.names[name_id])
                    continue
                if fl & PLAINTEXT:
                    return False
                if fl & CLOSES_P and open_count[self.p_id] > 0:
                    depth = self._pop_within_reach(stack, depth, open_count, self.p_entry)
                if fl & HEADING and depth > 0 and stack[depth - 1] < self.known_count and self.flags[stack[depth - 1]] & HEADING:
                    depth -= 1
                    open_count[stack[depth]] -= 1
                entry = self.sibling_entry[name_id] if name_id < self.known_count else -1
                if entry >= 0:
                    for target in self.entry_targets[entry]:
                        if open_count[<int> target] > 0:
                            depth = self._pop_within_reach(stack, depth, open_count, entry)
                            break
                if (fl & FOREIGN or open_count[self.svg_id] > 0 or open_count[self.math_id] > 0) and self_closing:
                    continue
                if depth >= max_depth:
                    return True
                stack[depth] = name_id
                depth += 1
                open_count[name_id] += 1
        finally:
            free(stack)
            free(open_count)

    cdef int _name_id(self, bytes raw, dict raw_ids, dict lower_ids) except -1:
        """The id of a tag name as written: the same for every spelling of one lower-cased name."""
        found = raw_ids.get(raw)
        if found is None:
            lowered = raw.decode("latin-1").lower()
            found = lower_ids.get(lowered)
            if found is None:
                found = lower_ids[lowered] = len(lower_ids)
            raw_ids[raw] = found
        return found

    cdef int _pop_within_reach(self, int* stack, int depth, int* open_count, int entry):
        cdef unsigned int bit = 1u << entry
        cdef int index, found = -1, floor = depth - 1 - self.look
        cdef int name_id
        if floor < -1:
            floor = -1
        index = depth - 1
        while index > floor:
            name_id = stack[index]
            if name_id < self.known_count:
                if self.stops[name_id] & bit:
                    break
                if self.targets[name_id] & bit:
                    found = index
            index -= 1
        while 0 <= found < depth:
            depth -= 1
            open_count[stack[depth]] -= 1
        return depth


cdef inline int _pop_to(int* stack, int depth, int* open_count, int name_id):
    cdef int closed
    while depth > 0:
        depth -= 1
        closed = stack[depth]
        open_count[closed] -= 1
        if closed == name_id:
            break
    return depth


cdef Py_ssize_t _raw_text_end(const unsigned char* s, Py_ssize_t n, Py_ssize_t start, bytes name):
    """Where `</name` followed by a separator, "/" or ">" starts (any case), or `n`."""
    cdef const unsigned char* want = name
    cdef Py_ssize_t size = len(name), at = start, i
    cdef unsigned char after
    while True:
        at = _find(s, n, at, 60)
        if at < 0 or at + 2 + size >= n:
            return n
        if s[at + 1] == 47:
            i = 0
            while i < size and _ascii_lower(s[at + 2 + i]) == want[i]:
                i += 1
            if i == size:
                after = s[at + 2 + size]
                if _tag_space(after) or after == 47 or after == 62:
                    return at
        at += 1
