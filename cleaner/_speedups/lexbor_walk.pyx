"""The walk of `cleaner.readers.dom` over Lexbor's own tree, without a Python object per node.

selectolax makes a Python object for every node it hands out (`traverse`), and the walk
reads each node's tag and text through it: that was most of the compiled walk's time.
Here the same walk steps from node to node in C, through the DOM functions that
selectolax's extension module exports from the Lexbor it is built with (found with
dlsym when this module is imported; when one is missing the import fails and the
caller falls back to the compiled walk over selectolax's nodes). Only what the
blocks keep becomes a Python object: text, and the tag, id and class of block-level
elements.

It also leaves out, as it goes, what `cleaner.readers.dom.parse_page` would otherwise
remove from the tree before walking it (`strip`): elements a reader never sees
(`INVISIBLE`) and elements the page hides (`hidden`, `aria-hidden="true"`, a style of
`display:none` or `visibility:hidden`), whole subtrees each, except the panels of tabs
and accordions (`cleaner.readers.dom._DISCLOSED`).

Its twin is that removal followed by `cleaner.readers.dom._walk_py`; tests compare the
two on generated pages. Every table (what each tag does, heading levels) and type comes
from that module as an argument, so the rules of the walk are written down once, there.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport uintptr_t
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcmp, memcpy

import selectolax.lexbor

from cleaner._speedups.named_tuples cimport new_named, put


cdef extern from *:
    """
    /* Lexbor's functions are looked up in selectolax's module with the POSIX loader; where
       there is none (Windows), nothing is found, the import fails, and the walk over
       selectolax's nodes runs instead: the package still builds there. */
    #if defined(_WIN32)
    static void *cleaner_open_library(const char *path) { (void) path; return NULL; }
    static void *cleaner_symbol(void *library, const char *name) { (void) library; (void) name; return NULL; }
    #else
    #include <dlfcn.h>
    static void *cleaner_open_library(const char *path) { return dlopen(path, RTLD_LAZY); }
    static void *cleaner_symbol(void *library, const char *name) { return dlsym(library, name); }
    #endif
    """
    void *cleaner_open_library(const char *path)
    void *cleaner_symbol(void *library, const char *name)


ctypedef unsigned char lxb_char_t
ctypedef void *(*node_step_f)(void *node) noexcept nogil
ctypedef int (*node_type_f)(void *node) noexcept nogil
ctypedef uintptr_t (*tag_id_f)(void *node) noexcept nogil
ctypedef const lxb_char_t *(*element_name_f)(void *element, size_t *length) noexcept nogil
ctypedef lxb_char_t *(*text_content_f)(void *node, size_t *length) noexcept nogil
ctypedef const lxb_char_t *(*attr_value_f)(void *attr, size_t *length) noexcept nogil
ctypedef void *(*first_attr_f)(void *element) noexcept nogil
ctypedef void *(*next_attr_f)(void *attr) noexcept nogil

cdef node_step_f first_child
cdef node_step_f next_sibling
cdef node_step_f parent_of
cdef node_type_f node_type
cdef tag_id_f tag_id
cdef element_name_f qualified_name
cdef text_content_f text_content
cdef attr_value_f attr_value
cdef first_attr_f first_attribute
cdef next_attr_f next_attribute
cdef attr_value_f attr_name
cdef element_name_f element_id
cdef element_name_f element_class


cdef void *_symbol(void *library, bytes name) except NULL:
    cdef void *found = cleaner_symbol(library, name)
    if found == NULL:
        raise ImportError(f"selectolax's module exports no {name.decode()}: the walk over selectolax's nodes is used instead")
    return found


cdef void _bind() except *:
    global first_child, next_sibling, parent_of, node_type, tag_id, qualified_name, text_content, attr_value
    global first_attribute, next_attribute, attr_name, element_id, element_class
    cdef void *library = cleaner_open_library(selectolax.lexbor.__file__.encode())
    if library == NULL:
        raise ImportError("selectolax's module cannot be opened for its Lexbor functions")
    first_child = <node_step_f> _symbol(library, b"lxb_dom_node_first_child_noi")
    next_sibling = <node_step_f> _symbol(library, b"lxb_dom_node_next_noi")
    parent_of = <node_step_f> _symbol(library, b"lxb_dom_node_parent_noi")
    node_type = <node_type_f> _symbol(library, b"lxb_dom_node_type_noi")
    tag_id = <tag_id_f> _symbol(library, b"lxb_dom_node_tag_id_noi")
    qualified_name = <element_name_f> _symbol(library, b"lxb_dom_element_qualified_name")
    text_content = <text_content_f> _symbol(library, b"lxb_dom_node_text_content")
    attr_value = <attr_value_f> _symbol(library, b"lxb_dom_attr_value_noi")
    first_attribute = <first_attr_f> _symbol(library, b"lxb_dom_element_first_attribute_noi")
    next_attribute = <next_attr_f> _symbol(library, b"lxb_dom_element_next_attribute_noi")
    attr_name = <attr_value_f> _symbol(library, b"lxb_dom_attr_local_name_noi")
    element_id = <element_name_f> _symbol(library, b"lxb_dom_element_id_noi")
    element_class = <element_name_f> _symbol(library, b"lxb_dom_element_class_noi")


_bind()


cdef enum:
    # The DOM's node types (the same numbers in every DOM).
    ELEMENT_NODE = 1
    TEXT_NODE = 3
    # What each tag does to the walk: `cleaner.readers.dom`'s kinds, and two of this walk's own.
    INLINE = 0
    NOTHING = 1
    BREAK = 2
    SKIPPED = 3
    BLOCK = 4
    LINK = 5
    UNSEEN = 6  # an element left out with its subtree (`strip`)
    UNKNOWN = -1
    KNOWN_IDS = 512  # tag ids below this are cached in an array; Lexbor gives the tags it knows small ids
    NO_OWNER = -2  # a frame whose element is not block-level: closing it changes no owner
    CHUNK = 1 << 20


cdef inline str _decode(const lxb_char_t *data, size_t length):
    # As selectolax decodes every text it hands out: bytes Lexbor passed through undecodable become U+FFFD.
    return PyUnicode_DecodeUTF8(<const char *> data, length, "replace")


cdef extern from "Python.h":
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    int PyUnicode_KIND(object text)
    void *PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index) nogil
    void PyUnicode_WRITE(int kind, void *data, Py_ssize_t index, Py_UCS4 value) nogil
    bint Py_UNICODE_ISSPACE(Py_UCS4 character) nogil
    int PyUnicode_1BYTE_KIND


cdef bint NARROW_SPACE[256]
for _character in range(256):
    NARROW_SPACE[_character] = Py_UNICODE_ISSPACE(_character)


cdef inline bint _space(int kind, void *data, Py_ssize_t at, Py_UCS4 *character) noexcept nogil:
    # Most text is stored a byte a character: read it straight, and look its whitespace up.
    if kind == PyUnicode_1BYTE_KIND:
        character[0] = (<const unsigned char *> data)[at]
        return NARROW_SPACE[character[0]]
    character[0] = PyUnicode_READ(kind, data, at)
    return Py_UNICODE_ISSPACE(character[0])


cdef inline Py_ssize_t _collapsed(str text, Py_UCS4 *widest, bint *same):
    """The length of `text` with each run of whitespace one space and none at the ends (the
    whitespace of str.split()); `widest` gets its widest character, `same` whether it is `text` itself."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    cdef Py_ssize_t at, size = len(text), count = 0
    cdef Py_UCS4 character, wide = 0
    cdef bint gap = False, begun = False, unchanged = True
    for at in range(size):
        if _space(kind, data, at, &character):
            if gap or not begun or character != 32:
                unchanged = False
            gap = begun
        else:
            if gap:
                count += 1
                gap = False
                if wide < 32:
                    wide = 32
            count += 1
            begun = True
            if character > wide:
                wide = character
    widest[0] = wide
    same[0] = unchanged and not gap
    return count


