"""Bytes and text under a recorded encoding name: the names the report keeps, the binary
test, UTF-16 without a byte order mark, and the choice among a detector's guesses.

Everything that turns a report's encoding name into bytes or back goes through
`encode_text` and `decode_text`, so that a name written by one run means the same
bytes to `cleaner restore`. Python's "utf-16" and "utf-32" write the machine's byte
order, so a byte order mark is recorded with its order: "utf-16-be-sig" is a UTF-16
big-endian text opened by its mark.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatches

_SIGNED = {
    "utf-16-le-sig": ("utf-16-le", codecs.BOM_UTF16_LE),
    "utf-16-be-sig": ("utf-16-be", codecs.BOM_UTF16_BE),
    "utf-32-le-sig": ("utf-32-le", codecs.BOM_UTF32_LE),
    "utf-32-be-sig": ("utf-32-be", codecs.BOM_UTF32_BE),
}
"""Recorded names of texts opened by a byte order mark that Python has no codec for."""

BYTE_ORDER_MARKS = (
    # UTF-32 LE first: its mark starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le-sig"),
    (codecs.BOM_UTF32_BE, "utf-32-be-sig"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le-sig"),
    (codecs.BOM_UTF16_BE, "utf-16-be-sig"),
)

BINARY_SAMPLE_BYTES = 8 * 1024
"""The opening that the binary test also judges on its own, as `file` and git look at a file's start."""
BINARY_SHARE = 0.05
"""A file is binary when more than this share of its first 8 KiB, or of all of it, are
control bytes. Random or compressed bytes have about 10.5% (27 of 256 values); text
has next to none. One stray control byte (a NUL a scraper left at offset 139) never
makes a file binary."""
CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0c\r\x1b")
"""C0 control bytes other than tab, line feed, form feed, carriage return and escape
(which text dumps do contain: page breaks, terminal colours)."""
_NOT_CONTROL = bytes(b for b in range(256) if b not in CONTROL_BYTES)

UTF16_SAMPLE_BYTES = 8 * 1024
UTF16_MIN_NULS = 4
UTF16_MIN_NUL_SHARE = 0.01
"""UTF-16 without a mark is recognised by NUL high bytes: at least 4, and this share of
the sample's code units..."""
UTF16_NUL_PARITY = 0.95
"""...with this share of the sample's NUL bytes on the high-byte side of the units."""

CLOSE_CHAOS = 0.05
CLOSE_COHERENCE = 0.1
"""charset_normalizer's guesses whose mess ("chaos") and language fit ("coherence")
are within these margins of the best one's are a close call; windows-1252 wins a
close call, as it does in browsers, since short texts say little: "Café crème
brûlée" is as valid in windows-1250 ("crčme brűlée") and the detector picks either."""


def encode_text(text: str, encoding: str) -> bytes:
    """`text` as bytes in a recorded encoding, its byte order mark and order included."""
    signed = _SIGNED.get(encoding.lower())
    if signed is not None:
        codec, mark = signed
        return mark + text.encode(codec)
    return text.encode(encoding)


def decode_text(data: bytes, encoding: str) -> str:
    """`data` decoded with a recorded encoding (the inverse of `encode_text`); older
    reports' "utf-16" and "utf-32" still read, by their byte order mark."""
    signed = _SIGNED.get(encoding.lower())
    if signed is not None:
        codec, mark = signed
        return data.removeprefix(mark).decode(codec)
    return data.decode(encoding)


def binary_cause(data: bytes) -> str | None:
    """Why `data` is a binary file rather than text, or None: see `BINARY_SHARE`."""
    for part in (data[:BINARY_SAMPLE_BYTES], data):
        controls = len(part.translate(None, _NOT_CONTROL))
        if controls > 1 and controls > BINARY_SHARE * len(part):
            break
    else:
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        return f"binary file (NUL byte at offset {nul})"
    first = min(at for at in (data.find(bytes([b])) for b in CONTROL_BYTES) if at >= 0)
    return f"binary file (control byte 0x{data[first]:02x} at offset {first})"


def utf16_without_mark(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when `data` is UTF-16 text without a byte order mark, else None.

    Its mostly-ASCII characters put NUL bytes on one side of each two-byte unit; the
    guess stands only if the whole file then decodes and is not binary as text.
    """
    if len(data) % 2:
        return None
    sample = data[:UTF16_SAMPLE_BYTES]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    units = len(sample) // 2
    if max(even, odd) < max(UTF16_MIN_NULS, UTF16_MIN_NUL_SHARE * units) or max(even, odd) < UTF16_NUL_PARITY * (even + odd):
        return None
    codec = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    # Control characters in the decoded text are as telling as control bytes in a file.
    controls = sum(text.count(chr(b)) for b in CONTROL_BYTES)
    return codec if controls <= 1 or controls <= BINARY_SHARE * len(text) else None


def detected_codec(data: bytes) -> str | None:
    """The codec `choose_detected` picks from charset_normalizer's guesses for `data`.

    The detector is imported here, on first use: most inputs are UTF-8 or carry a byte
    order mark and never need it, and importing it costs more than reading a small file.
    """
    from charset_normalizer import from_bytes

    return choose_detected(from_bytes(data), data)


def choose_detected(matches: CharsetMatches, data: bytes) -> str | None:
    """The Python codec to decode `data` with, from charset_normalizer's `matches` for
    it (or a sample of it): its best guess, or windows-1252 on a close call (see
    `CLOSE_CHAOS`). None when nothing fits."""
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        western = match.encoding == "cp1252" or "cp1252" in match.could_be_from_charset
        if (
            western
            and match.chaos <= best.chaos + CLOSE_CHAOS
            and match.coherence >= best.coherence - CLOSE_COHERENCE
            and _decodes(data, "cp1252")
        ):
            return "cp1252"
    return best.encoding


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


@dataclass(frozen=True)
class Change:
    """Where bytes do not survive decoding and encoding back: the first such character."""

    offset: int
    original: bytes
    written: bytes


def first_change(data: bytes, text: str, encoding: str) -> Change | None:
    """The first place where `text`, decoded from `data`, encodes back to other bytes; None if none does.

    Some code pages map two byte sequences to one character (cp932's NEC and IBM
    duplicates: 87 90 and 81 e0 are both U+2252), so a text decoded from one would be
    written back as the other, and the report could not restore the file.
    """
    written = encode_text(text, encoding)
    if written == data:
        return None
    offset = next((i for i, (a, b) in enumerate(zip(data, written)) if a != b), min(len(data), len(written)))
    mark = encode_text("", encoding)
    if offset < len(mark):
        # Python's "utf-16" and "utf-32" write the machine's byte order mark, whatever the file's was.
        return Change(0, data[: len(mark)], mark)
    # Whole characters: the prefix up to the one that changed decodes alone.
    decoder = codecs.getincrementaldecoder(encoding)()
    index = len(decoder.decode(data[:offset]))
    start = len(encode_text(text[:index], encoding))
    char = text[index : index + 1]
    size = next((n for n in range(1, 5) if _decodes_to(data[start : start + n], encoding, char)), 1)
    return Change(start, data[start : start + size], encode_text(char, encoding)[len(mark) :])


def _decodes_to(data: bytes, encoding: str, char: str) -> bool:
    try:
        return data.decode(encoding) == char
    except UnicodeDecodeError:
        return False
