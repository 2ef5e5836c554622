"""The walk of `cleaner.readers.dom`, compiled: the same loop over the same Lexbor nodes,
with its state in C variables instead of the interpreter's.

Its twin is `cleaner.readers.dom._walk_py`; tests compare the two page for page. Every
table (what each tag does, heading levels) and type comes from that module as an
argument, so the rules of the walk are written down once, there.
"""

from libc.stdlib cimport free, malloc
from libc.string cimport memset

from cleaner._speedups.named_tuples cimport new_named, put


cdef enum:
    INLINE = 0
    NOTHING = 1
    BREAK = 2
    SKIPPED = 3
    BLOCK = 4
    LINK = 5
    CHUNK = 1 << 20


cdef inline str _collapse(str text, object collapse_huge):
    # Beyond a megabyte the module's own collapse works in chunks, to bound its memory.
    if len(text) <= CHUNK:
        return " ".join(text.split())
    return collapse_huge(text)


cdef inline void _add_run(list runs, list pieces, Py_ssize_t owner, str owner_tag, Py_ssize_t link_chars, str kept_by,
                          object run_type, dict headings, object collapse_huge):
    cdef str text = _collapse("".join(pieces), collapse_huge)
    cdef bint first
    del pieces[:]
    if text and owner >= 0:
        first = not runs or (<tuple> runs[-1])[1] != owner
        runs.append(tuple.__new__(run_type, (text, owner, headings.get(owner_tag, 0), min(link_chars, len(text)),
                                             owner_tag == "li" and first, kept_by)))


def walk(root, dict kept_nodes, dict kinds, object element_type, object run_type, dict headings, object collapse_huge):
    """(elements, leaf, runs) of the tree under `root`: see `cleaner.readers.dom._walk_py`."""
    cdef list elements = [], leaf = [], runs = [], pieces = []
    cdef list open_ids = [], open_state = []
    cdef bint has_text = False, skipped = False, boundary = False
    cdef Py_ssize_t link_chars = 0, owner = -1, pre = 0, links = 0, index, number, line_count
    cdef int kind
    cdef str tag, text, line, owner_tag = "", run_kept = "", kept_by = "", kept
    cdef object parent, parent_id, node_id, previous_owner, state
    cdef tuple entry
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if not text:
                continue
            if text.isspace():
                if pieces:
                    pieces.append(" ")
                continue
            kind = -1
        else:
            if tag is None or tag[0] in "-!_":
                continue
            kind = kinds.get(tag, INLINE)
            if kind == NOTHING:
                continue
            if kind == BREAK:
                if has_text:
                    _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
                    has_text, link_chars, run_kept = False, 0, ""
                elif pieces:
                    del pieces[:]
                continue
        parent = node.parent
        parent_id = parent.mem_id if parent is not None else 0
        if open_ids and open_ids[-1] != parent_id:
            boundary = True
            while open_ids and open_ids[-1] != parent_id:
                open_ids.pop()
                previous_owner = (<tuple> open_state.pop())[0]
                if previous_owner is not None:
                    if has_text:
                        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
                        has_text, link_chars, run_kept = False, 0, ""
                    elif pieces:
                        del pieces[:]
                    if owner_tag == "pre":
                        pre -= 1
                    owner = previous_owner
                    owner_tag = (<tuple> elements[owner])[1] if owner >= 0 else ""
            if open_state:
                entry = <tuple> open_state[-1]
                links, skipped, kept_by = entry[1], entry[2], entry[3]
            else:
                links, skipped, kept_by = 0, False, ""
        if kind < 0:
            if skipped:
                continue
            if kept_by and not run_kept:
                run_kept = kept_by
            if pre and "\n" in text:
                lines = text.split("\n")
                line_count = len(lines)
                kept = run_kept
                number = 0
                for line in lines:
                    number += 1
                    run_kept = run_kept or kept
                    pieces.append(line)
                    has_text = True
                    if links:
                        link_chars += len(_collapse(line, collapse_huge))
                    if number < line_count:
                        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
                        has_text, link_chars, run_kept = False, 0, ""
            else:
                # Two words that meet at an element's edge (`cleaner.readers.dom._spaced`).
                if boundary and pieces and (<str> pieces[-1])[-1:].islower() and text[:1].isupper():
                    pieces.append(" ")
                boundary = False
                pieces.append(text)
                has_text = True
                if links:
                    link_chars += len(_collapse(text, collapse_huge))
            continue
        previous_owner = None
        if kind == SKIPPED:
            skipped = True
        elif kind == BLOCK:
            if has_text:
                _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
                has_text, link_chars, run_kept = False, 0, ""
            elif pieces:
                del pieces[:]
            previous_owner = owner
            attributes = node.attributes
            index = len(elements)
            elements.append(tuple.__new__(element_type, (index, tag, owner, attributes.get("id") or "", attributes.get("class") or "")))
            leaf.append(True)
            if owner >= 0:
                leaf[owner] = False
            owner, owner_tag = index, tag
            if tag == "pre":
                pre += 1
        elif kind == LINK:
            links += 1
        boundary = True
        node_id = node.mem_id
        if kept_nodes and not kept_by:
            kept_by = kept_nodes.get(node_id, "")
        open_ids.append(node_id)
        open_state.append((previous_owner, links, skipped, kept_by))
    if has_text:
        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
    return elements, leaf, runs