cdef str _collapse_narrow(str text):
    """`_collapse` of a text stored a byte a character, most of a page's: one pass that
    writes the collapsed characters to a buffer as it reads them, then copies them into
    a string of the narrowest width that holds them (no-break spaces and U+0085 are
    whitespace, so a Latin-1 text may collapse to ASCII)."""
    cdef const unsigned char *data = <const unsigned char *> PyUnicode_DATA(text)
    cdef Py_ssize_t at, size = len(text), written = 0
    cdef unsigned char character, widest = 0
    cdef bint gap = False, unchanged = True
    cdef unsigned char *out
    cdef object result
    if size == 0:
        return text
    out = <unsigned char *> PyMem_Malloc(size)
    if out == NULL:
        raise MemoryError()
    try:
        for at in range(size):
            character = data[at]
            if NARROW_SPACE[character]:
                if gap or written == 0 or character != 32:
                    unchanged = False
                gap = written > 0
            else:
                if gap:
                    out[written] = 32
                    written += 1
                    gap = False
                out[written] = character
                written += 1
                if character > widest:
                    widest = character
        if unchanged and not gap:
            return text
        if written == 0:
            return ""
        result = PyUnicode_New(written, widest if widest > 32 else 32)
        memcpy(PyUnicode_DATA(result), out, written)
        return <str> result
    finally:
        PyMem_Free(out)


