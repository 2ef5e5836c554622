"""Profile parts: one shard's learn-pass counts, saved so that parts merge into a site profile.

A site profile (`cleaner.sites.profile`) keeps what cleaning needs, the lines seen on two
pages or more; two shards that each saw a line once would both drop it. A part keeps
everything a merge needs (`cleaner.sites.counts.SiteCounts`): every line's count,
singletons too, and each page of a flat folder as the hashes of its lines, grouped only
once all the parts are merged. So a part holds the distinct text of its shard, and is
written only when asked (`cleaner profile --part`).

The format (version 1) is gzip-compressed JSON Lines, sorted, so that parts merge as
sorted streams: a merge reads its parts side by side and holds only what the profile
keeps (the lines on two pages or more, and the flat folders' page hashes), and a merge
into a part again (`merge --part`) holds next to nothing. The lines, in order:

    {"format": "cleaner-profile-part", "version": 1, "key": "normalise-digits-0-terse-exact", "reading": {...}}
    {"site": "ledger.example", "pages": 120}
    ["home", 120]
    ["rates rose by 0%", 1]
    {"folder": "pages", "pages": 30}
    ["contact the valley times", 14]
    "<base64 of a page's line hashes>"

`reading` holds the settings that change what a page's lines are; parts read otherwise
are refused together, as one pass could not have read them so. Each site (a URL host or
an input sub-folder) and then each flat folder, by name, opens with its page count and
lists its line keys (`cleaner.sites.model.template_key`), in order, with the pages each
is on; a folder then lists its pages, each as its sorted distinct line hashes
(little-endian uint64s, base64), in the order of their bytes. The gzip stream has no
file name or time in it, so the same counts write the same bytes.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import heapq
import json
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from cleaner.readers import Reading
from cleaner.run.output import AtomicWriter, os_cause
from cleaner.sites.counts import Counted, SiteCounts, little_endian
from cleaner.sites.model import TemplateModel
from cleaner.sites.profile import FORMAT as PROFILE_FORMAT
from cleaner.sites.profile import KEY_SCHEME, ProfileError, is_count

FORMAT = "cleaner-profile-part"
VERSION = 1
GZIP_MAGIC = b"\x1f\x8b"
LEVEL = 1
"""gzip's fastest level: level 6 writes 11% fewer bytes of the WCXB dumps' part and 18% fewer of a
synthetic shard's, and takes 3 to 5 times as long to compress (0.86 s against 0.27 s, 5.2 s against 1.1 s)."""

SITE, FOLDER = 0, 1
"""Scopes, in the order a part lists them."""
HEAD, LINE, PAGE = 0, 1, 2
"""What an entry is, in the order a scope lists them: its page count, a line, a page of a flat folder."""


class Entry(NamedTuple):
    """One line of a part after its head. Entries sort in the order a part lists them, so
    parts merge as sorted streams (`heapq.merge`)."""

    scope: int
    name: str
    kind: int
    key: str | bytes
    """A line's key; a page's line hashes; "" for the head."""
    count: int
    """The head's pages; the pages a line is on; 1 for a page."""


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


@dataclass
class Written:
    """What a part written holds, for the message that says so."""

    sites: int = 0
    folders: int = 0
    pages: int = 0
    lines: int = 0


def save_part(part: Part, path: Path) -> Written:
    """Write `part` to `path` atomically; its counts sorted (`SiteCounts.canonical`)."""
    return write_entries(part.reading, _entries_of(part.counts), path)


def write_entries(reading: dict[str, object], entries: Iterable[Entry], path: Path) -> Written:
    """Write a part of sorted `entries` to `path` as they come, atomically."""
    head = {"format": FORMAT, "version": VERSION, "key": KEY_SCHEME, "reading": reading}
    written = Written()
    with AtomicWriter(path) as out, gzip.GzipFile(filename="", mode="wb", compresslevel=LEVEL, fileobj=out.file, mtime=0) as stream:
        batch = [_json(head)]
        for entry in entries:
            batch.append(_line(entry))
            if entry.kind == HEAD:
                written.sites += entry.scope == SITE
                written.folders += entry.scope == FOLDER
                written.pages += entry.count
            elif entry.kind == LINE:
                written.lines += 1
            # A write a batch of lines: gzip's write costs about as much as a line's JSON.
            if len(batch) == 4096:
                stream.write(b"".join(batch))
                batch.clear()
        stream.write(b"".join(batch))
    return written


