# cython: boundscheck=False, wraparound=False
"""The grouping of a flat folder's unsited pages in C (`cleaner.sites.groups`), which the
site model's build waits on while every worker of a `-j N` run sits idle.

Three steps, each the compiled twin of a function of `cleaner.sites.groups` that a test
compares it with: `recurring_lines` (twin `recurring_lines_py`) picks each page's
recurring lines out of its line hashes through an open-addressing table, not a Python set,
and numbers them;
`join_pages` (twin `join_pages_py`) finds the representatives and joins pages by
union-find, comparing two pages by a merge of their sorted arrays, not by sets;
`count_lines` (twin `count_lines_py`) counts a group's lines (numbered in the order
the model keeps them) in an array, not a Counter.
"""

from cpython cimport array
from libc.stdlib cimport free, malloc
from libc.string cimport memset

import array as _array

ctypedef unsigned long long u64

cdef array.array _HASHES = _array.array("Q")

cdef extern from *:
    """
    /* A page's few hundred hashes at most: quicksort (median of three, Hoare's partition), insertion sort
       below 16; inlined, where qsort calls a comparison through a pointer for each step. */
    static void _sort_u64(unsigned long long* a, Py_ssize_t n) {
        unsigned long long pivot, t;
        Py_ssize_t i, j, mid;
        while (n > 16) {
            mid = n / 2;
            if (a[mid] < a[0]) { t = a[mid]; a[mid] = a[0]; a[0] = t; }
            if (a[n - 1] < a[0]) { t = a[n - 1]; a[n - 1] = a[0]; a[0] = t; }
            if (a[n - 1] < a[mid]) { t = a[n - 1]; a[n - 1] = a[mid]; a[mid] = t; }
            pivot = a[mid];
            i = -1;
            j = n;
            for (;;) {
                do { i++; } while (a[i] < pivot);
                do { j--; } while (a[j] > pivot);
                if (i >= j) break;
                t = a[i]; a[i] = a[j]; a[j] = t;
            }
            /* a[0..j] <= pivot <= a[j+1..n): the smaller side recursively, the larger in this loop. */
            if (j + 1 < n - j - 1) {
                _sort_u64(a, j + 1);
                a += j + 1;
                n -= j + 1;
            } else {
                _sort_u64(a + j + 1, n - j - 1);
                n = j + 1;
            }
        }
        for (i = 1; i < n; i++) {
            t = a[i];
            for (j = i; j > 0 && a[j - 1] > t; j--) a[j] = a[j - 1];
            a[j] = t;
        }
    }
    """
    void _sort_u64(unsigned long long* a, Py_ssize_t n) noexcept nogil


cdef struct _Table:
    # Open addressing by the hash's low bits (the keys are xxh3 hashes, already uniform);
    # `slots[i]` is 0 when empty, else 1 + the key's index in `keys`.
    Py_ssize_t* slots
    u64* keys
    size_t mask


cdef int _table_init(_Table* table, Py_ssize_t count) except -1:
    cdef size_t size = 16
    while size < <size_t>(2 * count + 1):
        size <<= 1
    table.mask = size - 1
    table.slots = <Py_ssize_t*>malloc(size * sizeof(Py_ssize_t))
    table.keys = <u64*>malloc((count + 1) * sizeof(u64))
    if table.slots == NULL or table.keys == NULL:
        free(table.slots)
        free(table.keys)
        raise MemoryError()
    memset(table.slots, 0, size * sizeof(Py_ssize_t))
    return 0


cdef inline void _table_free(_Table* table) noexcept:
    free(table.slots)
    free(table.keys)


cdef inline Py_ssize_t _table_find(_Table* table, u64 key) noexcept nogil:
    """The index of `key`, or -1."""
    cdef size_t at = key & table.mask
    cdef Py_ssize_t slot
    while True:
        slot = table.slots[at]
        if slot == 0:
            return -1
        if table.keys[slot - 1] == key:
            return slot - 1
        at = (at + 1) & table.mask


cdef inline Py_ssize_t _table_add(_Table* table, u64 key, Py_ssize_t count) noexcept nogil:
    """The index of `key`, added as index `count` when it is new (the caller then counts it)."""
    cdef size_t at = key & table.mask
    cdef Py_ssize_t slot
    while True:
        slot = table.slots[at]
        if slot == 0:
            table.slots[at] = count + 1
            table.keys[count] = key
            return count
        if table.keys[slot - 1] == key:
            return slot - 1
        at = (at + 1) & table.mask