cdef str _collapse(str text, object collapse_huge):
    """" ".join(text.split()) without a string for every word; beyond a megabyte the
    module's own collapse works in chunks, to bound its memory."""
    cdef Py_UCS4 widest
    cdef bint same
    cdef Py_ssize_t size, at, written = 0
    cdef int kind, out_kind
    cdef void *data
    cdef void *out
    cdef Py_UCS4 character
    cdef bint gap = False
    cdef object result
    if len(text) > CHUNK:
        return collapse_huge(text)
    if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
        return _collapse_narrow(text)
    size = _collapsed(text, &widest, &same)
    if same:
        return text
    if size == 0:
        return ""
    result = PyUnicode_New(size, widest)
    kind, data = PyUnicode_KIND(text), PyUnicode_DATA(text)
    out_kind, out = PyUnicode_KIND(result), PyUnicode_DATA(result)
    for at in range(len(text)):
        if _space(kind, data, at, &character):
            gap = written > 0
        else:
            if gap:
                PyUnicode_WRITE(out_kind, out, written, 32)
                written += 1
                gap = False
            PyUnicode_WRITE(out_kind, out, written, character)
            written += 1
    return <str> result


cdef inline Py_ssize_t _collapsed_length(str text, object collapse_huge):
    cdef Py_UCS4 widest
    cdef bint same
    if len(text) > CHUNK:
        return len(collapse_huge(text))
    return _collapsed(text, &widest, &same)


def collapse(str text, object collapse_huge):
    """`_collapse`, for the tests that hold it to the module's own collapse."""
    return _collapse(text, collapse_huge)


cdef inline void _add_run(list runs, list pieces, Py_ssize_t owner, str owner_tag, Py_ssize_t link_chars, str kept_by,
                          type run_type, dict headings, object collapse_huge):
    cdef str text = _collapse("".join(pieces), collapse_huge)
    cdef bint first
    cdef tuple run
    del pieces[:]
    if text and owner >= 0:
        first = not runs or (<tuple> runs[-1])[1] != owner
        run = new_named(run_type, 6)
        put(run, 0, text)
        put(run, 1, owner)
        put(run, 2, headings.get(owner_tag, 0))
        put(run, 3, min(link_chars, len(text)))
        put(run, 4, owner_tag == "li" and first)
        put(run, 5, kept_by)
        runs.append(run)


cdef inline bint _ascii_space(lxb_char_t byte) noexcept nogil:
    # The ASCII characters str.isspace() counts.
    return byte == 32 or 9 <= byte <= 13 or 28 <= byte <= 31


cdef inline int _space_only(const lxb_char_t *data, size_t length) noexcept nogil:
    """1 when the bytes are ASCII whitespace only, 0 when they hold other ASCII, -1 when
    only decoding can tell (bytes beyond ASCII, and no other ASCII character)."""
    cdef size_t at
    cdef bint wide = False
    for at in range(length):
        if data[at] >= 128:
            wide = True
        elif not _ascii_space(data[at]):
            return 0
    return -1 if wide else 1


cdef inline bint _holds(const lxb_char_t *value, size_t length, const char *needle, size_t size) noexcept nogil:
    """Whether `needle` (lower-case ASCII) occurs in `value`, ASCII letters compared without case."""
    cdef size_t start, at
    cdef lxb_char_t byte
    if length < size:
        return False
    for start in range(length - size + 1):
        for at in range(size):
            byte = value[start + at]
            if 65 <= byte <= 90:
                byte += 32
            if byte != <lxb_char_t> needle[at]:
                break
        else:
            return True
    return False