def load_part(path: Path) -> Part:
    """Read the part at `path` whole; anything but a part is a ProfileError naming the file."""
    reading = read_head(path)
    return Part(counts_of(_read(path), least=1), reading)


def merge_parts(paths: Sequence[Path], stack: ExitStack) -> tuple[dict[str, object], Iterator[Entry]]:
    """The parts at `paths` merged: their reading settings, and the entries of one pass over all
    their pages, read from the parts side by side (closed with `stack`). Parts read with other
    settings than the first are refused. A ProfileError names the file it is about."""
    first = read_head(paths[0])
    for path in paths[1:]:
        reading = read_head(path)
        if reading != first:
            changed = sorted(name for name in set(reading) | set(first) if reading.get(name) != first.get(name))
            settings = ", ".join(f"{name} {reading.get(name)!r}" for name in changed)
            where = ", ".join(repr(first.get(name)) for name in changed)
            raise ProfileError(f"{path}: learned with {settings} where it is {where} in {paths[0]}; parts to merge must be read alike")
    streams = [stack.enter_context(closing(_read(path))) for path in paths]
    return first, _added(heapq.merge(*streams))


def model_of(entries: Iterable[Entry]) -> TemplateModel:
    """The model of the counts `entries` list, made as one pass over their pages makes it. Only
    what the model is made of is held: the lines on two pages or more, and the flat folders'
    pages, which go to the counter's temporary file as they come, as a run's do."""
    from cleaner.sites.learn import TemplateCounter  # numpy with it

    counter = TemplateCounter()

    def page(entry: Entry) -> None:
        counter.add_page_hashes(entry.name, little_endian(entry.key))  # type: ignore[arg-type]

    counter.merge(counts_of(entries, least=2, pages=page).recurring_tally())
    return counter.model()


def counts_of(entries: Iterable[Entry], least: int = 1, pages: Callable[[Entry], None] | None = None) -> SiteCounts:
    """The counts `entries` list, keeping the lines on `least` pages or more; the flat folders'
    pages are handed to `pages`, if given, not kept."""
    counts = SiteCounts()
    counted = Counted()
    for entry in entries:
        if entry.kind == HEAD:
            counted = Counted(entry.count)
            (counts.sites if entry.scope == SITE else counts.folders)[entry.name] = counted
        elif entry.kind == LINE:
            if entry.count >= least:
                counted.lines[entry.key] = entry.count  # type: ignore[index]
        elif pages is not None:
            pages(entry)
        else:
            counts.unsited.setdefault(entry.name, []).append(entry.key)  # type: ignore[arg-type]
    return counts


def read_head(path: Path) -> dict[str, object]:
    """The reading settings of the part at `path`, its head checked; a ProfileError names the file."""
    with _naming(path):
        with path.open("rb") as file:
            if file.read(2) != GZIP_MAGIC:
                file.seek(0)
                raise ProfileError(_not_a_part(file.read()))
        with gzip.open(path, "rb") as stream:
            head = _parsed(stream.readline(), 1)
    if not isinstance(head, dict) or head.get("format") != FORMAT:
        raise ProfileError(f'{path}: not a profile part (no "format": "{FORMAT}")')
    if head.get("version") != VERSION:
        raise ProfileError(f"{path}: version {head.get('version')!r} is not supported; this cleaner reads version {VERSION}")
    if head.get("key") != KEY_SCHEME:
        raise ProfileError(f"{path}: line key scheme {head.get('key')!r} is not {KEY_SCHEME!r}")
    if not isinstance(head.get("reading"), dict):
        raise ProfileError(f'{path}: "reading" must be an object')
    return head["reading"]


def _entries_of(counts: SiteCounts) -> Iterator[Entry]:
    for scope, entries in ((SITE, counts.sites), (FOLDER, counts.folders)):
        for name, counted in entries.items():
            yield Entry(scope, name, HEAD, "", counted.pages)
            for key, seen in counted.lines.items():
                yield Entry(scope, name, LINE, key, seen)
            if scope == FOLDER:
                for page in counts.unsited.get(name, []):
                    yield Entry(scope, name, PAGE, page, 1)


def _added(entries: Iterable[Entry]) -> Iterator[Entry]:
    """Sorted `entries` of several parts, with the heads of a scope and the counts of a line
    added up; pages stay apart (two pages may have the same lines)."""
    last: Entry | None = None
    for entry in entries:
        if last is not None and entry.kind != PAGE and entry[:4] == last[:4]:
            last = last._replace(count=last.count + entry.count)
            continue
        if last is not None:
            yield last
        last = entry
    if last is not None:
        yield last


