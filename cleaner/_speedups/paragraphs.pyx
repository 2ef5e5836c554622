# cython: boundscheck=False, wraparound=False
"""BC01's paragraphs in C: `cleaner.engine.paragraphs.make_paragraphs`'s pieces of a line
(`Pieces`) and their join into paragraphs (`joined`).

Their twins are `cleaner.engine.paragraphs.pieces_py` and `joined_py`, the same loops in
Python; tests compare each pair. A line's pieces are cut straight into C structs and kept,
by line, as the bytes of those structs (no Python object per piece, nothing for the
cyclic collector to track); the join, which looks one piece back and one ahead, reads a C
array of every piece's offsets and facts.
"""

from cpython.unicode cimport Py_UNICODE_ISSPACE
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memcpy
from cpython.array cimport array, clone, resize
from cpython.bytes cimport PyBytes_FromStringAndSize


cdef struct Piece:
    Py_ssize_t start, end, stop, block
    bint open_end, continues, link_like


cdef bint _continues(Piece* pieces, Py_ssize_t at, Py_ssize_t count):
    # `cleaner.engine.paragraphs._continues` of pieces[at - 1], pieces[at], pieces[at + 1].
    cdef Piece* previous = &pieces[at - 1]
    cdef Piece* piece = &pieces[at]
    if piece.block != previous.block + 1 or not previous.open_end:
        return False
    if piece.continues:
        return True
    if at + 1 < count and piece.link_like and pieces[at + 1].block == piece.block + 1:
        return pieces[at + 1].continues
    return False


cdef struct LinePiece:
    # A `_Piece`: offsets relative to its line's start, and the facts joining reads.
    Py_ssize_t start, end
    bint last, open_end, continues, link_like


from cleaner._speedups.lines cimport continues_and_few


cdef inline bint _lower(Py_UCS4 c):
    # [a-zа-яёäöüßéèàùâêîôûç] of `cleaner.engine.paragraphs._GLUE_WORD`.
    return (u"a" <= c <= u"z") or (u"а" <= c <= u"я") or c in u"ёäöüßéèàùâêîôûç"


cdef inline bint _glued_sentence(str line, Py_ssize_t at):
    # `_GLUE_SENTENCE` at `at` (0 < at < len(line)): sentence punctuation, then a capital or an opening mark.
    cdef Py_UCS4 before = line[at - 1], c = line[at]
    return before in u".!?”\"»)" and ((u"A" <= c <= u"Z") or (u"А" <= c <= u"Я") or c in u"ЁÄÖÜÉÈÀ“«(")


cdef inline bint _glued_word(str line, Py_ssize_t at, Py_ssize_t length):
    # `_GLUE_WORD` at `at` (0 < at < len(line)): three lowercase letters or a digit, then a capitalised word.
    cdef Py_UCS4 c = line[at], after, before
    if at + 1 >= length:
        return False
    after = line[at + 1]
    if at >= 3 and _lower(line[at - 3]) and _lower(line[at - 2]) and _lower(line[at - 1]):
        if ((u"A" <= c <= u"Z") or (u"А" <= c <= u"Я") or c in u"ЁÄÖÜÉÈÀ") and _lower(after):
            return True
    before = line[at - 1]
    return (
        u"0" <= before <= u"9"
        and ((u"A" <= c <= u"Z") or (u"А" <= c <= u"Я") or c == u"Ё")
        and ((u"a" <= after <= u"z") or (u"а" <= after <= u"я") or after == u"ё")
    )