cdef inline bint _named_as(const lxb_char_t *name, size_t length, const char *wanted, size_t size) noexcept nogil:
    return length == size and memcmp(name, wanted, size) == 0


cdef inline bint _equal_folded(const lxb_char_t *value, size_t length, const char *wanted, size_t size) noexcept nogil:
    # Whether the value is `wanted` (lower-case ASCII), ASCII letters compared without case.
    return length == size and _holds(value, length, wanted, size)


cdef bint _names_a_panel(const lxb_char_t *value, size_t length) noexcept nogil:
    # A word of `cleaner.readers.dom.DISCLOSURE_WORDS` in a class or id, in that order (the tests hold the two together).
    return (
        _holds(value, length, b"accordion", 9) or _holds(value, length, b"collapse", 8) or _holds(value, length, b"tabpanel", 8)
        or _holds(value, length, b"tab-pane", 8) or _holds(value, length, b"tab-panel", 9) or _holds(value, length, b"tab-content", 11)
        or _holds(value, length, b"tab__content", 12) or _holds(value, length, b"tabs-panel", 10) or _holds(value, length, b"faq", 3)
        or _holds(value, length, b"expander", 8)
    )


cdef bint _is_disclosed(void *element) noexcept nogil:
    """Whether a hidden element is a panel of tabs or of an accordion, read all the same, as
    `cleaner.readers.dom._DISCLOSED` says: `role="tabpanel"`, `aria-labelledby` with no
    role (or an empty one) or `role="region"`, or a class or id holding a word of
    `DISCLOSURE_WORDS`, case aside. The first attribute of each name counts, as for a selector."""
    cdef size_t length = 0, name_length = 0
    cdef const lxb_char_t *value
    cdef const lxb_char_t *name
    cdef void *attr = first_attribute(element)
    cdef bint labelled = False, role_seen = False, class_seen = False, id_seen = False, open_role = True
    while attr != NULL:
        name = attr_name(attr, &name_length)
        if name != NULL:
            if _named_as(name, name_length, b"aria-labelledby", 15):
                labelled = True
            elif not role_seen and _named_as(name, name_length, b"role", 4):
                role_seen = True
                value = attr_value(attr, &length)
                if value != NULL and length:
                    if _equal_folded(value, length, b"tabpanel", 8):
                        return True
                    open_role = _equal_folded(value, length, b"region", 6)
            elif (not class_seen and _named_as(name, name_length, b"class", 5)) or (not id_seen and _named_as(name, name_length, b"id", 2)):
                if name_length == 5:
                    class_seen = True
                else:
                    id_seen = True
                value = attr_value(attr, &length)
                if value != NULL and _names_a_panel(value, length):
                    return True
        attr = next_attribute(attr)
    return labelled and open_role


def disclosed(size_t node):
    """Whether the element at `node` (a selectolax `mem_id`) is a panel read although hidden (see `_is_disclosed`)."""
    return _is_disclosed(<void *> node)


cdef bint _is_hidden(void *element) noexcept nogil:
    """Whether the page hides the element: whether it is not `_is_disclosed` and
    `_hides` it."""
    return _hides(element) and not _is_disclosed(element)


cdef bint _hides(void *element) noexcept nogil:
    """Whether the element is one `cleaner.readers.dom._HIDDEN` selects: `[hidden]`,
    `[aria-hidden="true"]`, or a style with `display:none`, `display: none` or
    `visibility:hidden`, case aside (the selector's `i`).

    Its attributes are read once each, by their local names (which the parser lower-cased),
    instead of looked up by name three times: most elements have one or two."""
    cdef size_t length = 0, name_length = 0
    cdef const lxb_char_t *value
    cdef const lxb_char_t *name
    cdef void *attr = first_attribute(element)
    cdef bint aria_seen = False, style_seen = False
    while attr != NULL:
        name = attr_name(attr, &name_length)
        if name != NULL:
            if _named_as(name, name_length, b"hidden", 6):
                return True
            if not aria_seen and _named_as(name, name_length, b"aria-hidden", 11):
                # The first attribute of a name is the one a selector reads.
                aria_seen = True
                value = attr_value(attr, &length)
                if value != NULL and length == 4 and value[0] == b't' and value[1] == b'r' and value[2] == b'u' and value[3] == b'e':
                    return True
            elif not style_seen and _named_as(name, name_length, b"style", 5):
                style_seen = True
                value = attr_value(attr, &length)
                if value != NULL and (
                    _holds(value, length, b"display:none", 12) or _holds(value, length, b"display: none", 13)
                    or _holds(value, length, b"visibility:hidden", 17)
                ):
                    return True
        attr = next_attribute(attr)
    return False


