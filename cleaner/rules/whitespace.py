"""Layout debris: trailing spaces, runs of blank lines, lines of stray separators.

- WS01 trailing-whitespace: spaces and tabs at the end of a line.
- WS02 blank-lines: blank lines at the top and bottom, and every blank line after the
  first in a run, so paragraphs stay separated by exactly one blank line.
- WS03 stray-separator: a line holding only one to three separator characters
  ("|", "•", "»", "—"), left behind when the links between them were dropped.

They run last in each pass, so the blank lines that other rules' removals leave
behind are folded in the next pass.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from cleaner._speedups import compiled
from cleaner.model.document import Block, Document, Verdict
from cleaner.rules.base import TEXT_AND_HTML, Reads, Stage


@dataclass(frozen=True)
class TrailingWhitespace:
    """WS01 trailing-whitespace: spaces and tabs at the end of lines.

    What it removes: any whitespace between the last visible character of a line and
    its line break, and the whole content of a line made only of whitespace.

    Why: scrapers pad lines with the indentation of the HTML source; it carries nothing.

    Example: "The minister said so.   " becomes "The minister said so.".

    Must keep: leading indentation (layout dumps use it for tables and quotes), the
    line break itself, and the spaces inside a line.
    """

    code = "WS01"
    name = "trailing-whitespace"
    description = "Spaces and tabs at the end of lines."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LINE
    # Its cuts leave no line with whitespace at its end, and WS02's take whole lines.
    settles = True

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        blocks = doc.fresh_blocks()
        for position, kept in _trailing_whitespace(blocks):
            block = blocks[position]
            width = len(block.text) - kept
            reason = f"{width} whitespace character{'s' if width > 1 else ''} at the end of the line"
            verdicts.append(Verdict(block.start + kept, block.end, self.code, reason))
        return verdicts


def trailing_whitespace_py(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """(position, length without the whitespace at its end) of each of `blocks` whose text
    ends in whitespace, in order. (`_trailing_whitespace` is its compiled twin when built,
    `cleaner._speedups.scans`.)"""
    return [(position, len(block.text.rstrip())) for position, block in enumerate(blocks) if block.text[-1:].isspace()]


@dataclass(frozen=True)
class BlankLines:
    """WS02 blank-lines: blank lines beyond the one that separates two paragraphs.

    What it removes: the blank lines before the first text and after the last, and in
    every run of blank lines all but the first, each run as one removal (a file of
    five million blank lines is one removal, not five million).

    Why: removed boilerplate leaves holes; a clean text separates paragraphs by one
    blank line at most.

    Example: "Para one.\\n\\n\\n\\nPara two." becomes "Para one.\\n\\nPara two.".

    Must keep: a single blank line between paragraphs, and the final line break of
    the file.
    """

    code = "WS02"
    name = "blank-lines"
    description = "Blank lines at the edges of the text and beyond one between paragraphs."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.WHOLE
    # Its cuts take whole blank lines, leaving the lines with text and one blank line at
    # most between two of them; WS01's only shorten lines, never making one blank or not.
    settles = True

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        blocks = doc.blocks
        count = len(blocks)
        if not count:
            return verdicts
        # The runs of blank lines are the gaps between the lines with text (found once a
        # document, as several rules ask), whose indexes are their places among the lines.
        held = list(map(_INDEX, doc.content_blocks()))
        if not held:
            return [_drop_lines(blocks[0], blocks[-1], self.code, f"{_lines(count)} before the first text")]
        if held[0] > 0:
            verdicts.append(_drop_lines(blocks[0], blocks[held[0] - 1], self.code, f"{_lines(held[0])} before the first text"))
        # Two lines with text more than two apart have more than one blank line between them.
        for before, after in _wide_gaps(held, 2):
            extra = after - before - 2
            reason = f"{_lines(extra)} after the first of a run of {extra + 1}"
            verdicts.append(_drop_lines(blocks[before + 2], blocks[after - 1], self.code, reason))
        if held[-1] < count - 1:
            verdicts.append(_drop_lines(blocks[held[-1] + 1], blocks[-1], self.code, f"{_lines(count - 1 - held[-1])} after the last text"))
        return verdicts

    def check_text(self, text: str) -> list[Verdict]:
        """The same verdicts on the runs of more than `LONG_RUN` blank lines, found in the
        raw text: the pipeline takes them before cutting the text into lines, so that a
        file of millions of blank lines costs one scan, not a block per line for every rule."""
        verdicts: list[Verdict] = []
        # The compiled scan reads LF breaks only; CR can make one break of two characters.
        runs = _blank_runs(text, LONG_RUN) if "\r" not in text else blank_runs_py(text, LONG_RUN)
        for start, end in runs:
            run = text[start:end]
            count = _line_breaks(run) + (not run.endswith(("\n", "\r")))
            if start == 0 or end == len(text):
                where = "before the first text" if start == 0 else "after the last text"
                verdicts.append(Verdict(start, end, self.code, f"{_lines(count)} {where}"))
            else:
                first_line = _FIRST_LINE.match(text, start)
                assert first_line is not None
                reason = f"{_lines(count - 1)} after the first of a run of {count:,}"
                verdicts.append(Verdict(first_line.end(), end, self.code, reason))
        return verdicts


LONG_RUN = 100
"""Runs of more blank lines than this are judged on the raw text (`BlankLines.check_text`)."""
# A blank line: whitespace but no line break, then a break. The run starts at a line start
# (not between the CR and LF of one break) and may end with a last line without a break.
# Possessive, so that a run of millions of lines keeps no backtracking state.
_BLANK_RUN = r"(?:^|(?<=\n)|(?<=\r)(?!\n))(?:[^\S\r\n]*+(?:\r\n|\n|\r)){%d,}+(?:[^\S\r\n]+\Z)?"
_LF_RUN = r"\n(?:[^\S\r\n]*+\n){%d}"
"""What every run of more than N blank lines holds in a text without CR: N + 1 line breaks
with only spaces between. It opens with a line break, which the regex engine skips to at C
speed; the run's own pattern is tried at every position of the text."""