def recurring_lines(array.array hashes, list starts, list lengths, array.array lines, list plains):
    """For each page (`lengths[i]` sorted, distinct hashes from `starts[i]` in `hashes`, an
    array("Q")): the numbers of its recurring lines (line n is `lines[n]`), in its order, and the
    plain hashes of those that are informative (`plains[n]`, None for a terse line), sorted;
    two lists of array("Q"). The twin is `cleaner.sites.groups.recurring_lines_py`."""
    cdef Py_ssize_t count = len(lines), index, page, at, end, n, m, number, size = len(hashes)
    cdef _Table table
    cdef bint ready = False
    cdef u64* plain_of = <u64*>malloc((count + 1) * sizeof(u64))
    cdef char* informative = <char*>malloc(count + 1)
    cdef u64* data = hashes.data.as_ulonglongs
    cdef list found = [], plain_found = []
    cdef array.array numbers, plain
    try:
        if plain_of == NULL or informative == NULL:
            raise MemoryError()
        if lines.ob_descr.typecode != b"Q" or hashes.ob_descr.typecode != b"Q":
            raise TypeError("the hashes and lines are arrays('Q')")
        if len(plains) != count:
            raise ValueError("a plain hash (or None) for each line")
        _table_init(&table, count)
        ready = True
        for index in range(count):
            if _table_add(&table, lines.data.as_ulonglongs[index], index) != index:
                raise ValueError("the lines are distinct")
            value = plains[index]
            informative[index] = value is not None
            plain_of[index] = <u64>value if value is not None else 0
        for page in range(len(starts)):
            at = starts[page]
            end = at + <Py_ssize_t>lengths[page]
            if at < 0 or end > size or end < at:
                raise IndexError("a page's hashes run past the buffer")
            numbers = array.clone(_HASHES, end - at, False)
            n = m = 0
            for index in range(at, end):
                number = _table_find(&table, data[index])
                if number >= 0:
                    numbers.data.as_ulonglongs[n] = number
                    n += 1
                    m += informative[number]
            plain = array.clone(_HASHES, m, False)
            m = 0
            for index in range(n):
                number = numbers.data.as_ulonglongs[index]
                if informative[number]:
                    plain.data.as_ulonglongs[m] = plain_of[number]
                    m += 1
            array.resize(numbers, n)
            _sort_u64(plain.data.as_ulonglongs, m)
            found.append(numbers)
            plain_found.append(plain)
    finally:
        if ready:
            _table_free(&table)
        free(plain_of)
        free(informative)
    return found, plain_found


cdef inline Py_ssize_t _shared_distinct(u64* a, Py_ssize_t na, u64* b, Py_ssize_t nb) noexcept nogil:
    """How many values two sorted arrays of distinct values share: a merge without branches
    to mispredict, where most steps are a coin toss."""
    cdef Py_ssize_t i = 0, j = 0, shared = 0
    cdef u64 x, y
    while i < na and j < nb:
        x = a[i]
        y = b[j]
        shared += x == y
        i += x <= y
        j += y <= x
    return shared


cdef inline Py_ssize_t _shared(u64* a, Py_ssize_t na, u64* b, Py_ssize_t nb) noexcept nogil:
    """How many distinct values two sorted arrays share."""
    cdef Py_ssize_t i = 0, j = 0, shared = 0
    while i < na and j < nb:
        if a[i] < b[j]:
            i += 1
        elif a[i] > b[j]:
            j += 1
        else:
            shared += 1
            i += 1
            while i < na and a[i] == a[i - 1]:
                i += 1
            j += 1
            while j < nb and b[j] == b[j - 1]:
                j += 1
    return shared


cdef inline Py_ssize_t _root(Py_ssize_t* parent, Py_ssize_t page) noexcept nogil:
    while parent[page] != page:
        parent[page] = parent[parent[page]]
        page = parent[page]
    return page


