# cython: boundscheck=False, wraparound=False
"""BC01's paragraphs joined in C: `cleaner.engine.paragraphs.make_paragraphs` after it has
each line's pieces.

Its twin is `cleaner.engine.paragraphs.joined_py`, the same loop in Python; tests
compare the two. Each piece's offsets and the three facts joining reads are copied into
a C array, so the join, which looks one piece back and one ahead, reads no Python object.
"""

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
    `known` by its text, else made by `pieces_of` and kept there."""
    cdef Py_ssize_t count = 0, capacity = 64, position, first = 0, block_start, block_stop, block_index
    cdef Piece* pieces = <Piece*>malloc(capacity * sizeof(Piece))
    cdef Piece* grown
    cdef Piece* made
    if pieces is NULL:
        raise MemoryError()
    try:
        for block in blocks:
            line = block[4]
            found = known.get(line)
            if found is None:
                found = known[line] = pieces_of(line)
            if not found:
                continue
            block_index, block_start, block_stop = block[0], block[1], block[3]
            for piece in found:
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
                tuple.__new__(
                    paragraph,
                    (pieces[first].start, pieces[position - 1].end, pieces[position - 1].stop, text[pieces[first].start : pieces[position - 1].end]),
                )
            )
            first = position
        return paragraphs
    finally:
        free(pieces)
