"""TP01's learn phase: count every page's lines by site into a `TemplateModel` (`cleaner.rules.template`).

A run counts its pages in shares (`cleaner.sites.tally.LineTally`, one per batch of inputs,
in the worker process that reads them under `-j N`) and merges each share into one `TemplateCounter`:
the counts are sums, so the model is the same whatever the shares and their order.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from cleaner.sites.groups import UnsitedPages, count_lines, find_groups, recurring_lines
from cleaner.sites.model import TemplateModel, is_terse, split_lines, template_key
from cleaner.sites.tally import UNSITED, LineTally, line_hashes

if TYPE_CHECKING:
    import numpy as np

__all__ = ["LineTally", "TemplateCounter", "learn"]

_SHARDS = 256
_SPILL_AT = 1 << 18
"""Distinct (site, line) pairs the counter holds as Python objects (some 250 bytes each,
with their text) before it moves their counts into numpy arrays (12 bytes each)."""


class TemplateCounter:
    """The learn pass, one page at a time; it keeps counts, never pages.

    The counts are one `LineTally`, the same the shares of a run are counted in, which
    merge into it by addition. A run of many pages would hold too many of its objects:
    when the tally reaches `_SPILL_AT` distinct (site, line) pairs, its counts move into
    sorted numpy arrays (`_Shards`) and it starts again empty. So numpy, about a tenth
    of a second to import and slower than a dict at a few thousand lines, is loaded only
    by a run that big. Pages without a site of their own are also kept as line hashes,
    on disk, to be grouped at the end (`cleaner.sites.groups`).
    """

    def __init__(self) -> None:
        self._tally = LineTally()
        self._pages: Counter[str] = Counter()
        self._shards: _Shards | None = None
        self._unsited = UnsitedPages()

    def add(self, site: str, text: str) -> None:
        """Count one page of `site`; a line repeated on the page counts once."""
        self._tally.add(site, _keys(text))
        self._settle()

    def add_unsited(self, folder: str, text: str) -> None:
        """Count one page of `folder` that declares no site; its site is the group it joins."""
        self._tally.add_unsited(folder, _keys(text))
        self._settle()

    def add_page_hashes(self, folder: str, hashes: bytes) -> None:
        """Keep one page of `folder` that declares no site by its distinct line hashes (sorted
        native uint64s, as `LineTally.add_unsited` makes them), its lines counted apart: a
        merge of profile parts (`cleaner.sites.parts`) streams them here, to the temporary file."""
        self._unsited.add(folder, hashes)

    def merge(self, tally: LineTally) -> None:
        """Add the pages a share of the run counted (`LineTally`)."""
        self._tally.merge(tally)
        self._settle()

    def _settle(self) -> None:
        for folder, hashes in self._tally.unsited:
            self._unsited.add(folder, hashes)
        self._tally.unsited.clear()
        if len(self._tally.lines) >= _SPILL_AT:
            self._spill()

    def _spill(self) -> None:
        if self._shards is None:
            self._shards = _Shards()
        self._shards.add(self._tally)
        self._pages.update(self._tally.pages)
        self._tally = LineTally()

    def model(self) -> TemplateModel:
        """The counts so far, as a model, with the unsited pages grouped."""
        recurring = self._recurring()
        pages = {site: count for site, count in (self._pages + self._tally.pages).items() if not site.startswith(UNSITED)}
        # The unsited lines (most of a flat folder's) are counted by group below: not sorted here.
        lines = {site: dict(sorted(found.values())) for site, found in recurring.items() if not site.startswith(UNSITED)}
        groups = self._groups(pages, lines, recurring)
        return TemplateModel(pages=dict(sorted(pages.items())), lines=dict(sorted(lines.items())), groups=groups)

    def _recurring(self) -> dict[str, dict[int, tuple[str, int]]]:
        """Every (site, line key) on two pages or more, by site: its hash -> (key, pages)."""
        if self._shards is None:
            texts, counted = self._tally.texts, self._tally.lines.items()
        else:
            texts, counted = self._shards.recurring(self._tally)
        by_site: dict[str, dict[int, tuple[str, int]]] = {}
        for hashed, seen in counted:
            if seen >= 2:
                site, key = texts[hashed]
                by_site.setdefault(site, {})[hashed] = (key, seen)
        return by_site

    def _groups(
        self, pages: dict[str, int], lines: dict[str, dict[str, int]], recurring: dict[str, dict[int, tuple[str, int]]]
    ) -> dict[str, tuple[str, ...]]:
        """Group each folder's unsited pages, and count their lines by group into `pages` and `lines`."""
        # Each folder's recurring lines, numbered in the order of their keys, so that a group's
        # counts come out in the order the model keeps its lines: (hashes, keys, plain hashes).
        held: dict[str, tuple[array, list[str], list[int | None]]] = {}
        for site, found in recurring.items():
            if site.startswith(UNSITED):
                hashes, keys = list(found), [key for key, _ in found.values()]
                order = sorted(range(len(keys)), key=keys.__getitem__)
                keys = list(map(keys.__getitem__, order))
                terse = list(map(is_terse, keys))
                # Hashed again without the folder, so that the groups do not change with the folder's name.
                plain = iter(line_hashes("", [key for key, short in zip(keys, terse) if not short]))
                plains = [None if short else next(plain) for short in terse]
                held[site[1:]] = array("Q", map(hashes.__getitem__, order)), keys, plains
        hashes, starts = self._unsited.read()
        by_folder: dict[str, tuple[list[int], list[int]]] = {}
        for folder, start, length in zip(self._unsited.scopes, starts, self._unsited.lengths):
            folder_starts, folder_lengths = by_folder.setdefault(folder, ([], []))
            folder_starts.append(start)
            folder_lengths.append(length)
        self._unsited.close()
        groups: dict[str, tuple[str, ...]] = {}
        for folder, (folder_starts, folder_lengths) in sorted(by_folder.items()):
            folder_hashes, keys, plains = held.get(folder, (array("Q"), [], []))
            numbers, informative = recurring_lines(hashes, folder_starts, folder_lengths, folder_hashes, plains)
            found = find_groups(informative)
            names = []
            for number, members in enumerate(found, 1):
                name = f"{folder} (group {number})"
                kept, seen = count_lines(numbers, members, len(keys))
                pages[name] = len(members)
                if kept:
                    lines[name] = dict(zip(map(keys.__getitem__, kept), seen))
                names.append(name)
            if names:
                groups[folder] = tuple(names)
        return groups


