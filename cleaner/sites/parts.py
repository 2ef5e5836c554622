"""Profile parts: one shard's learn-pass counts, saved so that parts merge into a site profile.

A site profile (`cleaner.sites.profile`) keeps what cleaning needs, the lines seen on two
pages or more; two shards that each saw a line once would both drop it. A part keeps
everything a merge needs (`cleaner.sites.counts.SiteCounts`): every line's count,
singletons too, and each page of a flat folder as the hashes of its lines, grouped only
once all the parts are merged. So a part grows with the distinct lines of its inputs, and
is written only when asked (`cleaner profile --part`).

The format (version 1): gzip-compressed JSON (a part is mostly line text, and compresses
about 2.5 times), one object:

    {
      "format": "cleaner-profile-part",
      "version": 1,
      "key": "normalise-digits-0-terse-exact",
      "reading": {"encoding": null, "max_line_chars": 100000, "text_field": "text", "html_field": "html", "url_field": "url"},
      "sites": {"ledger.example": {"pages": 120, "lines": {"home": 120, "rates rose by 0%": 1}}},
      "folders": {"pages": {"pages": 30, "lines": {"contact the valley times": 14}, "page_lines": ["<base64>", ...]}}
    }

`reading` holds the settings that change what a page's lines are: parts read otherwise
are refused together, as one pass could not have read them so. `sites` and `folders`
hold `SiteCounts.sites` and `SiteCounts.folders`; `page_lines` lists a folder's pages as
their sorted distinct line hashes (little-endian uint64s, base64), in sorted order. The
gzip stream has no file name or time in it, so the same counts write the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import io
import json
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.readers import Reading
from cleaner.run.output import os_cause, write_atomic
from cleaner.sites.counts import Counted, SiteCounts
from cleaner.sites.profile import FORMAT as PROFILE_FORMAT
from cleaner.sites.profile import KEY_SCHEME, ProfileError, is_count

FORMAT = "cleaner-profile-part"
VERSION = 1
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Part:
    """A shard's counts and the reading settings they were counted with."""

    counts: SiteCounts
    reading: dict[str, object]


def reading_settings(reading: Reading) -> dict[str, object]:
    """The settings of `reading` that change the lines counted: what a part records."""
    fields = reading.fields
    return {
        "encoding": reading.encoding,
        "max_line_chars": reading.max_line_chars,
        "text_field": fields.text,
        "html_field": fields.html,
        "url_field": fields.url,
    }


def save_part(part: Part, path: Path) -> None:
    """Write `part` to `path` atomically."""
    counts = part.counts
    folders = {
        folder: {**_counted(counted), "page_lines": [base64.b64encode(page).decode("ascii") for page in counts.unsited.get(folder, [])]}
        for folder, counted in counts.folders.items()
    }
    sites = {site: _counted(counted) for site, counted in counts.sites.items()}
    head = {"format": FORMAT, "version": VERSION, "key": KEY_SCHEME, "reading": part.reading}
    write_atomic(path, _gzipped(_dumped(head, {"sites": sites, "folders": folders})))


def load_part(path: Path) -> Part:
    """Read a part `save_part` wrote; anything else is a ProfileError."""
    document = _document(path)
    reading = document.get("reading")
    if not isinstance(reading, dict):
        raise ProfileError('"reading" must be an object')
    sites = _entries(document, "sites", "site")
    folders = _entries(document, "folders", "folder")
    unsited: dict[str, list[bytes]] = {}
    for folder, entry in document["folders"].items():
        pages = entry.get("page_lines")
        if not isinstance(pages, list) or len(pages) != folders[folder].pages:
            raise ProfileError(f'folder {folder!r}: "page_lines" must list one entry for each of its {folders[folder].pages} pages')
        unsited[folder] = [_hashes(folder, page) for page in pages]
    return Part(SiteCounts(sites, folders, unsited).canonical(), reading)


def merge_parts(paths: Sequence[Path]) -> Part:
    """The parts at `paths` added up: the counts of one pass over all their pages. Parts read
    with other settings than the first are refused. A ProfileError names the file it is about."""
    first: dict[str, object] | None = None

    def read(path: Path) -> SiteCounts:
        nonlocal first
        part = _part_of(path)
        if first is None:
            first = part.reading
        elif part.reading != first:
            raise ProfileError(f"{path}: learned with {_differing(part.reading, first)} of {paths[0]}; parts to merge must be read alike")
        return part.counts

    # Each part is added as it is read: a merge holds the total and one part, not every part.
    counts = SiteCounts.total(map(read, paths))
    assert first is not None
    return Part(counts, first)


