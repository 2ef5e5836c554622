"""HTML input: from a page's bytes to the parsed page that the HTML rules judge.

An HTML input is recognised by its content (`cleaner.sniff.looks_like_html`), decoded
as a browser would (`cleaner.sniff.decode_html`) and parsed into blocks
(`cleaner.dom.parse_page`). Its "original text", which the report's offsets refer to
and `cleaner restore` rebuilds, is the page's text: every visible block, one per line.
The markup itself is never rewritten: an HTML input is cleaned into a new text file.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.dom import Page, parse_page
from cleaner.pipeline import Result, clean_page
from cleaner.readers import MAX_LINE_CHARS, InputError
from cleaner.rules import Rule
from cleaner.sniff import DecodedHtml, decode_html


def read_page(data: bytes, encoding: str | None, max_line_chars: int) -> tuple[Page, DecodedHtml]:
    """Decode and parse a page; a block longer than `max_line_chars` is an InputError,
    as a line is in a text dump (such a block is an embedded blob, not text)."""
    decoded = decode_html(data, encoding)
    page = parse_page(decoded.utf8 if decoded.utf8 is not None else decoded.text)
    for number, block in enumerate(page.blocks, 1):
        if len(block.text) > max_line_chars:
            raise InputError(
                f"block {number} ({block.path}) has {len(block.text):,} characters of text, over the limit of "
                f"{max_line_chars:,} (--max-line-chars); not a page's text?"
            )
    return page, decoded


def html_to_text(html: str) -> str:
    """The page's text: every visible block, one per line."""
    return parse_page(html).text()


def clean_html(
    data: bytes,
    rules: Sequence[Rule] | None = None,
    structure: bool = False,
    encoding: str | None = None,
    max_line_chars: int = MAX_LINE_CHARS,
) -> Result:
    """Clean one page given as bytes, as `cleaner clean` cleans an HTML file."""
    page, _ = read_page(data, encoding, max_line_chars)
    return clean_page(page, rules, structure)
