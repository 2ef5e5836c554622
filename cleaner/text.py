"""Small text helpers: normalising lines and counting words (for the rules), and `printable` (for every message)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from cleaner._speedups import compiled

WORD = re.compile(r"\w+")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKER_CHARS = frozenset(" \t*-+•·#>|")
_LEADING_MARKERS = re.compile(r"^[\s*\-+•·#>|]+")
_EDGE_PUNCTUATION = " \t:;.,!?…|/\\-–—»«›‹<>()[]{}\"'“”‘’*•·#_~="
_SENTENCE_MARKS = ".!?…"
_CLOSERS = "\"'”’»)"


def plain_py(line: str) -> str:
    """The visible text of a line: markdown links become their text, list markers go.

    (`plain` is its compiled twin, `cleaner._speedups.lines`, when built.)"""
    if "](" in line:
        line = _MARKDOWN_LINK.sub(r"\1", line)
    if line[:1] in _MARKER_CHARS:
        line = _LEADING_MARKERS.sub("", line)
    return line.strip()


# Chosen once, at import: every line key and several rules call it.
_lines_kernel = compiled("lines")
plain: Callable[[str], str] = _lines_kernel.plain if _lines_kernel else plain_py


def normalise_py(line: str) -> str:
    """A comparison key: visible text, case-folded, spaces collapsed, edge punctuation gone.

    (`normalise` is its compiled twin, `cleaner._speedups.keys`, when built.)"""
    text = unicodedata.normalize("NFKC", plain(line)).casefold()
    # split/join collapses the same whitespace as \s+, four times faster on long lines.
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION)


_keys_kernel = compiled("keys")
normaliser = _keys_kernel.Normaliser(_EDGE_PUNCTUATION) if _keys_kernel else None
"""The compiled `normalise`'s object, which kernels that key many lines in one call take
(`cleaner.sites.model.line_keys`); None when the twins are used."""
normalise: Callable[[str], str] = normaliser.normalise if normaliser is not None else normalise_py


def words(line: str) -> list[str]:
    return WORD.findall(line)


def ends_sentence(line: str) -> bool:
    """Whether the line ends like a sentence (., !, ?, … possibly inside closing quotes)."""
    # Read from the end: a pattern searched for at the end is tried at every position.
    line = line.rstrip().rstrip(_CLOSERS)
    return line[-1:] in _SENTENCE_MARKS and bool(line)


def starts_lowercase(line: str) -> bool:
    stripped = plain(line)
    return bool(stripped) and stripped[0].islower()


def printable(text: str) -> str:
    """`text` with every character a terminal would act on or break a line at written as an escape.

    Names, symlink targets, record ids and reasons go through it before they reach a
    message, a diff header or an output format, so a file called "a\nb" or an escape
    sequence in a symlink target cannot split a line or redraw the screen. Printable
    text is left alone (also backslashes), so applying it twice changes nothing.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def plural(count: int, one: str, many: str | None = None) -> str:
    """`count` with its noun, in the singular or the plural: "1 file", "2,000 records"."""
    return f"{count:,} {one if count == 1 else many or one + 's'}"


_KINDS = {bool: "a boolean", int: "an integer", float: "a float", str: "a string", list: "a list", dict: "a table"}


def kind_of(value: object) -> str:
    """What a config value is, for a message that says what it should have been: "an integer"."""
    return _KINDS.get(type(value), type(value).__name__)
