"""Site profiles: a learned TemplateModel saved as JSON, to clean later batches without a learn pass.

The format (version 2), one JSON object:

    {
      "format": "cleaner-site-profile",
      "version": 2,
      "key": "normalise-digits-0-terse-exact",
      "sites": {
        "ledger.example": {"pages": 120, "lines": {"privacy policy": 118, "home": 120}},
        "pages (group 1)": {"pages": 14, "lines": {"contact the valley times": 14}}
      },
      "groups": {"pages": ["pages (group 1)"]}
    }

`sites` maps each site (a URL host, a folder, or a group of a folder's pages) to the
number of its pages that were counted and, for every line seen on two or more of
them, the line's comparison key (`cleaner.sites.model.template_key`) and on how
many pages it was seen. `groups` maps a folder to the groups found among its pages
that declare no site; each must be in `sites`. A reader refuses another format,
another version or another key scheme rather than guessing.

A profile keeps no line seen once, so profiles do not merge: the shards of a scrape are
learned as profile parts (`cleaner.sites.parts`), which merge into a profile, and a part
given where a profile is expected is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

from cleaner.run.output import os_cause, write_atomic
from cleaner.sites.model import TemplateModel

FORMAT = "cleaner-site-profile"
VERSION = 2
KEY_SCHEME = "normalise-digits-0-terse-exact"
"""How lines were keyed; a change to `template_key` must change this name and the version."""


class ProfileError(Exception):
    """A profile that cannot be used; the message names the cause in one line."""


def save_profile(model: TemplateModel, path: Path) -> None:
    """Write `model` to `path` atomically."""
    sites = {
        site: {"pages": pages, "lines": dict(sorted(model.lines.get(site, {}).items()))}
        for site, pages in sorted(model.pages.items())
    }
    groups = {folder: list(names) for folder, names in sorted(model.groups.items())}
    document = {"format": FORMAT, "version": VERSION, "key": KEY_SCHEME, "sites": sites, "groups": groups}
    write_atomic(path, (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def load_profile(path: Path) -> TemplateModel:
    """Read a profile written by `save_profile`; anything else is a ProfileError."""
    try:
        data = path.read_bytes()
        if data.startswith(b"\x1f\x8b"):
            raise ProfileError(
                "a profile part (cleaner profile --part) holds one shard's counts, not a site profile: "
                "merge the parts first with 'cleaner profile merge PART... -o site-profile.json'"
            )
        document = json.loads(data.decode("utf-8"))
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
    if document.get("version") != VERSION:
        raise ProfileError(f"version {document.get('version')!r} is not supported; this cleaner reads version {VERSION}")
    if document.get("key") != KEY_SCHEME:
        raise ProfileError(f"line key scheme {document.get('key')!r} is not {KEY_SCHEME!r}")
    sites = document.get("sites")
    if not isinstance(sites, dict):
        raise ProfileError('"sites" must be an object')
    pages: dict[str, int] = {}
    lines: dict[str, dict[str, int]] = {}
    for site, entry in sites.items():
        if not isinstance(entry, dict) or not is_count(entry.get("pages")) or not isinstance(entry.get("lines"), dict):
            raise ProfileError(f'site {site!r} needs "pages" (a positive count) and "lines" (an object)')
        for key, seen in entry["lines"].items():
            if not is_count(seen) or seen > entry["pages"]:
                raise ProfileError(f"site {site!r}, line {key!r}: {seen!r} is not a count of at most {entry['pages']} pages")
        pages[site] = entry["pages"]
        if entry["lines"]:
            lines[site] = dict(entry["lines"])
    return TemplateModel(pages=pages, lines=lines, groups=_groups(document.get("groups", {}), pages))


def _groups(groups: object, pages: dict[str, int]) -> dict[str, tuple[str, ...]]:
    if not isinstance(groups, dict):
        raise ProfileError('"groups" must be an object')
    for folder, names in groups.items():
        if not isinstance(names, list) or not all(isinstance(name, str) and name in pages for name in names):
            raise ProfileError(f"folder {folder!r}: groups must be a list of sites of the profile")
    return {folder: tuple(names) for folder, names in groups.items()}


def is_count(value: object) -> bool:
    """A positive count, as a profile's pages and lines are."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