cdef class Pieces:
    """`cleaner.engine.paragraphs.pieces_py` in C: the pieces (of type `piece`) of a line,
    cut where `_GLUE_SENTENCE` or `_GLUE_WORD` matches in a line of at least
    `glue_min_chars`, each with what joining reads of it. Called with a line, as the twin
    is; `joined` has it `cut` the line into C structs instead."""

    cdef object piece
    cdef Py_ssize_t glue_min_chars, max_words

    def __init__(self, piece, Py_ssize_t glue_min_chars, Py_ssize_t max_words):
        self.piece, self.glue_min_chars, self.max_words = piece, glue_min_chars, max_words

    cdef int _add(self, str line, Py_ssize_t start, Py_ssize_t end, LinePiece** pieces, Py_ssize_t* capacity, Py_ssize_t count) except -1:
        cdef LinePiece* grown
        cdef LinePiece* made
        cdef bint link_like
        if count == capacity[0]:
            grown = <LinePiece*>realloc(pieces[0], 2 * capacity[0] * sizeof(LinePiece))
            if grown is NULL:
                raise MemoryError()
            pieces[0], capacity[0] = grown, 2 * capacity[0]
        made = &pieces[0][count]
        made.start, made.end, made.last = start, end, False
        made.open_end = line[end - 1] not in u".!?:…\"”»)]"
        made.continues = continues_and_few(line, start, end, self.max_words, &link_like)
        made.link_like = link_like
        return 0

    cdef Py_ssize_t cut(self, str line, LinePiece** pieces, Py_ssize_t* capacity) except -1:
        """Cut `line` into `pieces[0]` (a malloc'd array of `capacity[0]`, grown as needed); return how many."""
        cdef Py_ssize_t length = len(line), at, left = 0, start, end, count = 0
        for at in range(length):
            if not Py_UNICODE_ISSPACE(line[at]):
                break
        else:
            return 0  # blank (or empty), as `line.isspace()` tells
        if length < self.glue_min_chars:
            self._add(line, 0, length, pieces, capacity, 0)
            pieces[0][0].last = True
            return 1
        # Each cut is where a piece ends and the next begins; each piece is stripped of
        # its spaces and kept when anything is left.
        for at in range(1, length + 1):
            if at < length and not (_glued_sentence(line, at) or _glued_word(line, at, length)):
                continue
            start, end = left, at
            while start < end and Py_UNICODE_ISSPACE(line[start]):
                start += 1
            while end > start and Py_UNICODE_ISSPACE(line[end - 1]):
                end -= 1
            if end > start:
                self._add(line, start, end, pieces, capacity, count)
                count += 1
            left = at
        if count:
            pieces[0][count - 1].last = True
        return count

    def __call__(self, str line):
        cdef Py_ssize_t capacity = 8, count, at
        cdef LinePiece* pieces = <LinePiece*>malloc(capacity * sizeof(LinePiece))
        cdef LinePiece* made
        if pieces is NULL:
            raise MemoryError()
        try:
            count = self.cut(line, &pieces, &capacity)
            found = []
            for at in range(count):
                made = &pieces[at]
                found.append(tuple.__new__(self.piece, (made.start, made.end, made.last, made.open_end, made.continues, made.link_like)))
            return tuple(found)
        finally:
            free(pieces)


