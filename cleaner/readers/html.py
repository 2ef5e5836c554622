"""HTML input: from a page's bytes to the parsed page that the HTML rules judge.

An HTML input is recognised by its content (`cleaner.readers.sniff.looks_like_html`), decoded
as a browser would (`cleaner.readers.sniff.decode_html`) and parsed into blocks
(`cleaner.readers.dom.parse_page`). Its "original text", which the report's offsets refer to
and `cleaner restore` rebuilds, is the page's text: every visible block, one per line.
The markup itself is never rewritten: an HTML input is cleaned into a new text file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from cleaner.readers.base import Input, Reading
from cleaner.readers.files import InputError
from cleaner.readers.sniff import DecodedHtml, decode_html, looks_like_html, split_http_header

if TYPE_CHECKING:
    # The parser loads with the first HTML input (`read_page`): a run over text dumps never needs it.
    from cleaner.readers.dom import Page


def read_page(data: bytes, encoding: str | None, max_line_chars: int, keep_selectors: Sequence[str] = ()) -> tuple[Page, DecodedHtml]:
    """Decode and parse a page, marking the blocks inside elements of `keep_selectors`; a
    block longer than `max_line_chars` is an InputError, as a line is in a text dump
    (such a block is an embedded blob, not text)."""
    from cleaner.readers.dom import parse_page

    decoded = decode_html(data, encoding)
    page = parse_page(decoded.utf8 if decoded.utf8 is not None else decoded.text, keep_selectors)
    for number, block in enumerate(page.blocks, 1):
        if len(block.text) > max_line_chars:
            raise InputError(
                f"block {number} ({block.path}) has {len(block.text):,} characters of text, over the limit of "
                f"{max_line_chars:,} (--max-line-chars); not a page's text?"
            )
    return page, decoded


class HtmlPage:
    """An HTML page, recognised by its content whatever the file is called."""

    kind = "html"

    def recognises(self, data: bytes) -> bool:
        return looks_like_html(data)

    def read(self, data: bytes, reading: Reading) -> Input:
        page, decoded = read_page(data, reading.encoding, reading.max_line_chars, reading.keep_selectors)
        return _PageInput(
            self.kind, decoded.encoding, page=page, warnings=page.warnings,
            markup=decoded,  # type: ignore[arg-type]  # decoded when read (`_LazyMarkup`)
            markup_line=_markup_line(data, decoded),
        )


class _LazyMarkup:
    """`Input.markup` given as the `DecodedHtml` it comes from, and decoded when first read.

    A page parsed from its bytes needs its markup only to locate removals in it: the
    learn pass of a folder run never reads it, nor a run that prints no removals, and
    decoding it was about a tenth of reading such a page. A str given is kept as it is
    (`dataclasses.replace(read, markup="")` drops it)."""

    def __get__(self, instance: Input | None, owner: type) -> str:
        if instance is None:
            return ""  # the field's default, as the dataclass machinery reads it from the class
        markup = instance.__dict__["_markup"]
        return markup if isinstance(markup, str) else markup.text

    def __set__(self, instance: Input, markup: str | DecodedHtml) -> None:
        instance.__dict__["_markup"] = markup


class _PageInput(Input):
    """An `Input` whose markup is decoded only when read (`_LazyMarkup`)."""

    markup = _LazyMarkup()  # type: ignore[assignment]


def with_markup(read: Input, data: bytes, encoding: str | None) -> Input:
    """`read`, an HTML page read from `data` and kept without its markup, with the markup
    decoded again as `HtmlPage.read` decoded it."""
    if read.page is None or read.markup:
        return read
    decoded = decode_html(data, encoding)
    return replace(read, markup=decoded.text, markup_line=_markup_line(data, decoded))


def _markup_line(data: bytes, decoded: DecodedHtml) -> int:
    """The file's line on which the markup starts: after a saved HTTP header, if any."""
    header = len(data) - len(split_http_header(data)[1]) if decoded.headers else 0
    return 1 + data.count(b"\n", 0, header)
