"""HTML input: from a page's bytes to the parsed page that the HTML rules judge, and the
choice between a page and a text dump for any input.

An HTML input is recognised by its content (`cleaner.readers.sniff.looks_like_html`), decoded
as a browser would (`cleaner.readers.sniff.decode_html`) and parsed into blocks
(`cleaner.readers.dom.parse_page`). Its "original text", which the report's offsets refer to
and `cleaner restore` rebuilds, is the page's text: every visible block, one per line.
The markup itself is never rewritten: an HTML input is cleaned into a new text file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from cleaner.readers.dom import Page, parse_page
from cleaner.engine.keep import KeepList
from cleaner.engine.pipeline import Result, clean_page
from cleaner.readers.files import MAX_LINE_CHARS, InputError, decode
from cleaner.rules import Rule
from cleaner.readers.sniff import DecodedHtml, decode_html, looks_like_html, split_http_header


def read_page(data: bytes, encoding: str | None, max_line_chars: int, keep_selectors: Sequence[str] = ()) -> tuple[Page, DecodedHtml]:
    """Decode and parse a page, marking the blocks inside elements of `keep_selectors`; a
    block longer than `max_line_chars` is an InputError, as a line is in a text dump
    (such a block is an embedded blob, not text)."""
    decoded = decode_html(data, encoding)
    page = parse_page(decoded.utf8 if decoded.utf8 is not None else decoded.text, keep_selectors)
    for number, block in enumerate(page.blocks, 1):
        if len(block.text) > max_line_chars:
            raise InputError(
                f"block {number} ({block.path}) has {len(block.text):,} characters of text, over the limit of "
                f"{max_line_chars:,} (--max-line-chars); not a page's text?"
            )
    return page, decoded


@dataclass(frozen=True)
class Input:
    """An input's content as cleaning reads it: a text dump's text, or an HTML page."""

    encoding: str
    text: str = ""
    page: Page | None = None
    warnings: tuple[str, ...] = ()
    """What reading changed or doubted, for the report (e.g. nesting cut at a depth)."""
    markup: str = ""
    """An HTML page's decoded source, in which messages locate its removals."""
    markup_line: int = 1
    """The file's line on which `markup` starts: after a saved HTTP header, not the first."""

    @property
    def page_text(self) -> str:
        """The text that removals refer to: the dump's, or the page's (a block per line)."""
        return self.page.text() if self.page is not None else self.text


def read_input(data: bytes, encoding: str | None, max_line_chars: int, keep_selectors: Sequence[str] = ()) -> Input:
    """An input's bytes as a page when they are HTML, else as a text dump; the one place
    that decides which, for the learn pass and the clean pass alike."""
    if looks_like_html(data):
        page, decoded = read_page(data, encoding, max_line_chars, keep_selectors)
        return Input(decoded.encoding, page=page, warnings=page.warnings, markup=decoded.text, markup_line=_markup_line(data, decoded))
    text = decode(data, encoding, max_line_chars)
    return Input(text.encoding, text=text.text)


def with_markup(read: Input, data: bytes, encoding: str | None) -> Input:
    """`read`, an HTML page read from `data` and kept without its markup, with the markup
    decoded again as `read_input` decoded it."""
    if read.page is None or read.markup:
        return read
    decoded = decode_html(data, encoding)
    return replace(read, markup=decoded.text, markup_line=_markup_line(data, decoded))


def _markup_line(data: bytes, decoded: DecodedHtml) -> int:
    """The file's line on which the markup starts: after a saved HTTP header, if any."""
    header = len(data) - len(split_http_header(data)[1]) if decoded.headers else 0
    return 1 + data.count(b"\n", 0, header)


def clean_html(
    data: bytes,
    rules: Sequence[Rule] | None = None,
    structure: bool = False,
    encoding: str | None = None,
    max_line_chars: int = MAX_LINE_CHARS,
    keep: KeepList | None = None,
) -> Result:
    """Clean one page given as bytes, as `cleaner clean` cleans an HTML file."""
    page, _ = read_page(data, encoding, max_line_chars, keep.selectors if keep else ())
    return clean_page(page, rules, structure, keep)
