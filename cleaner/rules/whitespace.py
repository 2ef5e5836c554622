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

import re
from dataclasses import dataclass

from cleaner.document import Document, Verdict


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

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        for block in doc.blocks:
            kept = len(block.text.rstrip())
            if kept < len(block.text):
                width = len(block.text) - kept
                reason = f"{width} whitespace character{'s' if width > 1 else ''} at the end of the line"
                verdicts.append(Verdict(block.start + kept, block.end, self.code, reason))
        return verdicts


@dataclass(frozen=True)
class BlankLines:
    """WS02 blank-lines: blank lines beyond the one that separates two paragraphs.

    What it removes: blank lines before the first text and after the last, and in
    every run of blank lines all but the first.

    Why: removed boilerplate leaves holes; a clean text separates paragraphs by one
    blank line at most.

    Example: "Para one.\\n\\n\\n\\nPara two." becomes "Para one.\\n\\nPara two.".

    Must keep: a single blank line between paragraphs, and the final line break of
    the file.
    """

    code = "WS02"
    name = "blank-lines"
    description = "Blank lines at the edges of the text and beyond one between paragraphs."

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        content = [b.index for b in doc.blocks if not b.is_blank]
        first = content[0] if content else len(doc.blocks)
        last = content[-1] if content else -1
        previous_blank = False
        for block in doc.blocks:
            if not block.is_blank:
                previous_blank = False
                continue
            if block.index < first:
                verdicts.append(Verdict.drop_block(block, self.code, "blank line before the first text"))
            elif block.index > last:
                verdicts.append(Verdict.drop_block(block, self.code, "blank line after the last text"))
            elif previous_blank:
                verdicts.append(Verdict.drop_block(block, self.code, "second blank line in a row"))
            previous_blank = True
        return verdicts


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

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        for block in doc.blocks:
            if not block.is_blank and _SEPARATOR_LINE.fullmatch(block.text):
                reason = f"line holds only the separator {block.text.strip()!r}"
                verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts
