"""JSON Lines input and output for scrapes that arrive as one record per page; a bad line is a value, not a crash."""

from __future__ import annotations

import codecs
import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import IO, Self
from urllib.parse import urlsplit

from cleaner.readers.encodings import binary_cause
from cleaner.readers.files import JSONL_SUFFIXES, InputError, is_jsonl
from cleaner.run.output import AtomicWriter, os_cause
from cleaner.text import printable

__all__ = ["JSONL_SUFFIXES", "Fields", "JsonlWriter", "Record", "is_jsonl", "read_records", "with_text"]
MAX_LINE_BYTES = 10_000_000
"""No single scraped page is this big; a longer line is skipped without being held in memory."""
_LABEL_ID_CHARS = 80
_SKIP_CHUNK = 1 << 20


@dataclass(frozen=True)
class Fields:
    """Which keys of a record hold the page text, its HTML, its URL and its id."""

    text: str = "text"
    html: str = "html"
    url: str = "url"
    id: str = "id"


@dataclass(frozen=True)
class Record:
    """One line of a JSON Lines file: its object, or why it could not be read."""

    number: int
    """The 1-based physical line number, blank lines included."""
    data: dict[str, object] | None
    """None when the line failed."""
    error: str | None = None
    """One line starting with "line N: "."""
    raw: bytes = b""
    """A failed line's bytes, so that a writer can copy it through unchanged."""
    offset: int = 0
    """How far into the file the reader was after this line, in bytes of the file as
    stored (compressed, for gzip; read ahead a buffer at a time): for progress bars."""

    def text(self, fields: Fields) -> str | None:
        """The text field, if it is a string."""
        return self._string(fields.text)

    def html(self, fields: Fields) -> str | None:
        """The HTML field, if it is a string."""
        return self._string(fields.html)

    def url(self, fields: Fields) -> str | None:
        """The URL field, if it is a string."""
        return self._string(fields.url)

    def id(self, fields: Fields) -> str:
        """The id field as a string (an integer is converted); else the line number."""
        value = self.data.get(fields.id) if self.data is not None else None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value if isinstance(value, str) and value else str(self.number)

    def site(self, fields: Fields) -> str | None:
        """The site its URL names (`url_site`); None without a URL or a host."""
        url = self.url(fields)
        return url_site(url) if url is not None else None

    def label(self, path_display: str, fields: Fields) -> str:
        """How messages name the record, e.g. "scrape.jsonl:17 (id abc)"; always one line."""
        place = f"{path_display}:{self.number}"
        identifier = self.id(fields)
        if identifier == str(self.number):
            return place
        if len(identifier) > _LABEL_ID_CHARS:
            identifier = identifier[:_LABEL_ID_CHARS] + "..."
        return f"{place} (id {printable(identifier)})"

    def _string(self, key: str) -> str | None:
        value = self.data.get(key) if self.data is not None else None
        return value if isinstance(value, str) else None


def read_records(path: Path, fields: Fields, max_line_bytes: int = MAX_LINE_BYTES) -> Iterator[Record]:
    """Stream the records of a JSON Lines file, gunzipping it when its name ends in ".gz".

    Blank lines are skipped but counted. A file that cannot be opened, or gzip data that
    breaks off, raises InputError after the records before the damage have been yielded.
    """
    try:
        stream: IO[bytes] = gzip.open(path, "rb") if _is_gzip(path) else path.open("rb")
    except OSError as error:
        raise InputError(f"cannot read: {os_cause(error)}") from None
    with stream:
        # The opening decides, as for a text dump; a stray NUL further on fails its line alone.
        if binary := binary_cause(_peek(stream)):
            raise InputError(binary)
        number = 0
        blank = False
        position = _position(stream)
        # Two bytes over the limit leave room for "\r\n", so a line of exactly the limit passes.
        while chunk := _readline(stream, max_line_bytes + 2, number):
            number += 1
            if blank and not chunk.strip():
                # A second blank line in a row: the rest of the run is skipped a buffer at a time.
                number += _skip_blank_lines(stream, number)
                continue
            blank = not chunk.strip()
            line = chunk.removesuffix(b"\n").removesuffix(b"\r")
            if number == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if len(line) > max_line_bytes:
                if not chunk.endswith(b"\n"):
                    while (rest := _readline(stream, _SKIP_CHUNK, number)) and not rest.endswith(b"\n"):
                        pass
                yield replace(_failed(number, f"longer than {max_line_bytes:,} bytes"), offset=position())
            elif line.strip():
                yield replace(_parse(number, line, fields), offset=position())


_BLANK_LINES = re.compile(rb"(?:[ \t\r\f\v]*\n)+")


def _position(stream: IO[bytes]) -> Callable[[], int]:
    """How to ask how many bytes of the stored file have been read."""
    stored = getattr(stream, "fileobj", None) or stream  # a GzipFile reads its compressed file
    return stored.tell