@functools.cache
def _blank_run_patterns(more_than: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(_BLANK_RUN % (more_than + 1)), re.compile(_LF_RUN % more_than)


def blank_runs_py(text: str, more_than: int) -> list[tuple[int, int]]:
    """(start, end) of each run of more than `more_than` blank lines in `text`, in order: a run
    starts at a line start (never between the CR and LF of one break), and at the end of the
    text takes the whitespace after its last line break too. (`_blank_runs` is its compiled
    twin, for a text without CR, when built, `cleaner._speedups.scans`: the pattern retries
    at every line break of a run of blank lines, which a page of short runs has thousands of.)"""
    run, lf_run = _blank_run_patterns(more_than)
    if "\r" not in text and lf_run.search(text) is None:
        return []
    return [found.span() for found in run.finditer(text)]


_FIRST_LINE = re.compile(r"[^\S\r\n]*(?:\r\n|\n|\r)")


_INDEX = attrgetter("index")


def wide_gaps_py(held: list[int], wider_than: int) -> list[tuple[int, int]]:
    """(before, after) of each two neighbours of `held` (ascending) more than `wider_than`
    apart, in order. (`_wide_gaps` is its compiled twin when built, `cleaner._speedups.scans`:
    a page has a line with text every other line.)"""
    return [(before, after) for before, after in zip(held, held[1:]) if after - before > wider_than]


def _line_breaks(text: str) -> int:
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _drop_lines(first: Block, last: Block, code: str, reason: str) -> Verdict:
    """Remove the lines from `first` to `last`, line breaks included, as one span."""
    return Verdict(first.start, last.stop, code, reason)


def _lines(count: int) -> str:
    return "blank line" if count == 1 else f"{count:,} blank lines"


# No , ; : here: a get_text("\n") dump puts the comma between two links on its own line.
_SEPARATOR_LINE = re.compile(r"\s*[|•·/\\>›»<‹«–—\-_~=+]{1,3}\s*")


@dataclass(frozen=True)
class StraySeparator:
    """WS03 stray-separator: a line left holding only separator characters.

    What it removes: lines of one to three characters from `| • · / \\ > › » < ‹ « – — - _ ~ = +`.

    Why: menus and bylines print separators between links; the scraper keeps them on
    lines of their own.

    Example: a line "|" between "News" and "Sport" goes.

    Must keep: section breaks made of asterisks or hashes ("***", "* * *", "#"), which
    authors use inside articles; sentence punctuation (",", ";", ":") left alone on a
    line between two links; any line with a letter or digit.
    """

    code = "WS03"
    name = "stray-separator"
    description = "Lines holding only one to three separator characters such as '|' or '•'."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LINE

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        blocks = doc.fresh_blocks()
        for position in _separator_lines(blocks):
            block = blocks[position]
            reason = f"line holds only the separator {block.text.strip()!r}"
            verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts


def separator_lines_py(blocks: Sequence[Block]) -> list[int]:
    """The positions, in order, of the `blocks` that hold only a separator (`_SEPARATOR_LINE`).
    (`_separator_lines` is its compiled twin when built, `cleaner._speedups.scans`.)"""
    # A blank line never matches: the pattern needs a separator character.
    return [position for position, block in enumerate(blocks) if _SEPARATOR_LINE.fullmatch(block.text)]


_scans_kernel = compiled("scans")
_trailing_whitespace: Callable[[Sequence[Block]], list[tuple[int, int]]] = (
    _scans_kernel.trailing_whitespace if _scans_kernel else trailing_whitespace_py
)
_separator_lines: Callable[[Sequence[Block]], list[int]] = _scans_kernel.separator_lines if _scans_kernel else separator_lines_py
_wide_gaps: Callable[[list[int], int], list[tuple[int, int]]] = _scans_kernel.wide_gaps if _scans_kernel else wide_gaps_py
_blank_runs: Callable[[str, int], list[tuple[int, int]]] = _scans_kernel.blank_runs if _scans_kernel else blank_runs_py
