"""The walk of `cleaner.readers.dom`, compiled: the same loop over the same Lexbor nodes,
with its state in C variables instead of the interpreter's.

Its twin is `cleaner.readers.dom._walk_py`; tests compare the two page for page. Every
table (what each tag does, heading levels) and type comes from that module as an
argument, so the rules of the walk are written down once, there.
"""

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
        first = not runs or runs[-1][1] != owner
        runs.append(tuple.__new__(run_type, (text, owner, headings.get(owner_tag, 0), min(link_chars, len(text)),
                                             owner_tag == "li" and first, kept_by)))


def walk(root, dict kept_nodes, dict kinds, object element_type, object run_type, dict headings, object collapse_huge):
    """(elements, leaf, runs) of the tree under `root`: see `cleaner.readers.dom._walk_py`."""
    cdef list elements = [], leaf = [], runs = [], pieces = []
    cdef list open_ids = [], open_state = []
    cdef bint has_text = False, skipped = False
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
        node_id = node.mem_id
        if kept_nodes and not kept_by:
            kept_by = kept_nodes.get(node_id, "")
        open_ids.append(node_id)
        open_state.append((previous_owner, links, skipped, kept_by))
    if has_text:
        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
    return elements, leaf, runs


def totals(list elements, list runs):
    """(chars, link_chars, end) of each element: see `cleaner.readers.dom._totals_py`."""
    cdef Py_ssize_t count = len(elements), index, parent, element
    cdef list chars = [0] * count, link_chars = [0] * count, end = list(range(1, count + 1))
    cdef object run
    for run in runs:
        element = (<tuple> run)[1]
        chars[element] += len(<str> (<tuple> run)[0])
        link_chars[element] += (<tuple> run)[3]
    for index in range(count - 1, -1, -1):
        parent = (<tuple> elements[index])[2]
        if parent >= 0:
            chars[parent] += chars[index]
            link_chars[parent] += link_chars[index]
            if end[parent] < end[index]:
                end[parent] = end[index]
    return chars, link_chars, end


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


def paths(list elements, set owners, frozenset landmarks, object label_of):
    """A short CSS path for each element in `owners`: see `cleaner.readers.dom._paths_py`."""
    cdef list named = []
    cdef dict paths = {}, labels = {}
    cdef object element
    cdef tuple above, key
    cdef Py_ssize_t index, parent
    cdef str tag, ident, classes, label
    for element in elements:
        index, tag, parent, ident, classes = <tuple> element
        above = <tuple> named[parent] if parent >= 0 else ()
        if ident or classes:
            key = (tag, ident, classes)
            label = labels.get(key)
            if label is None:
                label = labels[key] = _label(element, tag, ident, classes, label_of)
        else:
            label = tag
        if label != tag or tag in landmarks:
            named.append((label, above[0]) if above else (label,))
        else:
            named.append(above)
        if index in owners:
            if not above:
                paths[index] = label
            elif len(above) == 1:
                paths[index] = f"{above[0]} > {label}"
            else:
                paths[index] = f"{above[1]} > {above[0]} > {label}"
    return paths


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void *PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index) nogil


cdef class Words:
    """Lower-case ASCII words to look for in text: the regular expression of the words
    joined by "|", without trying each word at each character (`found_in`)."""

    cdef list by_first
    """Per ASCII character, the words (as bytes) that start with it, or None."""

    def __init__(self, words):
        cdef bytes word
        self.by_first = [None] * 128
        for text in words:
            word = text.encode("ascii")
            if self.by_first[word[0]] is None:
                self.by_first[word[0]] = []
            self.by_first[word[0]].append(word)

    cpdef bint found_in(self, str text):
        """Whether one of the words occurs in `text`."""
        cdef int kind = PyUnicode_KIND(text)
        cdef void *data = PyUnicode_DATA(text)
        cdef Py_ssize_t size = len(text), at, k, length
        cdef Py_UCS4 character
        cdef const unsigned char *letters
        cdef object candidates
        cdef bytes word
        for at in range(size):
            character = PyUnicode_READ(kind, data, at)
            if character >= 128:
                continue
            candidates = self.by_first[<Py_ssize_t> character]
            if candidates is None:
                continue
            for word in <list> candidates:
                length = len(word)
                if at + length > size:
                    continue
                letters = word
                for k in range(1, length):
                    if PyUnicode_READ(kind, data, at + k) != letters[k]:
                        break
                else:
                    return True
        return False


def negatives(list elements, Words words, frozenset negative_tags):
    """The nearest element from each up that is named or tagged as no content: see `cleaner.readers.dom._negatives_py`.
    `words` (lower-case ASCII) are looked for once per pair of class and id on the page, in their lower-cased names."""
    cdef Py_ssize_t count = len(elements), index, parent
    cdef list negative = [-1] * count
    cdef dict seen = {}
    cdef object element, found
    cdef tuple key
    cdef str tag, ident, classes
    for index in range(count):
        element = elements[index]
        _, tag, parent, ident, classes = <tuple> element
        if ident or classes:
            key = (classes, ident)
            found = seen.get(key)
            if found is None:
                found = seen[key] = words.found_in(f"{classes} {ident}".lower())
            if found is True:
                negative[index] = index
                continue
        if tag in negative_tags:
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
