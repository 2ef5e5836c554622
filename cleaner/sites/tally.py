"""A share of the learn pass: the line counts of a batch of pages, which merge by addition.

Apart from the model (`cleaner.sites.learn`) because it needs no numpy: under `-j N`
the worker processes count their shares with it, and numpy, a tenth of a second to
import, is loaded by the parent alone, while the workers count.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable, KeysView

import xxhash

from cleaner._speedups import compiled

UNSITED = "\0"
"""Marks the folder under which unsited pages are counted before they are grouped."""


class LineTally:
    """The learn pass over a share of a run's pages: how many pages of each site, and on how
    many of them each (site, line key) is. Tallies merge by addition, so shares counted in
    any process and merged in any order make the same model (`TemplateCounter.merge`).

    It holds every distinct line key of its share (the counter keeps a line's text only
    once the line is on two pages, which a share cannot know), so a share is a batch of
    inputs, not a run.
    """

    def __init__(self) -> None:
        self.pages: Counter[str] = Counter()
        self.lines: Counter[int] = Counter()
        """hash of (site, key) -> pages of the share it is on."""
        self.texts: dict[int, tuple[str, str]] = {}
        self.unsited: list[tuple[str, bytes]] = []
        """Each page without a site of its own: its folder, and its lines' hashes (sorted uint64s)."""

    def add(self, site: str, keys: Iterable[str]) -> None:
        """Count one page of `site` by the template keys of its lines (each distinct key once)."""
        self._add(site, keys)

    def add_unsited(self, folder: str, keys: Iterable[str]) -> None:
        """Count one page of `folder` that declares no site; its site is the group it joins."""
        hashes = self._add(UNSITED + folder, keys)
        self.unsited.append((folder, array("Q", sorted(hashes)).tobytes()))

    def merge(self, other: LineTally) -> None:
        self.pages.update(other.pages)
        self.lines.update(other.lines)
        for hashed, site_key in other.texts.items():
            self.texts.setdefault(hashed, site_key)
        self.unsited.extend(other.unsited)

    def _add(self, site: str, keys: Iterable[str]) -> KeysView[int]:
        self.pages[site] += 1
        distinct = set(keys)
        distinct.discard("")
        listed = list(distinct)
        hashes = dict(zip(line_hashes(site, listed), listed))
        texts = self.texts
        for hashed, key in hashes.items():
            if hashed not in texts:
                texts[hashed] = (site, key)
        self.lines.update(hashes.keys())
        return hashes.keys()


def line_hashes_py(site: str, keys: list[str], hash: Callable[[bytes], int]) -> list[int]:
    """`hash` (xxh3) of each of `keys` with its site: of `f"{site}\\0{key}"` in UTF-8, lone surrogates passed.

    (`line_hashes` uses its compiled twin, `cleaner._speedups.hashes`, when built: it makes
    each key's bytes in one buffer, where this joins the strings and encodes them.)"""
    return [hash(f"{site}\0{key}".encode("utf-8", "surrogatepass")) for key in keys]


_hashes_kernel = compiled("hashes")
_line_hashes = _hashes_kernel.line_hashes if _hashes_kernel else line_hashes_py


def line_hashes(site: str, keys: list[str]) -> list[int]:
    """The hash of each of `keys` with its site, as the counts know a line: each distinct
    line of every page a run counts is hashed."""
    return _line_hashes(site, keys, xxhash.xxh3_64_intdigest)
