# cython: boundscheck=False, wraparound=False
"""Stop-word look-ups without a string: the ASCII words of a set or dict in a C hash table.

The word scans of `blocks.pyx` ask, for each word, `word.lower() in
container` (a frozenset of stop words, or the dict of packed coverages). That is two
new strings and a hash per word, most of the scan's time. Here an ASCII word is looked
up where it lies in the text, lowered as it is hashed: the lower case of an ASCII word
is its ASCII lowering, so it is in the container exactly when its lowering is one of
the container's ASCII keys without a capital (a key with one never equals a lowered
word), which are the keys the table holds. Words with any other character are asked of
the container itself, as the twins ask.

A table is built once per container, which must not change afterwards: the containers
are the stop lists of `cleaner.engine.language.languages()` and their packed index,
built once per process and never changed.
"""

from libc.stdlib cimport free, malloc
from libc.string cimport memcpy
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ

cdef dict _tables = {}
cdef Py_ssize_t _MAX_TABLES = 256


cdef inline size_t _mix(size_t hash, size_t code):
    # FNV-1a, one lowered ASCII character at a time.
    return (hash ^ code) * <size_t>1099511628211


cdef class AsciiWords:
    """The ASCII keys without a capital of a container, with their values (True for a set)."""

    def __cinit__(self, container):
        cdef list keys = []
        cdef Py_ssize_t total = 0, i, at, length, slot
        cdef size_t hash
        cdef bytes encoded
        self.container = container
        self.values = []
        for key in container:
            if isinstance(key, str) and key.isascii() and key == key.lower() and len(key) > 0:
                keys.append(key)
                self.values.append(container[key] if isinstance(container, dict) else True)
                total += len(key)
        self.count = len(keys)
        self.size = 16
        while self.size < 2 * self.count + 1:
            self.size *= 2
        self.slots = <Py_ssize_t*>malloc(self.size * sizeof(Py_ssize_t))
        self.starts = <Py_ssize_t*>malloc((self.count + 1) * sizeof(Py_ssize_t))
        self.lengths = <Py_ssize_t*>malloc((self.count + 1) * sizeof(Py_ssize_t))
        self.chars = <char*>malloc(total + 1)
        if self.slots is NULL or self.starts is NULL or self.lengths is NULL or self.chars is NULL:
            raise MemoryError()
        for slot in range(self.size):
            self.slots[slot] = -1
        at = 0
        self.max_length = 0
        for i in range(self.count):
            encoded = (<str>keys[i]).encode("ascii")
            length = len(encoded)
            memcpy(self.chars + at, <char*>encoded, length)
            self.starts[i], self.lengths[i] = at, length
            at += length
            if length > self.max_length:
                self.max_length = length
            hash = 14695981039346656037
            for slot in range(length):
                hash = _mix(hash, <unsigned char>self.chars[self.starts[i] + slot])
            slot = hash & (self.size - 1)
            while self.slots[slot] >= 0:
                slot = (slot + 1) & (self.size - 1)
            self.slots[slot] = i

    def __dealloc__(self):
        free(self.slots)
        free(self.starts)
        free(self.lengths)
        free(self.chars)

    cdef Py_ssize_t find(self, str text, Py_ssize_t start, Py_ssize_t end):
        """The entry of the ASCII word text[start:end] lowered, or -1 when the container lacks it."""
        return self.find_in(PyUnicode_KIND(text), PyUnicode_DATA(text), start, end)

    cdef Py_ssize_t find_in(self, int kind, void* data, Py_ssize_t start, Py_ssize_t end):
        """`find` in a str's characters, given as its kind and data (read once by a caller that scans it)."""
        cdef size_t hash = 14695981039346656037
        cdef Py_ssize_t i, slot, entry, length = end - start
        cdef size_t code
        cdef char* key
        if length > self.max_length or length == 0:
            return -1
        for i in range(start, end):
            code = <size_t>PyUnicode_READ(kind, data, i)
            if 65 <= code <= 90:
                code += 32
            hash = _mix(hash, code)
        slot = hash & (self.size - 1)
        while True:
            entry = self.slots[slot]
            if entry < 0:
                return -1
            if self.lengths[entry] == length:
                key = self.chars + self.starts[entry]
                for i in range(length):
                    code = <size_t>PyUnicode_READ(kind, data, start + i)
                    if 65 <= code <= 90:
                        code += 32
                    if <unsigned char>key[i] != code:
                        break
                else:
                    return entry
            slot = (slot + 1) & (self.size - 1)


cdef AsciiWords table_of(object container):
    """The table of `container`, built at its first use (kept with the container, so its id names it)."""
    cdef AsciiWords table = _tables.get(id(container))
    if table is not None and table.container is container:
        return table
    if len(_tables) >= _MAX_TABLES:
        # Only tests make many containers; a run has one per stop list at most.
        _tables.clear()
    table = AsciiWords(container)
    _tables[id(container)] = table
    return table


cdef class LanguageMasks:
    """A dict of words -> masks (ints below 2**64, a bit per stop list that holds the word),
    its ASCII words looked up in an `AsciiWords` table and their masks in a C array; any
    other word is asked of the dict, lowered, as `AsciiWords` users do."""

    def __cinit__(self, dict masks):
        cdef Py_ssize_t i
        self.masks = masks
        self.table = table_of(masks)
        self.values = <unsigned long long*>malloc((self.table.count + 1) * sizeof(unsigned long long))
        if self.values is NULL:
            raise MemoryError()
        for i in range(self.table.count):
            self.values[i] = self.table.values[i]

    def __dealloc__(self):
        free(self.values)

    cdef unsigned long long mask(self, str text, int kind, void* data, Py_ssize_t start, Py_ssize_t end, bint ascii):
        """The mask of the word text[start:end] lowered (0 when the dict lacks it); `ascii`
        says all its characters are; `kind` and `data` are the text's, as `find_in` takes them."""
        cdef Py_ssize_t entry
        if ascii:
            entry = self.table.find_in(kind, data, start, end)
            return self.values[entry] if entry >= 0 else 0
        found = self.masks.get(text[start:end].lower())
        return 0 if found is None else found


cdef dict _masks = {}


cdef LanguageMasks masks_of(dict masks):
    """The `LanguageMasks` of `masks`, built at its first use (kept as `table_of` keeps its tables)."""
    cdef LanguageMasks found = _masks.get(id(masks))
    if found is not None and found.masks is masks:
        return found
    if len(_masks) >= _MAX_TABLES:
        _masks.clear()
    found = LanguageMasks(masks)
    _masks[id(masks)] = found
    return found