def _part_of(path: Path) -> Part:
    try:
        return load_part(path)
    except ProfileError as error:
        raise ProfileError(f"{path}: {error}") from None


def _differing(reading: dict[str, object], first: dict[str, object]) -> str:
    names = sorted(set(reading) | set(first))
    return ", ".join(f"{name} {reading.get(name)!r}" for name in names if reading.get(name) != first.get(name)) + (
        " where it is " + ", ".join(repr(first.get(name)) for name in names if reading.get(name) != first.get(name))
    )


def _dumped(head: dict, sections: dict[str, dict]) -> Iterator[bytes]:
    """The part as JSON, a line for each entry of a section: `json.dumps` of the whole, with its
    indent, would encode in Python and hold several times the file, every line of the shard."""
    yield json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8")
    for name, entries in sections.items():
        yield f',\n "{name}": {{'.encode("utf-8")
        for at, (key, value) in enumerate(entries.items()):
            entry = ("," if at else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False)
            yield entry.encode("utf-8")
        yield b"\n }" if entries else b"}"
    yield b"\n}\n"


def _gzipped(chunks: Iterator[bytes]) -> bytes:
    """`chunks` as gzip with no file name and time 0, compressed as they come: the uncompressed
    JSON is never held whole."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=6, fileobj=buffer, mtime=0) as stream:
        for chunk in chunks:
            stream.write(chunk)
    return buffer.getvalue()


def _document(path: Path) -> dict:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ProfileError(f"cannot read: {os_cause(error)}") from None
    if not data.startswith(GZIP_MAGIC):
        raise ProfileError(_not_a_part(data))
    try:
        document = json.loads(gzip.decompress(data).decode("utf-8"))
    except (OSError, EOFError, zlib.error):
        raise ProfileError("not a profile part: its gzip stream is corrupted or cut short") from None
    except UnicodeDecodeError:
        raise ProfileError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ProfileError(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except (ValueError, RecursionError):
        raise ProfileError("unusable JSON: an integer too long or nesting too deep") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProfileError(f'not a profile part (no "format": "{FORMAT}")')
    if document.get("version") != VERSION:
        raise ProfileError(f"version {document.get('version')!r} is not supported; this cleaner reads version {VERSION}")
    if document.get("key") != KEY_SCHEME:
        raise ProfileError(f"line key scheme {document.get('key')!r} is not {KEY_SCHEME!r}")
    return document


def _not_a_part(data: bytes) -> str:
    """Why a file that is no gzip stream is not a part: a site profile is told apart, as users
    will try to merge the profiles they have."""
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        document = None
    if isinstance(document, dict) and document.get("format") == PROFILE_FORMAT:
        return (
            "a site profile keeps only the lines seen on two pages or more, so it cannot be merged: "
            "learn its shard again with 'cleaner profile --part'"
        )
    return "not a profile part (not gzip-compressed): write parts with 'cleaner profile --part'"


def _entries(document: dict, field: str, what: str) -> dict[str, Counted]:
    """The {name: {"pages", "lines"}} object `document[field]`, checked; `what` names an entry in errors."""
    entries = document.get(field)
    if not isinstance(entries, dict):
        raise ProfileError(f'"{field}" must be an object')
    counted = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict) or not is_count(entry.get("pages")) or not isinstance(entry.get("lines"), dict):
            raise ProfileError(f'{what} {name!r} needs "pages" (a positive count) and "lines" (an object)')
        for key, seen in entry["lines"].items():
            if not is_count(seen) or seen > entry["pages"]:
                raise ProfileError(f"{what} {name!r}, line {key!r}: {seen!r} is not a count of at most {entry['pages']} pages")
        counted[name] = Counted(entry["pages"], dict(entry["lines"]))
    return counted


def _counted(counted: Counted) -> dict:
    return {"pages": counted.pages, "lines": counted.lines}


def _hashes(folder: str, page: object) -> bytes:
    try:
        hashes = base64.b64decode(page, validate=True) if isinstance(page, str) else None
    except binascii.Error:
        hashes = None
    if hashes is None or len(hashes) % 8:
        raise ProfileError(f"folder {folder!r}: a page's line hashes must be base64 of 8-byte integers")
    return hashes