def join_pages(list pages, list order, Py_ssize_t probes, Py_ssize_t representatives, Py_ssize_t min_shared, double min_overlap):
    """The root of each page's group once `pages` (sorted arrays("Q")) are joined, visited in
    `order`: the twin is `cleaner.sites.groups.join_pages_py`, which says how."""
    cdef Py_ssize_t count = len(pages), page, other, i, j, k, probed_count = 0, at, a, b, most, shared, lengths
    cdef u64** data = <u64**>malloc((count + 1) * sizeof(u64*))
    cdef Py_ssize_t* sizes = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* distinct = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* parent = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* visits = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* holders = NULL
    cdef Py_ssize_t* held = NULL
    cdef array.array hashes
    cdef _Table probed
    cdef bint ready = False
    cdef u64* line
    try:
        if data == NULL or sizes == NULL or distinct == NULL or parent == NULL or visits == NULL:
            raise MemoryError()
        if len(order) != count:
            raise ValueError("the order names each page once")
        k = 0
        for page in range(count):
            hashes = <array.array?>pages[page]
            if hashes.ob_descr.typecode != b"Q":
                raise TypeError("a page is an array('Q')")
            data[page] = hashes.data.as_ulonglongs
            sizes[page] = len(hashes)
            distinct[page] = 0
            for i in range(sizes[page]):
                if i == 0 or data[page][i] != data[page][i - 1]:
                    distinct[page] += 1
            k += min(sizes[page], probes)
            parent[page] = page
        for i in range(count):
            visits[i] = order[i]
            if visits[i] < 0 or visits[i] >= count:
                raise IndexError("the order names a page that is not there")
        # Only the lines some page probes by need representatives.
        _table_init(&probed, k)
        ready = True
        for page in range(count):
            for i in range(min(sizes[page], probes)):
                if _table_add(&probed, data[page][i], probed_count) == probed_count:
                    probed_count += 1
        holders = <Py_ssize_t*>malloc((probed_count * representatives + 1) * sizeof(Py_ssize_t))
        held = <Py_ssize_t*>malloc((probed_count + 1) * sizeof(Py_ssize_t))
        if holders == NULL or held == NULL:
            raise MemoryError()
        memset(held, 0, (probed_count + 1) * sizeof(Py_ssize_t))
        with nogil:
            for k in range(count):
                page = visits[k]
                line = data[page]
                for i in range(sizes[page]):
                    if i > 0 and line[i] == line[i - 1]:
                        continue
                    at = _table_find(&probed, line[i])
                    if at >= 0 and held[at] < representatives:
                        holders[at * representatives + held[at]] = page
                        held[at] += 1
            for k in range(count):
                page = visits[k]
                line = data[page]
                for i in range(min(sizes[page], probes)):
                    at = _table_find(&probed, line[i])
                    for j in range(held[at]):
                        other = holders[at * representatives + j]
                        if other == page:
                            continue
                        a = _root(parent, page)
                        b = _root(parent, other)
                        if a == b:
                            continue
                        # As `_same_site`: the pair cannot share more lines than the smaller page holds.
                        lengths = sizes[page] + sizes[other]
                        most = min(distinct[page], distinct[other])
                        if most < min_shared or most < min_overlap * (lengths - most):
                            continue
                        if distinct[page] == sizes[page] and distinct[other] == sizes[other]:
                            shared = _shared_distinct(line, sizes[page], data[other], sizes[other])
                        else:
                            shared = _shared(line, sizes[page], data[other], sizes[other])
                        if shared >= min_shared and shared >= min_overlap * (lengths - shared):
                            parent[max(a, b)] = min(a, b)
        return [_root(parent, page) for page in range(count)]
    finally:
        if ready:
            _table_free(&probed)
        free(data)
        free(sizes)
        free(distinct)
        free(parent)
        free(visits)
        free(holders)
        free(held)


def count_lines(list pages, list members, Py_ssize_t lines):
    """The numbers (below `lines`) on two or more of the `members` of `pages` (arrays("Q") of
    line numbers), sorted, and how many pages each is on: two lists. The twin is
    `cleaner.sites.groups.count_lines_py`."""
    cdef Py_ssize_t n = 0, i, page_count = len(pages)
    cdef array.array numbers
    cdef u64 number
    cdef unsigned int* counts = <unsigned int*>malloc((lines + 1) * sizeof(unsigned int))
    cdef u64* touched = NULL
    cdef Py_ssize_t total = 0
    cdef list kept = [], seen = []
    try:
        if counts == NULL:
            raise MemoryError()
        memset(counts, 0, (lines + 1) * sizeof(unsigned int))
        for page in members:
            if page < 0 or page >= page_count:
                raise IndexError("a member that is not a page")
            total += len(<array.array?>pages[page])
        touched = <u64*>malloc((total + 1) * sizeof(u64))
        if touched == NULL:
            raise MemoryError()
        for page in members:
            numbers = pages[page]
            if numbers.ob_descr.typecode != b"Q":
                raise TypeError("a page is an array('Q')")
            for i in range(len(numbers)):
                number = numbers.data.as_ulonglongs[i]
                if number >= <u64>lines:
                    raise IndexError("a line number past `lines`")
                if counts[number] == 0:
                    touched[n] = number
                    n += 1
                counts[number] += 1
        _sort_u64(touched, n)
        for i in range(n):
            if counts[touched[i]] >= 2:
                kept.append(touched[i])
                seen.append(counts[touched[i]])
        return kept, seen
    finally:
        free(counts)
        free(touched)