cdef Py_ssize_t _gather(blocks, dict known, Pieces pieces_of, Piece** pieces, Py_ssize_t* capacity) except -1:
    """Every piece of `blocks` into `pieces[0]` (a malloc'd array of `capacity[0]`, grown as
    needed), each line's pieces looked up in `known` by its text, else cut by `pieces_of`
    and kept there; return how many. A line's pieces are kept as the bytes of their C
    structs, which hold no Python object (for a blank line, the empty bytes, which every
    blank line shares), not as the twin's tuples of `_Piece`."""
    cdef Py_ssize_t count = 0, block_start, block_stop, block_index
    cdef Py_ssize_t line_count, line_capacity = 8, at
    cdef LinePiece* line_pieces = <LinePiece*>malloc(line_capacity * sizeof(LinePiece))
    cdef LinePiece* made_line
    cdef Piece* grown
    cdef Piece* made
    # Blocks are named tuples: cast to tuples (unchecked: a subclass is not `tuple`
    # exactly), their fields are C array reads.
    cdef tuple block
    cdef bytes found
    if line_pieces is NULL:
        raise MemoryError()
    try:
        for item in blocks:
            block = <tuple>item
            line = block[4]
            found = <bytes>known.get(line)
            if found is None:
                line_count = pieces_of.cut(line, &line_pieces, &line_capacity)
                found = PyBytes_FromStringAndSize(<char*>line_pieces, line_count * sizeof(LinePiece))
                known[line] = found
            else:
                line_count = len(found) // sizeof(LinePiece)
                if line_count > line_capacity:
                    line_capacity = line_count
                    made_line = <LinePiece*>realloc(line_pieces, line_capacity * sizeof(LinePiece))
                    if made_line is NULL:
                        raise MemoryError()
                    line_pieces = made_line
                memcpy(line_pieces, <char*>found, line_count * sizeof(LinePiece))
            if line_count == 0:
                continue
            block_index, block_start, block_stop = block[0], block[1], block[3]
            for at in range(line_count):
                if count == capacity[0]:
                    grown = <Piece*>realloc(pieces[0], 2 * capacity[0] * sizeof(Piece))
                    if grown is NULL:
                        raise MemoryError()
                    pieces[0], capacity[0] = grown, 2 * capacity[0]
                made, made_line = &pieces[0][count], &line_pieces[at]
                made.start = block_start + made_line.start
                made.end = block_start + made_line.end
                made.stop = block_stop if made_line.last else made.end
                made.block = block_index
                made.open_end, made.continues, made.link_like = made_line.open_end, made_line.continues, made_line.link_like
                count += 1
        return count
    finally:
        free(line_pieces)


def joined(blocks, dict known, Pieces pieces_of, str text, paragraph):
    """The paragraphs (of type `paragraph`) of `blocks`, each line's pieces looked up in
    `known` by its text, else cut by `pieces_of` and kept there (see `_gather`). Blocks are
    `cleaner.model.document.Block`s, as the twin takes them."""
    cdef Py_ssize_t count, capacity = 64, position, first = 0
    cdef Piece* pieces = <Piece*>malloc(capacity * sizeof(Piece))
    new = tuple.__new__
    if pieces is NULL:
        raise MemoryError()
    try:
        count = _gather(blocks, known, pieces_of, &pieces, &capacity)
        paragraphs = []
        for position in range(1, count + 1):
            if position < count and _continues(pieces, position, count):
                continue
            paragraphs.append(
                new(
                    paragraph,
                    (pieces[first].start, pieces[position - 1].end, pieces[position - 1].stop, text[pieces[first].start : pieces[position - 1].end]),
                )
            )
            first = position
        return paragraphs
    finally:
        free(pieces)


def texts_and_bounds(blocks, dict known, Pieces pieces_of, str text):
    """(the texts of the paragraphs `joined` gives, as a tuple; their starts and stops, as
    an array of 'q' [start, stop, start, stop, ...]): what BC01 reads of them, without a
    named tuple each."""
    cdef Py_ssize_t count, capacity = 64, position, first = 0, paragraphs = 0
    cdef Piece* pieces = <Piece*>malloc(capacity * sizeof(Piece))
    cdef array bounds
    cdef long long* at
    cdef list texts = []
    if pieces is NULL:
        raise MemoryError()
    try:
        count = _gather(blocks, known, pieces_of, &pieces, &capacity)
        bounds = clone(_BOUNDS, 2 * count, False)
        at = bounds.data.as_longlongs
        for position in range(1, count + 1):
            if position < count and _continues(pieces, position, count):
                continue
            texts.append(text[pieces[first].start : pieces[position - 1].end])
            at[2 * paragraphs], at[2 * paragraphs + 1] = pieces[first].start, pieces[position - 1].stop
            paragraphs += 1
            first = position
        resize(bounds, 2 * paragraphs)
        return tuple(texts), bounds
    finally:
        free(pieces)


cdef array _BOUNDS = array("q")