class _Shards:
    """Counts of (site, line) hashes in 256 sorted numpy arrays by the hash's top byte, 12
    bytes a pair; the text of a pair is kept once it is on two pages."""

    def __init__(self) -> None:
        import numpy as np

        self._keys = [np.empty(0, np.uint64) for _ in range(_SHARDS)]
        self._counts = [np.empty(0, np.uint32) for _ in range(_SHARDS)]
        self._texts: dict[int, tuple[str, str]] = {}

    def add(self, tally: LineTally) -> None:
        import numpy as np

        hashes = np.fromiter(tally.lines.keys(), np.uint64, len(tally.lines))
        counts = np.fromiter(tally.lines.values(), np.uint32, len(tally.lines))
        order = np.argsort(hashes)
        # A line's text is first needed when it reaches two pages, and then it is in this tally.
        for hashed in self._count_in(hashes[order], counts[order]):
            if hashed not in self._texts:
                self._texts[hashed] = tally.texts[hashed]

    def recurring(self, tally: LineTally) -> tuple[dict[int, tuple[str, str]], Iterable[tuple[int, int]]]:
        """The (site, key) of the pairs, and (hash, pages) of each on two pages or more, with the
        counts of `tally` (the counter's last, not spilled) added. The shards are read as one
        sorted array and left as they are: spilling the last tally into them first would cost a
        numpy insertion for each of the 256 (0.02 s on the 1,497 WCXB dumps)."""
        import numpy as np

        keys, counts = np.concatenate(self._keys), np.concatenate(self._counts)
        hashes = np.fromiter(tally.lines.keys(), np.uint64, len(tally.lines))
        added = np.fromiter(tally.lines.values(), np.uint32, len(tally.lines))
        order = np.argsort(hashes)
        hashes, added = hashes[order], added[order]
        at = np.searchsorted(keys, hashes)
        known = at < len(keys)
        known[known] = keys[at[known]] == hashes[known]
        before = counts.copy()
        counts[at[known]] += added[known]
        repeated, fresh = counts >= 2, ~known & (added >= 2)
        found = np.concatenate([keys[repeated], hashes[fresh]])
        # A line's text is kept once it is on two pages: those that reach two with `tally` have it there.
        for hashed in np.concatenate([keys[repeated & (before < 2)], hashes[fresh]]).tolist():
            self._texts.setdefault(hashed, tally.texts[hashed])
        return self._texts, zip(found.tolist(), np.concatenate([counts[repeated], added[fresh]]).tolist())

    def _count_in(self, hashes: np.ndarray, counts: np.ndarray) -> set[int]:
        """Add `counts` of the sorted unique `hashes`; return those now on two pages or more."""
        import numpy as np

        shard_of = (hashes >> np.uint64(56)).astype(np.intp)
        bounds = np.searchsorted(shard_of, np.arange(_SHARDS + 1))
        repeated: set[int] = set()
        for shard in range(_SHARDS):
            low, high = bounds[shard], bounds[shard + 1]
            if low == high:
                continue
            totals = self._merge(shard, hashes[low:high], counts[low:high])
            repeated.update(int(h) for h in hashes[low:high][totals >= 2])
        return repeated

    def _merge(self, shard: int, hashes: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Add `counts` of sorted unique `hashes` into one shard; return their new totals."""
        import numpy as np

        keys, totals = self._keys[shard], self._counts[shard]
        at = np.searchsorted(keys, hashes)
        known = at < len(keys)
        known[known] = keys[at[known]] == hashes[known]
        totals[at[known]] += counts[known]
        new = ~known
        self._keys[shard] = keys = np.insert(keys, at[new], hashes[new])
        self._counts[shard] = totals = np.insert(totals, at[new], counts[new])
        return totals[np.searchsorted(keys, hashes)]


def _keys(text: str) -> list[str]:
    return [template_key(line) for line in split_lines(text)]


def learn(pages: Iterable[tuple[str, str]]) -> TemplateModel:
    """Count (site, text) pages into a model."""
    counter = TemplateCounter()
    for site, text in pages:
        counter.add(site, text)
    return counter.model()
