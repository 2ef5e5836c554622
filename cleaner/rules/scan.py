"""Finding the few lines a line rule must judge, with one scan of the whole page.

Most lines of a page are prose or links that no line rule removes, and a rule that
asks a question of each of them in Python spends its time on them. A rule instead
states what a line it could remove must contain (a character, a word, one of its
patterns' literal pieces), finds the lines that contain it with one regular-expression
scan of the page's lines joined together (the scan runs in C), and judges only those.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from re import _parser  # type: ignore[attr-defined]
from typing import AnyStr, NamedTuple

_REPEATS = (_parser.MAX_REPEAT, _parser.MIN_REPEAT, _parser.POSSESSIVE_REPEAT)


def lines_with(hint: re.Pattern[str], lines: Sequence[str]) -> list[int]:
    """The indexes, in order, of the `lines` in which `hint` matches somewhere.

    `hint` must never match a line break (a line holds none): the lines are scanned as
    one text, joined by line breaks (`lines_matching`)."""
    return lines_matching(hint, "\n".join(lines))


def lines_matching(hint: re.Pattern[AnyStr], joined: AnyStr) -> list[int]:
    """The indexes, in order, of the lines of `joined` (lines joined by line breaks) in
    which a match of `hint` starts.

    One scan of the whole text finds them. A match belongs to the line its first
    character is in, a line break to the line it ends; `hint` may hold a line break only
    as its first character, so a match never reaches into another line, and a match that
    an earlier one overlaps is not missed: the earlier one is of the same line. A hint
    that opens with a line break (then what a line must open with), scanned in the lines
    joined after a leading line break, names each line by its own index."""
    found: list[int] = []
    line = position = 0
    newline = "\n" if isinstance(joined, str) else b"\n"
    for match in hint.finditer(joined):
        start = match.start()
        line += joined.count(newline, position, start)  # type: ignore[arg-type]
        position = start
        if not found or found[-1] != line:
            found.append(line)
    return found


def lines_holding(pieces: Iterable[AnyStr], joined: AnyStr) -> set[int]:
    """The indexes of the lines of `joined` (lines joined by line breaks) that hold one of
    `pieces` (none of which holds a line break), each piece found by a fast substring search."""
    found: set[int] = set()
    newline = "\n" if isinstance(joined, str) else b"\n"
    for piece in pieces:
        line = position = 0
        at = joined.find(piece)
        while at >= 0:
            line += joined.count(newline, position, at)  # type: ignore[arg-type]
            found.add(line)
            end = joined.find(newline, at)  # type: ignore[arg-type]
            if end < 0:
                break
            line, position = line + 1, end + 1
            at = joined.find(piece, position)
    return found


@functools.lru_cache(maxsize=256)
def _parsed_items(source: str, flags: int) -> tuple[list, int] | None:  # type: ignore[type-arg]
    try:
        parsed = _parser.parse(source, flags)
    except re.error:  # a syntax this reading does not know: nothing is read from it
        return None
    # The flags the pattern compiles with, its global inline flags ("(?i)...") among them.
    return list(parsed), parsed.state.flags


def _parsed(pattern: re.Pattern[str] | str) -> list | None:  # type: ignore[type-arg]
    """The top-level items of `pattern`'s parse (a compiled pattern or a pattern's source,
    compiled without flags), or None when its syntax is not read (case-insensitive, or
    unknown to the parser). The readings below each need the parse, and parsing costs
    more than all of them: one parse serves them all (the readings only walk the items,
    never change them). A source is read without compiling it: a caller that only needs
    what its matches show need not pay for compiling it."""
    source, flags = (pattern, 0) if isinstance(pattern, str) else (pattern.pattern, pattern.flags)
    found = _parsed_items(source, flags)
    if found is None or found[1] & re.IGNORECASE:
        return None
    return found[0]


def parses(source: str) -> bool:
    """Whether the regex parser reads `source` (a pattern that does not, `re.compile` refuses)."""
    return _parsed_items(source, 0) is not None


def required_pieces(pattern: re.Pattern[str] | str) -> frozenset[str] | None:
    """Literal pieces of which every match of `pattern` contains at least one, or None
    when the pattern's syntax shows none (a line must then be tried against it).

    ("(©|\\(c\\)) ?\\d{4}" needs "©" or "(c)"; "\\d+ min(ute)?s? read" needs " read".)
    Read from the parsed pattern; a piece is only taken from a part that every match
    goes through, so a line without any of them cannot match."""
    parsed = _parsed(pattern)
    return None if parsed is None else _required(parsed)


def _required(items: list) -> frozenset[str] | None:  # type: ignore[type-arg]
    """The best set of pieces one of which the sequence `items` must match, or None."""
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(pieces: frozenset[str] | None) -> None:
        nonlocal best
        if not pieces or any(not piece or "\n" in piece for piece in pieces):
            return
        if best is None or _strength(pieces) > _strength(best):
            best = pieces

    for op, value in items:
        if op is _parser.LITERAL:
            run.append(chr(value))
            continue
        # Anything else ends a run of literal characters (conservatively: a zero-width \b too).
        consider(frozenset({"".join(run)}) if run else None)
        run = []
        if op is _parser.SUBPATTERN:
            _, add_flags, _, inner = value
            if not add_flags & re.IGNORECASE:
                consider(_required(list(inner)))
        elif op is _parser.ATOMIC_GROUP:
            consider(_required(list(value)))
        elif op is _parser.BRANCH:
            branches = [_required(list(branch)) for branch in value[1]]
            if all(branches):
                consider(frozenset().union(*branches))  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _, inner = value
            if low >= 1:
                consider(_required(list(inner)))
    consider(frozenset({"".join(run)}) if run else None)
    return best


def _strength(pieces: frozenset[str]) -> tuple[int, int]:
    """How rarely a line holds one of `pieces`: the shortest piece's length, then fewer pieces."""
    return min(len(piece) for piece in pieces), -len(pieces)