def hidden(size_t node):
    """Whether the element at `node` (a selectolax `mem_id`) is one the page hides (see `walk`)."""
    return _is_hidden(<void *> node)


cdef inline str _named(element_name_f read, void *element):
    # The element's id or class, as its attribute holds it (Lexbor keeps both at hand).
    cdef size_t length = 0
    cdef const lxb_char_t *value = read(element, &length)
    return _decode(value, length) if value != NULL and length else ""


cdef struct Frame:
    void *node
    Py_ssize_t previous_owner
    Py_ssize_t links
    bint skipped


def walk(size_t root, dict kept_nodes, bint strip, dict kinds, frozenset unseen, type element_type, type run_type, dict headings,
         object collapse_huge):
    """(elements, leaf, runs) of the tree under `root` (a selectolax `mem_id`): see
    `cleaner.readers.dom._walk_py`, which walks selectolax's nodes instead. With `strip`,
    the elements named in `unseen` and those the page hides are left out with their subtrees."""
    cdef list elements = [], leaf = [], runs = [], pieces = [], kept_stack = []
    cdef list known_names = [None] * KNOWN_IDS
    cdef dict other_kinds = {}, other_names = {}
    cdef int known[KNOWN_IDS]
    cdef int kind, ntype, space
    cdef Py_ssize_t depth = 0, capacity = 64, link_chars = 0, owner = -1, pre = 0, links = 0, index, number, line_count
    cdef Py_ssize_t previous_owner
    cdef bint has_text = False, skipped = False, descend, boundary = False
    cdef str tag, text, line, owner_tag = "", run_kept = "", kept_by = "", kept
    cdef void *node = <void *> root
    cdef void *child
    cdef uintptr_t tid
    cdef lxb_char_t *data
    cdef const lxb_char_t *name_data
    cdef size_t length = 0
    cdef list lines
    cdef tuple element
    cdef Frame *frames = <Frame *> malloc(capacity * sizeof(Frame))
    cdef Frame *grown
    if frames == NULL:
        raise MemoryError()
    for index in range(KNOWN_IDS):
        known[index] = UNKNOWN
    try:
        while node != NULL:
            descend = False
            ntype = node_type(node)
            if ntype == TEXT_NODE:
                # A copy in the document's own memory, freed with the tree when the page is parsed
                # (Lexbor exports no way to read a text node's characters in place).
                data = text_content(node, &length)
                if data != NULL and length:
                    space = _space_only(data, length)
                    if space == 1:
                        if pieces:
                            pieces.append(" ")
                    else:
                        text = _decode(data, length)
                        if space == -1 and text.isspace():
                            if pieces:
                                pieces.append(" ")
                        elif not skipped:
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
                                        link_chars += _collapsed_length(line, collapse_huge)
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
                                    link_chars += _collapsed_length(text, collapse_huge)
            elif ntype == ELEMENT_NODE:
                tid = tag_id(node)
                kind = known[tid] if tid < KNOWN_IDS else other_kinds.get(tid, UNKNOWN)
                if kind == UNKNOWN:
                    name_data = qualified_name(node, &length)
                    tag = _decode(name_data, length) if name_data != NULL else ""
                    if not tag or tag[0] in "-!_":
                        kind = NOTHING
                    elif strip and tag in unseen:
                        kind = UNSEEN
                    else:
                        kind = kinds.get(tag, INLINE)
                    if tid < KNOWN_IDS:
                        known[tid] = kind
                        known_names[tid] = tag
                    else:
                        other_kinds[tid] = kind
                        other_names[tid] = tag
                if kind == UNSEEN or kind == NOTHING or (strip and _is_hidden(node)):
                    pass
                elif kind == BREAK:
                    # The pending text is the current block's.
                    if has_text:
                        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
                        has_text, link_chars, run_kept = False, 0, ""
                    elif pieces:
                        del pieces[:]
                else:
                    previous_owner = NO_OWNER
                    if kind == SKIPPED:
                        skipped = True
                    elif kind == BLOCK:
                        if has_text:
                            _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
                            has_text, link_chars, run_kept = False, 0, ""
                        elif pieces:
                            del pieces[:]
                        previous_owner = owner
                        tag = <str> (known_names[tid] if tid < KNOWN_IDS else other_names[tid])
                        index = len(elements)
                        element = new_named(element_type, 5)
                        put(element, 0, index)
                        put(element, 1, tag)
                        put(element, 2, owner)
                        put(element, 3, _named(element_id, node))
                        put(element, 4, _named(element_class, node))
                        elements.append(element)
                        leaf.append(True)
                        if owner >= 0:
                            leaf[owner] = False
                        owner, owner_tag = index, tag
                        if tag == "pre":
                            pre += 1
                    elif kind == LINK:
                        links += 1
                    if kept_nodes and not kept_by:
                        kept_by = kept_nodes.get(<size_t> node, "")
                    if depth == capacity:
                        capacity *= 2
                        grown = <Frame *> realloc(frames, capacity * sizeof(Frame))
                        if grown == NULL:
                            raise MemoryError()
                        frames = grown
                    boundary = True
                    frames[depth].node = node
                    frames[depth].previous_owner = previous_owner
                    frames[depth].links = links
                    frames[depth].skipped = skipped
                    kept_stack.append(kept_by)
                    depth += 1
                    descend = True
            if descend:
                child = first_child(node)
                if child != NULL:
                    node = child
                    continue
            # On to the next node in document order, closing each element left behind.
            while True:
                if depth and frames[depth - 1].node == node:
                    boundary = True
                    depth -= 1
                    previous_owner = frames[depth].previous_owner
                    kept_stack.pop()
                    if previous_owner != NO_OWNER:
                        if has_text:
                            _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
                            has_text, link_chars, run_kept = False, 0, ""
                        elif pieces:
                            del pieces[:]
                        if owner_tag == "pre":
                            pre -= 1
                        owner = previous_owner
                        owner_tag = (<tuple> elements[owner])[1] if owner >= 0 else ""
                    if depth:
                        links, skipped, kept_by = frames[depth - 1].links, frames[depth - 1].skipped, kept_stack[depth - 1]
                    else:
                        links, skipped, kept_by = 0, False, ""
                if node == <void *> root:
                    node = NULL
                    break
                child = next_sibling(node)
                if child != NULL:
                    node = child
                    break
                node = parent_of(node)
                if node == NULL:
                    break
    finally:
        free(frames)
    if has_text:
        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept, run_type, headings, collapse_huge)
    return elements, leaf, runs



