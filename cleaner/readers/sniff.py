"""Recognising HTML by its content, and decoding it the way a browser would.

A page's encoding is taken from the first of these that gives a usable one, the
HTML standard's order:

1. the user's --encoding;
2. a byte order mark, which cannot be there by accident;
3. the charset of an HTTP-like header saved at the top of the dump, because the
   transport outranks what the page says about itself;
4. a <meta> charset in the first 4096 bytes, as the browser's prescan finds it;
5. UTF-8, if the bytes are valid UTF-8;
6. charset_normalizer's guess from a bounded sample, windows-1252 when the guess is
   a close call (`cleaner.readers.encodings.CLOSE_CHAOS`);
7. windows-1252, the browsers' default for the western web.

Labels mean what they mean to a browser: "iso-8859-1" and "us-ascii" decode as
windows-1252, and "shift_jis" as its Microsoft superset. Invalid bytes become U+FFFD
as in a browser, and are counted, instead of failing the page: the markup is parsed,
not restored byte for byte. Only the first bytes are ever searched with patterns,
so the cost stays linear in the page's size.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from types import ModuleType

from cleaner._speedups import compiled
from cleaner.readers.encodings import detected_codec
from cleaner.readers.files import InputError

HEADER_LIMIT = 16 * 1024
"""An HTTP-like header block must end within this many bytes of the start."""
SNIFF_BYTES = 4096
"""How much of the body looks_like_html reads: enough for leading whitespace and an XML prologue."""
XHTML_WINDOW = 1024
"""An XML declaration makes a page HTML only if <html> follows within this many characters."""
PRESCAN_BYTES = 4096
"""How far the <meta> charset prescan looks, as in the HTML standard."""
DETECTION_SAMPLE_BYTES = 64 * 1024
"""How much charset_normalizer sees; more makes it slower, hardly surer."""

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HTML_WHITESPACE = " \t\n\r\f"
_WIDE_UNICODE = ("utf-16", "utf-32")

_STATUS_LINE = re.compile(rb"HTTP/\d[^\r\n]*")
_FIELD_LINE = re.compile(rb"([!#$%&'*+.^_`|~0-9A-Za-z-]+):([^\r\n]*)")
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_HEADER_START = re.compile(rb"HTTP/\d|[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]*:")

# The WHATWG MIME sniffing "text/html" signatures, plus the HTML5 sectioning tags that
# open many scraped fragments. A terminator must follow, so "<a" does not match "<abbr>"
# or "<3".
_HTML_SIGNATURE = re.compile(
    r"<!--|<(?:!DOCTYPE\s+HTML|HTML|HEAD|SCRIPT|IFRAME|H1|DIV|FONT|TABLE|A|STYLE|TITLE|B|BODY|BR|P"
    r"|META|LINK|SECTION|ARTICLE|MAIN|HEADER|NAV|SPAN|UL)[ \t\n\r>/]",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"<\?xml", re.IGNORECASE)
_HTML_ROOT = re.compile(r"<html[ \t\n\r>/]", re.IGNORECASE)

# An unclosed comment runs to the end, so every "<!--" is consumed once: linear.
_COMMENT = re.compile(rb"<!--.*?(?:-->|\Z)", re.DOTALL)
# The alternatives start with different bytes and nothing follows the group, so the
# match never backtracks.
_META_TAG = re.compile(rb"<meta[\s/]((?:[^>\"']|\"[^\"]*\"|'[^']*')*)", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"([^\s/>=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]*))?")
_CHARSET_PARAMETER = re.compile(r"charset\s*=\s*[\"']?\s*([^\s\"';,]+)", re.IGNORECASE)

_LABELS = {"x-sjis": "shift_jis", "windows-31j": "cp932", "x-cp1251": "cp1251", "x-mac-roman": "mac-roman"}
"""Labels browsers accept that Python does not know."""
_BROWSER_CODECS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}
"""Python codec → the superset browsers decode it with, since pages labelled with the
narrow one use the wider one's characters (€ in "iso-8859-1", ① in "shift_jis")."""
_NOT_FOR_PAGES = frozenset({"utf-7", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined"})
"""Python codecs that are no page's encoding. Browsers refuse UTF-7 because it smuggles
"<script>" past filters; the others would interpret backslashes or fail outright."""
_DISPLAY_NAMES = {"cp932": "shift_jis", "cp949": "euc-kr", "iso2022_jp": "iso-2022-jp"}
"""Where the browser's name is not the Python one with hyphens: the supersets above, and others."""


@dataclass(frozen=True)
class DecodedHtml:
    encoding: str
    """As a browser names it: "utf-8", "windows-1251", "shift_jis"."""
    found_by: str
    """Which step chose the encoding: option | bom | header | meta | utf-8 | detected | fallback."""
    replaced: int
    """U+FFFD characters that stand for invalid bytes; ones spelled out in the page do not count."""
    headers: dict[str, str]
    """The HTTP-like header's fields, names lower-cased; empty if there was none."""
    utf8: bytes | None = None
    """The body itself when it is valid UTF-8 with no byte order mark and no NUL: the
    same page as `text`, for a parser that reads bytes."""
    decoded: str | None = field(default=None, repr=False)
    """The text, when it had to be decoded to be known; else `text` decodes `utf8` when asked."""

    @cached_property
    def text(self) -> str:
        """The page without its HTTP-like header, byte order mark and NUL characters."""
        # A page parsed from its bytes may never need its text: it is decoded on demand.
        return self.decoded if self.decoded is not None else self.utf8.decode("utf-8")  # type: ignore[union-attr]


def split_http_header(data: bytes) -> tuple[dict[str, str], bytes]:
    """Split a saved HTTP response header from the body, or return ({}, data) if there is none.

    A block counts as a header only if it opens with a status line ("HTTP/1.1 200 OK")
    or has a Content-Type field, so a text dump starting "Note: ..." stays text. After
    redirects (curl -iL) the dump holds several blocks; the last one describes the body.
    """
    headers: dict[str, str] = {}
    offset = 0
    while (block := _header_block(data, offset)) is not None:
        headers, offset = block
        if not _STATUS_LINE.match(data, offset):
            break
    return headers, data[offset:] if offset else data


def _header_block(data: bytes, start: int) -> tuple[dict[str, str], int] | None:
    """The fields of the header block at `start` and where the body after it begins."""
    if not _HEADER_START.match(data, start):
        # A page opens with "<" or text, not a status line or "Name:": no need to look further.
        return None
    blank = _BLANK_LINE.search(data, start, HEADER_LIMIT)
    if blank is None and len(data) > HEADER_LIMIT:
        return None
    end, body = (blank.start(), blank.end()) if blank else (len(data), len(data))
    fields = _parse_fields(data[start:end].rstrip(b"\r\n").split(b"\n"))
    return None if fields is None else (fields, body)


def _parse_fields(lines: list[bytes]) -> dict[str, str] | None:
    has_status = _STATUS_LINE.fullmatch(lines[0].rstrip(b"\r")) is not None
    fields: dict[str, str] = {}
    for line in lines[1:] if has_status else lines:
        field = _FIELD_LINE.fullmatch(line.rstrip(b"\r"))
        if field is None:
            return None
        fields[field[1].decode("ascii").lower()] = field[2].decode("latin-1").strip()
    return fields if has_status or "content-type" in fields else None


def looks_like_html(data: bytes) -> bool:
    """Whether the content opens like an HTML page, whatever the file is called.

    Only the opening counts, as in browsers' MIME sniffing: text that mentions a tag
    further down is still text.
    """
    opening = _opening(data)
    if _HTML_SIGNATURE.match(opening):
        return True
    return bool(_XML_DECLARATION.match(opening) and _HTML_ROOT.search(opening, 0, XHTML_WINDOW))


def _opening(data: bytes) -> str:
    """The body's first characters after any header, byte order mark and leading whitespace."""
    _, body = split_http_header(data[: HEADER_LIMIT + SNIFF_BYTES])
    # Every signature is ASCII, so latin-1 serves any ASCII-compatible page and never fails.
    codec = _bom_codec(body) or "latin-1"
    return body[:SNIFF_BYTES].decode(codec, errors="replace").removeprefix("\ufeff").lstrip(_HTML_WHITESPACE)


def decode_html(data: bytes, encoding: str | None = None) -> DecodedHtml:
    """Decode a page as a browser would: the module docstring gives the order of evidence.

    Raises InputError for an unknown `encoding`. A page with no content (no bytes,
    only a header or whitespace) is an empty or blank text, not an error.
    """
    headers, body = split_http_header(data)
    codec, found_by = _choose_codec(body, headers, encoding)
    # A page found to be UTF-8 by its bytes (found_by "utf-8") was scanned whole for that already.
    as_is = codec == "utf-8" and b"\x00" not in body and not body.startswith(codecs.BOM_UTF8)
    if as_is and (found_by == "utf-8" or _first_invalid_utf8(body) < 0):
        # Valid UTF-8 as it stands can go to the parser as bytes, which spares it re-encoding the text.
        return DecodedHtml(_display_name(codec), found_by, 0, headers, body)
    text, replaced = _decode_replacing(body, codec)
    # A parser drops or replaces NUL anyway; left in, it would make the page look binary.
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return DecodedHtml(_display_name(codec), found_by, replaced, headers, decoded=text)


def _choose_codec(body: bytes, headers: dict[str, str], option: str | None) -> tuple[str, str]:
    """The Python codec for the body and the step that found it."""
    if option:
        codec = _codec(option)
        if codec is None:
            raise InputError(f"unknown encoding: {option}")
        return codec, "option"
    if codec := _bom_codec(body):
        return codec, "bom"
    if codec := _header_codec(headers):
        return codec, "header"
    if codec := _meta_codec(body[:PRESCAN_BYTES]):
        return codec, "meta"
    first_invalid = _first_invalid_utf8(body)
    if first_invalid < 0:
        return "utf-8", "utf-8"
    if codec := _detected_codec(body, first_invalid):
        return codec, "detected"
    return "cp1252", "fallback"


def _first_invalid_utf8(body: bytes) -> int:
    """`first_invalid_utf8_py`, compiled when built (`cleaner._speedups.utf8`)."""
    kernel = _utf8_kernel()
    return first_invalid_utf8_py(body) if kernel is None else kernel.first_invalid(body)


@cache
def _utf8_kernel() -> ModuleType | None:
    return compiled("utf8")


def first_invalid_utf8_py(body: bytes) -> int:
    """Where the first sequence that is not UTF-8 starts in `body`, or -1 when there is none."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return -1


def _bom_codec(body: bytes) -> str | None:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return codec
    return None


def _header_codec(headers: dict[str, str]) -> str | None:
    charset = _CHARSET_PARAMETER.search(headers.get("content-type", ""))
    return _codec(charset[1]) if charset else None


def _meta_codec(prefix: bytes) -> str | None:
    """The first usable charset a <meta> declares outside comments."""
    for tag in _META_TAG.finditer(_COMMENT.sub(b"", prefix)):
        if b"charset" not in tag[1].lower():
            continue  # declares no charset either way (`_meta_label`): most are og:, twitter: and viewport tags
        label = _meta_label(_attributes(tag[1].decode("latin-1")))
        codec = _codec(label) if label else None
        if codec:
            # The prescan just read this declaration as ASCII, so the page is not in a
            # 16- or 32-bit encoding: the HTML standard reads "utf-16" here as UTF-8.
            return "utf-8" if codec.startswith(_WIDE_UNICODE) else codec
    return None


def _attributes(tag: str) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for attribute in _ATTRIBUTE.finditer(tag):
        # As in the prescan, a repeated attribute keeps its first value.
        attributes.setdefault(attribute[1].lower(), (attribute[2] or "").strip("\"'"))
    return attributes


def _meta_label(attributes: dict[str, str]) -> str | None:
    """The charset of <meta charset> or <meta http-equiv="Content-Type" content="...">."""
    if "charset" in attributes:
        return attributes["charset"]
    if attributes.get("http-equiv", "").strip().lower() != "content-type":
        return None
    charset = _CHARSET_PARAMETER.search(attributes.get("content", ""))
    return charset[1] if charset else None


def _detected_codec(body: bytes, first_invalid: int) -> str | None:
    sample = _detection_sample(body, first_invalid)
    guess = detected_codec(sample)
    codec = _codec(guess) if guess else None
    # Browsers never guess a 16- or 32-bit encoding, and a sample cut from mid-page can
    # open with bytes that the detector takes for a byte order mark.
    return None if codec is None or codec.startswith(_WIDE_UNICODE) else codec


def _detection_sample(body: bytes, first_invalid: int) -> bytes:
    """A bounded sample from the first byte UTF-8 rejects, cut only between characters.

    Starting there, not at the top, keeps a long ASCII <head> from filling the sample.
    Newline, space and ">" never occur inside a character of the legacy multi-byte
    encodings, so cutting next to one splits none.
    """
    floor = max(0, first_invalid - 1024)
    start = max(floor, *(body.rfind(cut, floor, first_invalid) + 1 for cut in (b"\n", b" ", b">")))
    sample = body[start : start + DETECTION_SAMPLE_BYTES]
    if start + len(sample) < len(body):
        end = max(sample.rfind(cut) for cut in (b"\n", b" ", b">"))
        sample = sample[: end + 1] if end > 0 else sample
    return sample


def _codec(label: str) -> str | None:
    """The Python codec a browser would decode `label` with, or None if there is no usable one."""
    label = label.strip().strip("\"'").strip().lower()
    label = _LABELS.get(label, label)
    try:
        name = codecs.lookup(label).name
        # Rejects bytes-to-bytes codecs such as "base64", which lookup accepts.
        b"a".decode(name, errors="replace")
    except (LookupError, ValueError):
        return None
    if name in _NOT_FOR_PAGES:
        return None
    return _BROWSER_CODECS.get(name, name)


def _decode_replacing(body: bytes, codec: str) -> tuple[str, int]:
    """The decoded text and how many U+FFFD stand for invalid bytes."""
    try:
        # Most pages decode cleanly, and then nothing was replaced: counting U+FFFD in the
        # whole text would cost more than the decoding.
        return body.decode(codec), 0
    except UnicodeDecodeError:
        pass
    text = body.decode(codec, errors="replace")
    replaced = text.count("\ufffd")
    if replaced:
        # "ignore" drops exactly what "replace" replaces, so what remains was in the page.
        replaced -= body.decode(codec, errors="ignore").count("\ufffd")
    return text, replaced


def _display_name(codec: str) -> str:
    """A Python codec name as browsers spell it: "cp1251" → "windows-1251"."""
    if codec in _DISPLAY_NAMES:
        return _DISPLAY_NAMES[codec]
    windows = re.fullmatch(r"cp(125\d|874)", codec)
    if windows:
        return f"windows-{windows[1]}"
    if codec.startswith("iso8859-"):
        return "iso-" + codec[len("iso") :]
    return codec.replace("_", "-")
