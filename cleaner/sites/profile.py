"""Site profiles: what a learn pass counted, saved as JSON, to clean later batches without a learn pass.

The format (version 3), one JSON object:

    {
      "format": "cleaner-site-profile",
      "version": 3,
      "key": "normalise-digits-0-terse-exact",
      "sites": {
        "ledger.example": {"pages": 120, "lines": {"home": 120, "privacy policy": 118, "rates rose by 0%": 1}}
      },
      "folders": {
        "pages": {"pages": 30, "lines": {"contact the valley times": 14, ...}, "page_lines": ["<base64>", ...]}
      },
      "groups": {
        "pages": {"pages (group 1)": {"pages": 14, "lines": {"contact the valley times": 14}}}
      }
    }

`sites` maps each declared site (a URL host or an input sub-folder) to the number of
its pages that were counted and, for every line seen on them, the line's comparison
key (`cleaner.sites.model.template_key`) and on how many pages it was seen: every
line, not only those on two pages, so that profiles of shards merge (`merge_profiles`)
into the profile of one pass over all of them. `folders` holds the same for the pages
of each flat folder that declare no site, counted together, and each such page's
distinct line hashes (`cleaner.sites.counts.SiteCounts.unsited`: sorted little-endian
uint64s, base64), so that a merge groups them over all the pages. `groups` is what
cleaning reads for those pages: the groups found among each folder's pages, in order,
with their lines on two pages or more; a merge makes it again from the merged counts.

Version 2 kept only the lines on two pages or more and no page hashes: `clean --profile`
still reads it, a merge cannot (its dropped singletons may recur in another shard).
A reader refuses another format, another version or another key scheme rather than guessing.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from cleaner.run.output import os_cause, write_atomic
from cleaner.sites.counts import Counted, SiteCounts
from cleaner.sites.model import TemplateModel

FORMAT = "cleaner-site-profile"
VERSION = 3
READ_VERSIONS = (2, 3)
KEY_SCHEME = "normalise-digits-0-terse-exact"
"""How lines were keyed; a change to `template_key` must change this name and the version."""


class ProfileError(Exception):
    """A profile that cannot be used; the message names the cause in one line."""


def save_profile(counts: SiteCounts, path: Path, model: TemplateModel | None = None) -> None:
    """Write `counts`, and the groups of their model (`model`, if made already), to `path` atomically."""
    if model is None:
        model = counts.model()
    sites = {site: _counted(counted) for site, counted in counts.sites.items()}
    folders = {
        folder: {**_counted(counted), "page_lines": [base64.b64encode(page).decode("ascii") for page in counts.unsited.get(folder, [])]}
        for folder, counted in counts.folders.items()
    }
    groups = {
        folder: {name: _counted(Counted(model.pages[name], dict(model.lines.get(name, {})))) for name in names}
        for folder, names in sorted(model.groups.items())
    }
    head = {"format": FORMAT, "version": VERSION, "key": KEY_SCHEME}
    write_atomic(path, b"".join(_dumped(head, {"sites": sites, "folders": folders, "groups": groups})))


def _dumped(head: dict, sections: dict[str, dict]) -> Iterator[bytes]:
    """The profile as JSON, a line for each entry of a section: `json.dumps` with `indent` encodes in
    Python, holding several times the file in memory, where a profile holds every line of its inputs."""
    yield json.dumps(head, ensure_ascii=False)[:-1].encode("utf-8")
    for name, entries in sections.items():
        yield f',\n "{name}": {{'.encode("utf-8")
        for at, (key, value) in enumerate(entries.items()):
            entry = ("," if at else "") + "\n  " + json.dumps(key, ensure_ascii=False) + ": " + json.dumps(value, ensure_ascii=False)
            yield entry.encode("utf-8")
        yield b"\n }" if entries else b"}"
    yield b"\n}\n"


def load_profile(path: Path) -> TemplateModel:
    """The model a profile written by `save_profile` (version 3) or an earlier cleaner (version 2)
    holds; anything else is a ProfileError."""
    document = _document(path, READ_VERSIONS)
    if document["version"] == 2:
        return _model_v2(document)
    pages: dict[str, int] = {}
    lines: dict[str, dict[str, int]] = {}
    for site, counted in _entries(document, "sites", "site").items():
        pages[site] = counted.pages
        recurring = {key: seen for key, seen in counted.lines.items() if seen >= 2}
        if recurring:
            lines[site] = recurring
    groups: dict[str, tuple[str, ...]] = {}
    found = document.get("groups")
    if not isinstance(found, dict):
        raise ProfileError('"groups" must be an object')
    for folder, named in found.items():
        if not isinstance(named, dict):
            raise ProfileError(f"folder {folder!r}: its groups must be an object")
        entries = _entries({"groups": named}, "groups", "group")
        for name, counted in entries.items():
            pages[name] = counted.pages
            if counted.lines:
                lines[name] = counted.lines
        if entries:
            groups[folder] = tuple(entries)
    return TemplateModel(pages=dict(sorted(pages.items())), lines=dict(sorted(lines.items())), groups=groups)


def load_counts(path: Path) -> SiteCounts:
    """The counts of a profile `save_profile` wrote, to be merged; anything else is a ProfileError."""
    document = _document(path, (VERSION,))
    sites = _entries(document, "sites", "site")
    folders = _entries(document, "folders", "folder")
    unsited: dict[str, list[bytes]] = {}
    for folder, entry in document["folders"].items():
        pages = entry.get("page_lines")
        if not isinstance(pages, list) or len(pages) != folders[folder].pages:
            raise ProfileError(f'folder {folder!r}: "page_lines" must list one entry for each of its {folders[folder].pages} pages')
        unsited[folder] = [_hashes(folder, page) for page in pages]
    return SiteCounts(sites, folders, unsited).canonical()


def merge_profiles(paths: Sequence[Path]) -> SiteCounts:
    """The counts of the profiles at `paths` added up: those of one pass over all their pages.
    A ProfileError names the file it is about."""
    return SiteCounts.total(map(_counts_of, paths))


def _counts_of(path: Path) -> SiteCounts:
    try:
        return load_counts(path)
    except ProfileError as error:
        raise ProfileError(f"{path}: {error}") from None


def _document(path: Path, versions: tuple[int, ...]) -> dict:
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise ProfileError(f"cannot read: {os_cause(error)}") from None
    except UnicodeDecodeError:
        raise ProfileError("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise ProfileError(f"not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except ValueError:  # Python reads integers of up to 4,300 digits
        raise ProfileError("unusable JSON: an integer too long to read") from None
    except RecursionError:
        raise ProfileError("unusable JSON: arrays or objects nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ProfileError(f'not a site profile (no "format": "{FORMAT}")')
    version = document.get("version")
    if version == 2 and 2 not in versions:
        raise ProfileError(
            "a version 2 profile keeps only the lines seen on two pages or more, so it cannot be merged: "
            "learn it again with 'cleaner profile'"
        )
    if version not in versions:
        readable = " or ".join(map(str, versions))
        raise ProfileError(f"version {version!r} is not supported; this cleaner reads version {readable}")
    if document.get("key") != KEY_SCHEME:
        raise ProfileError(f"line key scheme {document.get('key')!r} is not {KEY_SCHEME!r}")
    return document


def _entries(document: dict, field: str, what: str) -> dict[str, Counted]:
    """The {name: {"pages", "lines"}} object `document[field]`, checked; `what` names an entry in errors."""
    entries = document.get(field)
    if not isinstance(entries, dict):
        raise ProfileError(f'"{field}" must be an object')
    counted = {}
    for name, entry in entries.items():
        if not isinstance(entry, dict) or not _count(entry.get("pages")) or not isinstance(entry.get("lines"), dict):
            raise ProfileError(f'{what} {name!r} needs "pages" (a positive count) and "lines" (an object)')
        for key, seen in entry["lines"].items():
            if not _count(seen) or seen > entry["pages"]:
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


def _model_v2(document: dict) -> TemplateModel:
    sites = _entries(document, "sites", "site")
    pages = {site: counted.pages for site, counted in sites.items()}
    lines = {site: counted.lines for site, counted in sites.items() if counted.lines}
    return TemplateModel(pages=pages, lines=lines, groups=_groups_v2(document.get("groups", {}), pages))


def _groups_v2(groups: object, pages: dict[str, int]) -> dict[str, tuple[str, ...]]:
    if not isinstance(groups, dict):
        raise ProfileError('"groups" must be an object')
    for folder, names in groups.items():
        if not isinstance(names, list) or not all(isinstance(name, str) and name in pages for name in names):
            raise ProfileError(f"folder {folder!r}: groups must be a list of sites of the profile")
    return {folder: tuple(names) for folder, names in groups.items()}


def _count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