def totals(list elements, list runs):
    """(chars, link_chars, end) of each element: see `cleaner.readers.dom._totals_py`.
    Summed in C arrays, then made lists once: adding up Python integers in lists made
    and freed an integer object for most additions."""
    cdef Py_ssize_t count = len(elements), index, parent, element
    cdef Py_ssize_t *chars = <Py_ssize_t *> malloc((3 * count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t *link_chars = chars + count
    cdef Py_ssize_t *end = chars + 2 * count
    cdef object run
    if chars == NULL:
        raise MemoryError()
    try:
        for index in range(count):
            chars[index] = link_chars[index] = 0
            end[index] = index + 1
        for run in runs:
            element = (<tuple> run)[1]
            chars[element] += len(<str> (<tuple> run)[0])
            link_chars[element] += <Py_ssize_t> (<tuple> run)[3]
        for index in range(count - 1, -1, -1):
            parent = (<tuple> elements[index])[2]
            if parent >= 0:
                chars[parent] += chars[index]
                link_chars[parent] += link_chars[index]
                if end[parent] < end[index]:
                    end[parent] = end[index]
        return [chars[index] for index in range(count)], [link_chars[index] for index in range(count)], [end[index] for index in range(count)]
    finally:
        free(chars)


cdef inline int _plain_ascii(str name):
    """1 when `name` is plain (see `cleaner.readers.dom._plain_name`), 0 when it is not,
    -1 when it holds a character beyond ASCII, for which the module's own test decides."""
    cdef Py_ssize_t at, size = len(name)
    cdef Py_UCS4 ch
    cdef bint plain = size <= 40
    for at in range(size):
        ch = name[at]
        if ch >= 128:
            return -1
        if not (65 <= ch <= 90 or 97 <= ch <= 122 or ch == 95 or (at and (48 <= ch <= 57 or ch == 45))):
            plain = False
    return plain


cdef str _label(object element, str tag, str ident, str classes, object label_of):
    """`cleaner.readers.dom.Element.label`, decided here for ASCII names and by `label_of` otherwise."""
    cdef int plain
    cdef str first
    if ident:
        plain = _plain_ascii(ident)
        if plain < 0:
            return label_of(element)
        if plain:
            return f"{tag}#{ident}"
    if not classes.isascii():
        return label_of(element)
    first = classes.split(None, 1)[0] if classes.strip() else ""
    if not first:
        return tag
    plain = _plain_ascii(first)
    return f"{tag}.{first}" if plain == 1 else tag


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void *PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index) nogil
    int PyUnicode_1BYTE_KIND


cdef class Words:
    """Lower-case ASCII words to look for in text: the regular expression of the words
    joined by "|", without trying each word at each character (`found_in`).

    The words are kept in C, grouped by their first letter, so that each character of
    a text costs one table look-up and the words of its letter a comparison each; and
    the pairs of characters words open with are a bit table, so that a character no
    word starts at costs one look-up more and no comparison."""

    cdef bytes letters
    """The words one after another, grouped by first letter."""
    cdef Py_ssize_t first[129]
    """The words starting with character c are numbers first[c] to first[c + 1] - 1."""
    cdef Py_ssize_t *offset
    cdef Py_ssize_t *length
    cdef unsigned char opens[128][16]
    """Bit d of opens[c] is set when a word starts with c then d (both ASCII)."""
    cdef bint single[128]
    """Whether the one-letter word c is among the words."""

    def __cinit__(self):
        self.offset = NULL
        self.length = NULL

    def __init__(self, words):
        cdef list grouped = sorted((text.encode("ascii") for text in words), key=lambda word: word[0])
        cdef Py_ssize_t count = len(grouped), number, at = 0, character
        cdef bytes word
        self.offset = <Py_ssize_t *> malloc((count + 1) * sizeof(Py_ssize_t))
        self.length = <Py_ssize_t *> malloc((count + 1) * sizeof(Py_ssize_t))
        if self.offset == NULL or self.length == NULL:
            raise MemoryError()
        memset(self.opens, 0, sizeof(self.opens))
        memset(self.single, 0, sizeof(self.single))
        for character in range(129):
            self.first[character] = count
        for number in range(count - 1, -1, -1):
            word = grouped[number]
            self.first[word[0]] = number
        for character in range(127, -1, -1):
            if self.first[character] == count:
                self.first[character] = self.first[character + 1]
        for number in range(count):
            word = grouped[number]
            self.offset[number], self.length[number] = at, len(word)
            at += len(word)
            if len(word) == 1:
                self.single[word[0]] = True
            else:
                self.opens[word[0]][word[1] >> 3] |= 1 << (word[1] & 7)
        self.letters = b"".join(grouped)

    def __dealloc__(self):
        free(self.offset)
        free(self.length)

    cpdef bint found_in(self, str text):
        """Whether one of the words occurs in `text`."""
        return self._search(text, False)

    cdef bint _search(self, str text, bint fold):
        # With `fold`, ASCII capitals in `text` count as their small letters.
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef const unsigned char *narrow = <const unsigned char *> data
        cdef const unsigned char *letters = self.letters
        cdef Py_ssize_t size = len(text), at, k, number, length, character, following
        for at in range(size):
            character = narrow[at] if kind == PyUnicode_1BYTE_KIND else <Py_ssize_t> PyUnicode_READ(kind, data, at)
            if fold and 65 <= character <= 90:
                character += 32
            if character >= 128:
                continue
            if self.single[character]:
                return True
            if at + 1 >= size:
                continue
            following = narrow[at + 1] if kind == PyUnicode_1BYTE_KIND else <Py_ssize_t> PyUnicode_READ(kind, data, at + 1)
            if fold and 65 <= following <= 90:
                following += 32
            if following >= 128 or not (self.opens[character][following >> 3] & (1 << (following & 7))):
                continue
            for number in range(self.first[character], self.first[character + 1]):
                length = self.length[number]
                if at + length > size:
                    continue
                if kind == PyUnicode_1BYTE_KIND and not fold:
                    # Words are a few letters long: a loop here costs less than a call to memcmp.
                    for k in range(1, length):
                        if narrow[at + k] != letters[self.offset[number] + k]:
                            break
                    else:
                        return True
                    continue
                for k in range(1, length):
                    following = PyUnicode_READ(kind, data, at + k)
                    if fold and 65 <= following <= 90:
                        following += 32
                    if following != letters[self.offset[number] + k]:
                        break
                else:
                    return True
        return False

    cpdef bint in_names(self, str classes, str ident) except -1:
        """Whether one of the words occurs in `f"{classes} {ident}".lower()`, an element's names.

        ASCII names are searched as they stand, capitals folded, without the joined
        lower-cased copy: no word holds a space, so none is found across the two. Other
        names are lower-cased as Unicode lower-cases them (a Kelvin sign is a "k")."""
        if classes.isascii() and ident.isascii():
            return self._search(classes, True) or self._search(ident, True)
        return self._search(f"{classes} {ident}".lower(), False)


def negatives(list elements, Words words, frozenset negative_tags):
    """The nearest element from each up that is named or tagged as no content: see `cleaner.readers.dom._negatives_py`.
    `words` (lower-case ASCII) are looked for in each element's lower-cased names."""
    cdef Py_ssize_t count = len(elements), index, parent
    cdef list negative = [-1] * count
    cdef object element
    cdef str tag, ident, classes
    for index in range(count):
        element = elements[index]
        _, tag, parent, ident, classes = <tuple> element
        if (ident or classes) and words.in_names(classes, ident):
            negative[index] = index
        elif tag in negative_tags:
            negative[index] = index
        elif parent >= 0:
            negative[index] = negative[parent]
    return negative


def children(list elements):
    """How many block-level children each element has: see `cleaner.readers.dom._children_py`."""
    cdef Py_ssize_t count = len(elements), parent
    cdef list counts = [0] * count
    cdef object element
    for element in elements:
        parent = (<tuple> element)[2]
        if parent >= 0:
            counts[parent] += 1
    return counts


def scores(list elements, list leaf, list runs, frozenset paragraph_tags, Py_ssize_t min_chars):
    """The prose blocks and the scores of their containers: see `cleaner.readers.dom._scores_py`."""
    cdef dict scored = {}
    cdef list prose = []
    cdef object item
    cdef tuple run, owner
    cdef str text
    cdef Py_ssize_t size, element, links, points, container, step
    cdef double weight
    for item in runs:
        run = <tuple> item
        text = <str> run[0]
        element, links = run[1], run[3]
        size = len(text)
        if size < min_chars or run[2] or links > size / 2.0:
            continue
        points = 1 + text.count(",") + min(size // 100, 3)
        prose.append((element, points, size))
        owner = <tuple> elements[element]
        container = owner[2] if owner[1] in paragraph_tags or leaf[element] else element
        weight = 1.0
        for step in range(2):
            if container < 0:
                break
            scored[container] = scored.get(container, 0.0) + points * weight
            container = (<tuple> elements[container])[2]
            weight = 0.5
    return scored, prose


cdef Py_ssize_t _bisect_left(Py_ssize_t *values, Py_ssize_t count, Py_ssize_t wanted) noexcept nogil:
    # bisect.bisect_left's own steps, so that a list not quite in order gives the same answer.
    cdef Py_ssize_t low = 0, high = count, middle
    while low < high:
        middle = (low + high) // 2
        if values[middle] < wanted:
            low = middle + 1
        else:
            high = middle
    return low


cdef struct Prose:
    Py_ssize_t *element
    Py_ssize_t *points
    Py_ssize_t *size
    Py_ssize_t count


cdef void _prose_under(Prose *prose, Py_ssize_t top, Py_ssize_t top_end, Py_ssize_t *negative, double *points,
                       Py_ssize_t *size) noexcept nogil:
    cdef Py_ssize_t at, start = _bisect_left(prose.element, prose.count, top), stop = _bisect_left(prose.element, prose.count, top_end)
    cdef double total_points = 0.0, total_size = 0.0
    for at in range(start, stop):
        if negative[prose.element[at]] < top:
            total_points += prose.points[at]
            total_size += prose.size[at]
    points[0] = total_points
    size[0] = <Py_ssize_t> total_size


cdef double _weight(tuple element, dict tag_weights, Words negative_words, Words positive_words, double negative_weight,
                    double positive_weight) except? -1.0:
    # `cleaner.readers.dom._weight_py`.
    cdef double weight = tag_weights.get(element[1], 1.0)
    cdef str ident = element[3], classes = element[4]
    if ident or classes:
        if negative_words.in_names(classes, ident):
            weight *= negative_weight
        if positive_words.in_names(classes, ident):
            weight *= positive_weight
    return weight


def find_main(list elements, list leaf, list runs, list chars, list link_chars, list end, tuple tables):
    """The main element and its continuing siblings: see `cleaner.readers.dom.find_main_py`,
    whose tables and thresholds `tables` holds (`cleaner.readers.dom._MAIN_TABLES`)."""
    cdef Words negative_words, positive_words
    cdef frozenset negative_tags, paragraph_tags
    cdef dict tag_weights, scored
    cdef Py_ssize_t min_chars, max_climb, lead_chars
    cdef double climb, link_share, prose_share, sibling_share, lead_link_share, negative_weight, positive_weight
    (negative_words, positive_words, negative_tags, paragraph_tags, tag_weights, min_chars, max_climb, climb, link_share,
     prose_share, sibling_share, lead_chars, lead_link_share, negative_weight, positive_weight) = tables
    cdef Py_ssize_t count = len(elements), index, best = -1, ancestor, steps, parent, size, lead_size, at
    cdef double best_final = 0.0, final, score, top, held, more, threshold
    cdef list negative_list, prose_list, siblings = []
    cdef Prose prose
    if not elements:
        return -1, []
    negative_list = negatives(elements, negative_words, negative_tags)
    scored, prose_list = scores(elements, leaf, runs, paragraph_tags, min_chars)
    if not scored:
        return -1, []
    cdef Py_ssize_t *parents = <Py_ssize_t *> malloc(count * sizeof(Py_ssize_t))
    cdef Py_ssize_t *negative = <Py_ssize_t *> malloc(count * sizeof(Py_ssize_t))
    cdef Py_ssize_t *children = <Py_ssize_t *> malloc(count * sizeof(Py_ssize_t))
    cdef double *finals = <double *> malloc(count * sizeof(double))
    prose.count = len(prose_list)
    prose.element = <Py_ssize_t *> malloc((prose.count + 1) * sizeof(Py_ssize_t))
    prose.points = <Py_ssize_t *> malloc((prose.count + 1) * sizeof(Py_ssize_t))
    prose.size = <Py_ssize_t *> malloc((prose.count + 1) * sizeof(Py_ssize_t))
    try:
        if parents == NULL or negative == NULL or children == NULL or finals == NULL or prose.element == NULL \
                or prose.points == NULL or prose.size == NULL:
            raise MemoryError()
        for index in range(count):
            parents[index] = (<tuple> elements[index])[2]
            negative[index] = negative_list[index]
            children[index] = 0
            finals[index] = 0.0
        for index in range(count):
            if parents[index] >= 0:
                children[parents[index]] += 1
        for at in range(prose.count):
            prose.element[at], prose.points[at], prose.size[at] = <tuple> prose_list[at]
        # The best score, ties to the first element (max over (score, -index)).
        for index, score in scored.items():
            size = chars[index]
            final = score * _weight(<tuple> elements[index], tag_weights, negative_words, positive_words, negative_weight, positive_weight) * (
                1 - (<Py_ssize_t> link_chars[index]) / <double> size if size else 0
            )
            finals[index] = final
            if best < 0 or final > best_final or (final == best_final and index < best):
                best, best_final = index, final
        top = best_final
        _prose_under(&prose, best, end[best], negative, &held, &size)
        ancestor, steps = parents[best], 0
        while ancestor >= 0 and steps < max_climb and <Py_ssize_t> link_chars[ancestor] <= link_share * <Py_ssize_t> chars[ancestor]:
            steps += 1
            _prose_under(&prose, ancestor, end[ancestor], negative, &more, &size)
            if size < prose_share * <Py_ssize_t> chars[ancestor]:
                break
            if more >= climb * held:
                best, held = ancestor, more
            ancestor = parents[ancestor]
        while parents[best] >= 0 and children[parents[best]] == 1:
            best = parents[best]
        parent = parents[best]
        if parent < 0:
            return best, []
        threshold = max(10.0, sibling_share * top)
        for index in range(count):
            if parents[index] != parent or index == best:
                continue
            if finals[index] >= threshold:
                siblings.append(index)
                continue
            # A lead: a sibling that is prose itself (`cleaner.readers.dom._lead`).
            size = chars[index]
            if negative[index] >= 0 or size < lead_chars or <Py_ssize_t> link_chars[index] > lead_link_share * size:
                continue
            _prose_under(&prose, index, end[index], negative, &more, &lead_size)
            if lead_size >= prose_share * size:
                siblings.append(index)
        return best, siblings
    finally:
        free(parents)
        free(negative)
        free(children)
        free(finals)
        free(prose.element)
        free(prose.points)
        free(prose.size)


def blocks(list elements, list runs, Py_ssize_t main, list extra, frozenset landmarks, object label_of, type block_type,
           Py_ssize_t headline_reach, Py_ssize_t headline_gap):
    """The page's blocks, one per run of text: see `cleaner.readers.dom._blocks_py`, whose
    steps (the main-content region, the headline, the CSS paths) are done here in one pass
    over the elements and one over the runs."""
    cdef Py_ssize_t count = len(elements), index, parent, first_run, at, element, start
    cdef list label_list = [None] * count, paths = [None] * count, built = []
    cdef dict labels = {}
    cdef tuple key, run, block
    cdef str tag, ident, classes, label, path
    cdef object item
    cdef char *region = <char *> malloc(count + 1)
    # Per element, its nearest named ancestor-or-self and the one above that, or -1: a path's parts.
    cdef Py_ssize_t *nearest = <Py_ssize_t *> malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t *second = <Py_ssize_t *> malloc((count + 1) * sizeof(Py_ssize_t))
    cdef set roots = {main, *extra} if main >= 0 else set()
    try:
        if region == NULL or nearest == NULL or second == NULL:
            raise MemoryError()
        for index in range(count):
            item = elements[index]
            _, tag, parent, ident, classes = <tuple> item
            region[index] = index in roots or (parent >= 0 and region[parent])
            if ident or classes:
                key = (tag, ident, classes)
                label = labels.get(key)
                if label is None:
                    label = labels[key] = _label(item, tag, ident, classes, label_of)
            else:
                label = tag
            label_list[index] = label
            if label != tag or tag in landmarks:
                nearest[index] = index
                second[index] = nearest[parent] if parent >= 0 else -1
            elif parent >= 0:
                nearest[index], second[index] = nearest[parent], second[parent]
            else:
                nearest[index] = second[index] = -1
        # The page's <h1> joins the region when it stands right above it (`cleaner.readers.dom._add_headline`).
        first_run = -1
        for at in range(len(runs)):
            if region[(<tuple> runs[at])[1]]:
                first_run = at
                break
        if first_run >= 0:
            start = first_run - headline_reach if first_run > headline_reach else 0
            for at in range(first_run - 1, start - 1, -1):
                run = <tuple> runs[at]
                if run[2] == 1:
                    region[<Py_ssize_t> run[1]] = True
                    break
                if len(<str> run[0]) >= headline_gap:
                    break
        for item in runs:
            run = <tuple> item
            element = run[1]
            path = paths[element]
            if path is None:
                label = label_list[element]
                parent = (<tuple> elements[element])[2]
                if parent < 0 or nearest[parent] < 0:
                    path = label
                elif second[parent] < 0:
                    path = f"{label_list[nearest[parent]]} > {label}"
                else:
                    path = f"{label_list[second[parent]]} > {label_list[nearest[parent]]} > {label}"
                paths[element] = path
            block = new_named(block_type, 8)
            put(block, 0, run[0])
            put(block, 1, run[1])
            put(block, 2, run[2])
            put(block, 3, run[3])
            put(block, 4, True if region[element] else False)
            put(block, 5, run[4])
            put(block, 6, path)
            put(block, 7, run[5])
            built.append(block)
        return tuple(built)
    finally:
        free(region)
        free(nearest)
        free(second)