# --- the head: what `cleaner.readers.dom._declared_py` and the title read with CSS selectors ---

cdef enum:
    # The elements `declared` looks for, by tag; each matches one of `_declared_py`'s selectors at most.
    OTHER_TAG = 0
    TITLE_TAG = 1
    LINK_TAG = 2
    META_TAG = 3
    BASE_TAG = 4


cdef int _head_tag(void *node, int *known) noexcept:
    # Which of the head's tags the element is, by its tag id, each id's name read once.
    cdef uintptr_t tid = tag_id(node)
    cdef size_t length = 0
    cdef const lxb_char_t *name
    cdef int found
    if tid < KNOWN_IDS and known[tid] >= 0:
        return known[tid]
    name = qualified_name(node, &length)
    found = OTHER_TAG
    if name != NULL:
        if _named_as(name, length, b"title", 5):
            found = TITLE_TAG
        elif _named_as(name, length, b"link", 4):
            found = LINK_TAG
        elif _named_as(name, length, b"meta", 4):
            found = META_TAG
        elif _named_as(name, length, b"base", 4):
            found = BASE_TAG
    if tid < KNOWN_IDS:
        known[tid] = found
    return found


cdef void *_attribute_named(void *element, const char *wanted, size_t size) noexcept:
    # The element's first attribute of that local name (the one a selector reads), or NULL.
    cdef size_t length = 0
    cdef const lxb_char_t *name
    cdef void *attr = first_attribute(element)
    while attr != NULL:
        name = attr_name(attr, &length)
        if name != NULL and _named_as(name, length, wanted, size):
            return attr
        attr = next_attribute(attr)
    return NULL


