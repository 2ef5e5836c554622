# cython: boundscheck=False, wraparound=False
"""BC01's paragraphs in C: `cleaner.engine.paragraphs.make_paragraphs`'s pieces of a line
(`Pieces`) and their join into paragraphs (`joined`).

Their twins are `cleaner.engine.paragraphs.pieces_py` and `joined_py`, the same loops in
Python; tests compare each pair. Each piece's offsets and the three facts joining reads are copied into
a C array, so the join, which looks one piece back and one ahead, reads no Python object.
"""

from cpython.unicode cimport Py_UNICODE_ISSPACE
from libc.stdlib cimport free, malloc, realloc


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


def joined(blocks, dict known, pieces_of, str text, paragraph):
    """The paragraphs (of type `paragraph`) of `blocks`, each line's pieces looked up in
    `known` by its text, else made by `pieces_of` and kept there. Blocks are
    `cleaner.model.document.Block`s and pieces tuples of `_Piece`s, as the twin takes them."""
    cdef Py_ssize_t count = 0, capacity = 64, position, first = 0, block_start, block_stop, block_index
    cdef Piece* pieces = <Piece*>malloc(capacity * sizeof(Piece))
    cdef Piece* grown
    cdef Piece* made
    # Blocks and pieces are named tuples: cast to tuples (unchecked: a subclass is not
    # `tuple` exactly), their fields are C array reads.
    cdef tuple block, piece, found
    new = tuple.__new__
    if pieces is NULL:
        raise MemoryError()
    try:
        for item in blocks:
            block = <tuple>item
            line = block[4]
            found = <tuple>known.get(line)
            if found is None:
                found = <tuple>pieces_of(line)
                known[line] = found
            if not found:
                continue
            block_index, block_start, block_stop = block[0], block[1], block[3]
            for item in found:
                piece = <tuple>item
                if count == capacity:
                    capacity *= 2
                    grown = <Piece*>realloc(pieces, capacity * sizeof(Piece))
                    if grown is NULL:
                        raise MemoryError()
                    pieces = grown
                made = &pieces[count]
                made.start = block_start + <Py_ssize_t>piece[0]
                made.end = block_start + <Py_ssize_t>piece[1]
                made.stop = block_stop if piece[2] else made.end
                made.block = block_index
                made.open_end, made.continues, made.link_like = piece[3], piece[4], piece[5]
                count += 1
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
    `glue_min_chars`, each with what joining reads of it. A callable, so that `joined`
    calls it as it calls the twin, with the line alone."""

    cdef object piece, new
    cdef Py_ssize_t glue_min_chars, max_words

    def __init__(self, piece, Py_ssize_t glue_min_chars, Py_ssize_t max_words):
        self.piece, self.glue_min_chars, self.max_words = piece, glue_min_chars, max_words
        self.new = tuple.__new__

    cdef object _made(self, str line, Py_ssize_t start, Py_ssize_t end, bint last):
        cdef bint link_like
        cdef bint continues = continues_and_few(line, start, end, self.max_words, &link_like)
        return self.new(self.piece, (start, end, last, line[end - 1] not in u".!?:…\"”»)]", continues, link_like))

    def __call__(self, str line):
        cdef Py_ssize_t length = len(line), at, left = 0, start, end
        cdef list spans
        if length == 0 or line.isspace():
            return ()
        if length < self.glue_min_chars:
            return (self._made(line, 0, length, True),)
        spans = []
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
                spans.append((start, end))
            left = at
        return tuple([self._made(line, span[0], span[1], index == len(spans) - 1) for index, span in enumerate(spans)])
