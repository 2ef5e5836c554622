"""A text dump: bytes decoded into text, or refused with the reason.

The reader for every input that is not recognised as another kind (`cleaner.readers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.readers.base import Input, Reading
from cleaner.readers.encodings import BYTE_ORDER_MARKS, binary_cause, decode_text, detected_codec, first_change, utf16_without_mark
from cleaner.readers.files import MAX_LINE_CHARS, InputError

_ROUND_TRIPS = frozenset({"utf-8", "utf-8-sig"})
"""Encodings whose strict decoding always encodes back to the same bytes; others are checked."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


class TextDump:
    """A text dump, as scrapers write them: any input no other reader recognises."""

    kind = "text"

    def recognises(self, data: bytes) -> bool:
        return True

    def read(self, data: bytes, reading: Reading) -> Input:
        decoded = decode(data, reading.encoding, reading.max_line_chars)
        return Input(self.kind, decoded.encoding, text=decoded.text)


def decode(data: bytes, encoding: str | None = None, max_line_chars: int = MAX_LINE_CHARS) -> Decoded:
    """Decode a dump: a byte order mark, UTF-16 without one, then UTF-8, then the encoding detector.

    An empty file is an empty text. Refuses binary files (`cleaner.readers.encodings.binary_cause`),
    UTF-8 damaged by invalid bytes (decoding it as a legacy code page would turn every
    accented letter into garbage), text whose bytes would not survive being written
    back in its encoding (the report could not restore it), and lines longer than
    `max_line_chars`. A stray NUL stays in the text, so the report restores it.
    """
    if not data:
        return Decoded("", "utf-8")
    decoded = _decode(data, encoding)
    _check_round_trip(data, decoded)
    long_line = re.search(r"[^\r\n]{%d}" % (max_line_chars + 1), decoded.text)
    if long_line:
        line = decoded.text.count("\n", 0, long_line.start()) + 1
        length = len(re.match(r"[^\r\n]*", decoded.text[long_line.start() :]).group())  # type: ignore[union-attr]
        raise InputError(
            f"line {line} has {length:,} characters, over the limit of {max_line_chars:,} "
            "(--max-line-chars); not a text dump?"
        )
    return decoded


def _decode(data: bytes, encoding: str | None) -> Decoded:
    if encoding:
        try:
            return Decoded(decode_text(data, encoding), encoding)
        except (UnicodeDecodeError, LookupError) as error:
            raise InputError(f"cannot decode as {encoding}: {error}") from None
    # FF FE 00 00 opens UTF-32 text, and also UTF-16 text whose first character is NUL:
    # each matching mark is tried before the file is refused.
    failures = []
    for bom, name in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                return Decoded(decode_text(data, name), name)
            except UnicodeDecodeError as error:
                failures.append(f"{name.removesuffix('-sig')} byte order mark, but {error.reason} at byte {error.start + len(bom)}")
    if failures:
        raise InputError(f"undecodable bytes: {failures[0]}")
    if wide := utf16_without_mark(data):
        return Decoded(data.decode(wide), wide)
    if binary := binary_cause(data):
        raise InputError(binary)
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    if _looks_like_utf8(data):
        raise InputError(
            f"undecodable bytes: invalid UTF-8 at byte {first_bad} in otherwise UTF-8 text "
            "(use --encoding to force one)"
        )
    codec = detected_codec(data)
    if codec is None:
        raise InputError(f"undecodable bytes: not UTF-8 (invalid at byte {first_bad}) and no other encoding fits")
    try:
        return Decoded(data.decode(codec), codec.replace("_", "-"))
    except UnicodeDecodeError:
        raise InputError(f"undecodable bytes: detected {codec}, but it does not decode the file") from None


def _check_round_trip(data: bytes, decoded: Decoded) -> None:
    """Refuse a text that its encoding would write back as other bytes: the report could not restore it."""
    if decoded.encoding.lower() in _ROUND_TRIPS:
        return
    change = first_change(data, decoded.text, decoded.encoding)
    if change is not None:
        raise InputError(
            f"{decoded.encoding} bytes at byte {change.offset} ({change.original.hex(' ')}) do not survive decoding: "
            f"they would write back as {change.written.hex(' ')}, so the report could not restore this file; give --encoding"
        )


def _looks_like_utf8(data: bytes) -> bool:
    """Whether most non-ASCII bytes form valid UTF-8 sequences, so the bad ones are damage."""
    text = data.decode("utf-8", errors="replace")
    invalid = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    valid = sum(1 for char in text if ord(char) > 127 and char != "\ufffd")
    return valid > 0 and invalid <= valid