def _read(path: Path) -> Iterator[Entry]:
    """The entries of the part at `path`, checked as they are read: in order, each count at
    most its scope's pages, each folder's pages listed. A ProfileError names the file and line."""
    with _naming(path):
        # Read as text: json.loads of bytes guesses their encoding again for every line.
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as stream:
            yield from _checked(stream)


@contextmanager
def _naming(path: Path) -> Iterator[None]:
    """A part's read errors, as one ProfileError that names the file and the cause."""
    try:
        yield
    except UnicodeDecodeError:
        raise ProfileError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise ProfileError(f"{path}: cannot read: {os_cause(error)}") from None
    except (EOFError, zlib.error):
        raise ProfileError(f"{path}: not a profile part: its gzip stream is corrupted or cut short") from None
    except ProfileError as error:
        raise ProfileError(f"{path}: {error}") from None


def _checked(stream: Iterable[str]) -> Iterator[Entry]:
    lines = iter(stream)
    next(lines, None)  # the head, read by `read_head`
    last: Entry | None = None
    head: Entry | None = None
    listed = 0
    for number, raw in enumerate(chain(lines, [None]), 2):
        entry = None if raw is None else _entry(_parsed(raw, number), head, number)
        if head is not None and head.scope == FOLDER and (entry is None or entry.kind == HEAD) and listed != head.count:
            raise ProfileError(f"line {number}: folder {head.name!r} lists {listed} pages of its {head.count}")
        if entry is None:
            return
        if last is not None and (entry[:4] < last[:4] or (entry[:4] == last[:4] and entry.kind != PAGE)):
            raise ProfileError(f"line {number}: out of order; a part lists its sites, lines and pages sorted, each once")
        if entry.kind == HEAD:
            head, listed = entry, 0
        elif entry.kind == PAGE:
            listed += 1
        last = entry
        yield entry


def _entry(value: object, head: Entry | None, number: int) -> Entry:
    """The entry a parsed line holds, within the scope `head` opened."""
    if type(value) is list and head is not None and len(value) == 2:  # most entries: a line
        key, seen = value
        if type(key) is str and type(seen) is int and 0 < seen <= head.count:
            return Entry(head.scope, head.name, LINE, key, seen)
    if isinstance(value, dict):
        scope = SITE if "site" in value else FOLDER
        name = value.get("site" if scope == SITE else "folder")
        if not isinstance(name, str) or not is_count(value.get("pages")) or len(value) != 2:
            raise ProfileError(f'line {number}: a site or folder is {{"site" or "folder": NAME, "pages": COUNT}}')
        return Entry(scope, name, HEAD, "", value["pages"])
    if head is None:
        raise ProfileError(f"line {number}: a line or page before any site or folder")
    if isinstance(value, list):
        if len(value) != 2 or not isinstance(value[0], str) or not is_count(value[1]) or value[1] > head.count:
            raise ProfileError(f"line {number}: a line is [KEY, PAGES], PAGES a count of at most {head.count}, those of {head.name!r}")
        return Entry(head.scope, head.name, LINE, value[0], value[1])
    if isinstance(value, str) and head.scope == FOLDER:
        try:
            hashes = base64.b64decode(value, validate=True)
        except binascii.Error:
            hashes = b"?"
        if len(hashes) % 8:
            raise ProfileError(f"line {number}: a page's line hashes must be base64 of 8-byte integers")
        return Entry(FOLDER, head.name, PAGE, hashes, 1)
    raise ProfileError(f"line {number}: not a site, a folder, a line or (in a folder) a page")


_decode = json.JSONDecoder().decode
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _parsed(raw: str | bytes, number: int) -> object:
    try:
        return _decode(raw) if isinstance(raw, str) else json.loads(raw)
    except UnicodeDecodeError:
        raise ProfileError(f"line {number}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ProfileError(f"line {number}: not valid JSON ({error.msg}, column {error.colno})") from None
    except (ValueError, RecursionError):
        raise ProfileError(f"line {number}: unusable JSON: an integer too long or nesting too deep") from None


def _line(entry: Entry) -> bytes:
    if entry.kind == HEAD:
        return _json({"site" if entry.scope == SITE else "folder": entry.name, "pages": entry.count})
    if entry.kind == LINE:
        return f"[{_encode(entry.key)}, {entry.count}]\n".encode("utf-8")
    return _json(base64.b64encode(entry.key).decode("ascii"))  # type: ignore[arg-type]


def _json(value: object) -> bytes:
    return (_encode(value) + "\n").encode("utf-8")


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