cdef bint _value_is(void *attr, const char *wanted, size_t size, bint any_case) noexcept:
    # Whether the attribute's value is `wanted`; with `any_case`, ASCII letters compared
    # without case, as the HTML standard has selectors compare a `rel`.
    cdef size_t length = 0
    cdef const lxb_char_t *value = attr_value(attr, &length) if attr != NULL else NULL
    if value == NULL or length != size:
        return False
    if not any_case:
        return memcmp(value, wanted, size) == 0
    return _holds(value, length, wanted, size)


cdef str _value(void *attr):
    # `cleaner.readers.dom._attribute`: the value stripped, "" for none.
    cdef size_t length = 0
    cdef const lxb_char_t *value = attr_value(attr, &length) if attr != NULL else NULL
    return _decode(value, length).strip() if value != NULL and length else ""


cdef inline void *_following(void *node, void *scope) noexcept:
    # The node after `node` in document order, inside `scope`; NULL past its end.
    cdef void *step = first_child(node)
    if step != NULL:
        return step
    while node != NULL and node != scope:
        step = next_sibling(node)
        if step != NULL:
            return step
        node = parent_of(node)
    return NULL


def title(size_t root):
    """The text of the first `title` element under `root` (a selectolax `mem_id`), all its
    text nodes' characters, as selectolax's `css_first("title").text()` gives it; None
    when there is none."""
    cdef int known[KNOWN_IDS]
    cdef void *scope = <void *> root
    cdef void *node = _following(scope, scope)
    cdef lxb_char_t *data
    cdef size_t length = 0
    cdef Py_ssize_t index
    for index in range(KNOWN_IDS):
        known[index] = -1
    while node != NULL:
        if node_type(node) == ELEMENT_NODE and _head_tag(node, known) == TITLE_TAG:
            data = text_content(node, &length)
            return _decode(data, length) if data != NULL and length else ""
        node = _following(node, scope)
    return None


def declared(size_t root):
    """What `cleaner.readers.dom._declared_py` reads in the subtree under `root` (a
    selectolax `mem_id`) with its CSS selectors, as (canonical URL, og:url, base URL,
    og:title): each the first matching element's attribute, stripped, "" when there is none."""
    cdef int known[KNOWN_IDS]
    cdef void *scope = <void *> root
    cdef void *node = _following(scope, scope)
    cdef void *found[4]
    cdef void *attr
    cdef int tag, left = 4, at
    cdef Py_ssize_t index
    for index in range(KNOWN_IDS):
        known[index] = -1
    for at in range(4):
        found[at] = NULL
    while node != NULL and left:
        if node_type(node) == ELEMENT_NODE:
            tag = _head_tag(node, known)
            if tag == LINK_TAG and found[0] == NULL:
                if _value_is(_attribute_named(node, b"rel", 3), b"canonical", 9, True):
                    found[0] = node
                    left -= 1
            elif tag == META_TAG and (found[1] == NULL or found[3] == NULL):
                attr = _attribute_named(node, b"property", 8)
                if found[1] == NULL and _value_is(attr, b"og:url", 6, False):
                    found[1] = node
                    left -= 1
                elif found[3] == NULL and _value_is(attr, b"og:title", 8, False):
                    found[3] = node
                    left -= 1
            elif tag == BASE_TAG and found[2] == NULL and _attribute_named(node, b"href", 4) != NULL:
                found[2] = node
                left -= 1
        node = _following(node, scope)
    return (
        _value(_attribute_named(found[0], b"href", 4)) if found[0] != NULL else "",
        _value(_attribute_named(found[1], b"content", 7)) if found[1] != NULL else "",
        _value(_attribute_named(found[2], b"href", 4)) if found[2] != NULL else "",
        _value(_attribute_named(found[3], b"content", 7)) if found[3] != NULL else "",
    )