def _skip_blank_lines(stream: IO[bytes], lines_read: int) -> int:
    """Consume the whole blank lines at the stream's position; returns how many there were."""
    skipped = 0
    while True:
        try:
            buffered = stream.peek(_SKIP_CHUNK)  # type: ignore[attr-defined]
        except (EOFError, OSError, zlib.error):
            return skipped  # the next read reports it
        run = _BLANK_LINES.match(buffered)
        if run is None:
            return skipped
        skipped += run.group().count(b"\n")
        _read(stream, run.end(), lines_read + skipped)
        if run.end() < len(buffered):
            return skipped


def _parse(number: int, line: bytes, fields: Fields) -> Record:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return _failed(number, "not valid UTF-8", line)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return _failed(number, f"not valid JSON ({error.msg} at column {error.colno})", line)
    except ValueError:  # an integer beyond Python's digit limit for conversion
        return _failed(number, "not valid JSON (number too long)", line)
    except RecursionError:
        return _failed(number, "not valid JSON (nested too deeply)", line)
    if not isinstance(data, dict):
        return _failed(number, "not a JSON object", line)
    record = Record(number, data)
    if record.text(fields) is None and record.html(fields) is None:
        return _failed(number, f'no string "{fields.text}" or "{fields.html}" field', line)
    return record


def _failed(number: int, cause: str, raw: bytes = b"") -> Record:
    return Record(number, None, f"line {number}: {cause}", raw)


def _peek(stream: IO[bytes]) -> bytes:
    """The first bytes of the (decompressed) stream, without consuming them."""
    try:
        return stream.peek(8192)[:8192]  # type: ignore[attr-defined]
    except (EOFError, OSError, zlib.error):
        return b""  # the first read reports it, as it would without the peek


def _readline(stream: IO[bytes], size: int, lines_read: int) -> bytes:
    """The next line, at most `size` bytes of it; damaged gzip data becomes an InputError."""
    return _read(stream, size, lines_read, stream.readline)


def _read(stream: IO[bytes], size: int, lines_read: int, read: Callable[[int], bytes] | None = None) -> bytes:
    """`size` bytes, or a line of at most `size` bytes with `read=stream.readline`; damaged
    gzip data becomes an InputError."""
    try:
        return (read or stream.read)(size)
    except EOFError:
        raise InputError("gzip data ends early") from None
    except gzip.BadGzipFile as error:
        if not str(error).startswith("Not a gzipped file"):
            raise InputError(f"broken gzip data ({error})") from None
        if lines_read:
            raise InputError(f"data that is not gzip after line {lines_read}") from None
        raise InputError("not a valid gzip file") from None
    except zlib.error as error:
        raise InputError(f"broken gzip data ({error})") from None
    except OSError as error:
        raise InputError(f"cannot read: {os_cause(error)}") from None


def with_text(data: dict[str, object], fields: Fields, text: str) -> dict[str, object]:
    """A copy of `data` with its text field set to `text`: in its place, else added at the end."""
    return {**data, fields.text: text}


class JsonlWriter:
    """Writes records one per line to a temporary file that replaces `path` only on a clean exit."""

    def __init__(
        self, path: Path, mode: int | None = None, before_replace: Callable[[], None] | None = None, sink: AtomicWriter | None = None
    ) -> None:
        self.path = path
        self._sink = sink if sink is not None else AtomicWriter(path, mode, before_replace)
        """Where the bytes go: `AtomicWriter`, or another that finishes the file otherwise (`StagingWriter`)."""
        self._stream: IO[bytes] | None = None
        self._lines = 0

    def __enter__(self) -> Self:
        self._sink.__enter__()
        assert self._sink.file is not None
        # mtime=0 keeps the bytes the same from run to run; level 6 is gzip's own default, 9 is slow on big scrapes.
        compressed = _is_gzip(self.path)
        self._stream = gzip.GzipFile(fileobj=self._sink.file, mode="wb", compresslevel=6, mtime=0) if compressed else self._sink.file
        return self

    def write(self, obj: dict[str, object]) -> None:
        """Append `obj` as one line of JSON."""
        # A lone surrogate (JSON allows "\ud800") has no UTF-8 form; written back as that escape it round-trips.
        self._write((json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace"))

    def write_raw(self, line: bytes) -> None:
        """Append a line as it was read (a malformed record, copied through unchanged)."""
        self._write(line + b"\n")

    def write_blank_lines(self, number: int) -> None:
        """Before writing the record of input line `number`, add the blank lines the reader skipped."""
        self._write(b"\n" * max(0, number - self._lines - 1))

    def _write(self, data: bytes) -> None:
        if self._stream is None:
            raise RuntimeError("JsonlWriter written outside its with block")
        self._stream.write(data)
        self._lines += data.count(b"\n")

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        stream, self._stream = self._stream, None
        try:
            if stream is not None and stream is not self._sink.file:
                stream.close()  # writes the gzip trailer; the file underneath stays open
        except BaseException as closing:
            self._sink.__exit__(type(closing), closing, closing.__traceback__)
            raise
        self._sink.__exit__(kind, error, traceback)


def _is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")



def url_site(url: str) -> str | None:
    """The site a URL names: its host, lower-cased, without port, trailing dot or a leading
    "www."; None for a relative URL or one without a host. Records and HTML pages share it."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:  # a malformed bracketed IPv6 host
        return None
    return (host or "").rstrip(".").removeprefix("www.") or None