class Starts(NamedTuple):
    """The characters a pattern's matches can start with."""

    characters: frozenset[str]
    decimal: bool = False
    """Whether a decimal digit (`\\d`, `str.isdecimal`) can start one too."""

    def admits(self, first: str) -> bool:
        return first in self.characters or (self.decimal and first.isdecimal())


def starts(pattern: re.Pattern[str] | str) -> Starts | None:
    """The characters every match of `pattern` starts with, or None when its syntax does not
    show them (it may start with anything: `.{0,120}\\ball rights reserved`)."""
    parsed = _parsed(pattern)
    return None if parsed is None else _starts(parsed)


_RANGE_LIMIT = 256
"""Wider character ranges are left unknown rather than spelled out."""


def _starts(items: list) -> Starts | None:  # type: ignore[type-arg]
    if not items:
        return None
    op, value = items[0]
    if op is _parser.LITERAL:
        return Starts(frozenset(chr(value)))
    if op is _parser.IN:
        characters: set[str] = set()
        decimal = False
        for kind, item in value:
            if kind is _parser.LITERAL:
                characters.add(chr(item))
            elif kind is _parser.RANGE and item[1] - item[0] < _RANGE_LIMIT:
                characters.update(map(chr, range(item[0], item[1] + 1)))
            elif kind is _parser.CATEGORY and item in (_parser.CATEGORY_DIGIT, _parser.CATEGORY_UNI_DIGIT):
                decimal = True
            else:  # a negated set, another class: anything may start it
                return None
        return Starts(frozenset(characters), decimal)
    if op is _parser.SUBPATTERN:
        _, add_flags, _, inner = value
        return None if add_flags & re.IGNORECASE else _starts(list(inner))
    if op is _parser.ATOMIC_GROUP:
        return _starts(list(value))
    if op is _parser.BRANCH:
        branches = [_starts(list(branch)) for branch in value[1]]
        if any(branch is None for branch in branches):
            return None
        return Starts(frozenset().union(*(b.characters for b in branches)), any(b.decimal for b in branches))  # type: ignore[union-attr]
    if op in _REPEATS and value[0] >= 1:
        return _starts(list(value[2]))
    return None


_MAX_PREFIXES = 64


def openings(pattern: re.Pattern[str] | str) -> frozenset[str] | None:
    """Non-empty strings one of which every match of `pattern` starts with, or None when
    its syntax does not show them ("(this (web)?site|we) uses? cookies" starts with one of six
    strings, "we use cookies" to "this website uses cookies")."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None
    found, _ = _openings(parsed)
    return found if found and all(found) else None


def digit_openings(pattern: re.Pattern[str] | str) -> frozenset[str] | None:
    """For a pattern whose matches open with one or more decimal digits (`\\d+`), the
    non-empty strings one of which follows those digits in every match ("\\d+ (comments?|replies)"
    gives " comment" and " replies"); None for any other pattern, or when its syntax does not show them."""
    parsed = _parsed(pattern)
    if not parsed:
        return None
    op, value = parsed[0]
    if op not in (_parser.MAX_REPEAT, _parser.MIN_REPEAT) or value[0] < 1 or value[1] != _parser.MAXREPEAT:
        return None
    if list(value[2]) != [(_parser.IN, [(_parser.CATEGORY, _parser.CATEGORY_DIGIT)])]:
        return None
    found, _ = _openings(parsed[1:])
    return found if found and all(found) else None


def _openings(items: list) -> tuple[frozenset[str] | None, bool]:  # type: ignore[type-arg]
    """The strings one of which a match of the sequence `items` starts with, and whether
    they are its every match whole (so that what follows the sequence extends them)."""
    found = frozenset({""})
    for op, value in items:
        if op is _parser.LITERAL:
            found = frozenset(prefix + chr(value) for prefix in found)
            continue
        if op is _parser.SUBPATTERN and not value[1] & re.IGNORECASE:
            inner, whole = _openings(list(value[3]))
        elif op is _parser.BRANCH:
            branches = [_openings(list(branch)) for branch in value[1]]
            if any(branch is None for branch, _ in branches):
                return found, False
            inner = frozenset().union(*(branch for branch, _ in branches))  # type: ignore[misc]
            whole = all(complete for _, complete in branches)
        elif op in (_parser.MAX_REPEAT, _parser.MIN_REPEAT) and value[0] == 0 and value[1] == 1:
            # An optional part ("(web)?site", "uses?"): a match goes on without it or through it.
            inner, whole = _openings(list(value[2]))
            if inner is not None:
                inner = inner | {""}
        else:
            return found, False
        if inner is None or len(found) * len(inner) > _MAX_PREFIXES:
            return found, False
        found = frozenset(prefix + more for prefix in found for more in inner)
        if not whole:
            return found, False
    return found, True


def trie_alternation(words: Iterable[str]) -> str:
    """A regex that matches any of the non-empty `words`, as a tree of their shared beginnings
    ("sh(?:are|ow)"), so that the regex engine tests a position against a few first
    characters instead of every word in turn. Which word matches is not in its order:
    a caller that needs the first one in order keeps its own alternation for that."""
    tree: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in filter(None, words):
        node = tree
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}
    return _branches(tree)


def _branches(node: dict) -> str:  # type: ignore[type-arg]
    alternatives = [re.escape(character) + _branches(child) for character, child in sorted(node.items()) if character]
    if not alternatives:
        return ""
    body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
    if "" in node:
        return "(?:" + body + ")?"
    return body
