"""TP01's learn phase: count every page's lines by site into a `TemplateModel` (`cleaner.rules.template`).

Its own module because it alone needs numpy: a run that learns nothing (a single
file, or one given a profile) never imports it.

A run counts its pages in shares (`cleaner.sites.tally.LineTally`, one per batch of inputs,
in the worker process that reads them under `-j N`) and merges each share into one `TemplateCounter`:
the counts are sums, so the model is the same whatever the shares and their order.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable

import numpy as np

from cleaner.sites.groups import UnsitedPages, find_groups
from cleaner.sites.model import LINE_BREAK, TemplateModel, is_terse, template_key
from cleaner.sites.tally import UNSITED, LineTally, line_hash

__all__ = ["LineTally", "TemplateCounter", "learn"]

_SHARDS = 256
_FLUSH_EVERY = 1 << 18


class TemplateCounter:
    """The learn pass, one page at a time; it keeps counts, never pages.

    Memory grows with the number of distinct (site, line) pairs, at 12 bytes each,
    in sorted numpy arrays; the text of a line is kept once it is on two pages. The
    counts are sums, so the model is the same whatever order the pages come in.
    Pages without a site of their own are also kept as line hashes, on disk, to be
    grouped at the end (`cleaner.sites.groups`).
    """

    def __init__(self) -> None:
        self._pages: dict[str, int] = {}
        self._keys = [np.empty(0, np.uint64) for _ in range(_SHARDS)]
        self._counts = [np.empty(0, np.uint32) for _ in range(_SHARDS)]
        self._pending = array("Q")
        self._pending_counts = array("I")
        """Pages each pending hash is on (1 for a page added here, more for a tally's)."""
        self._pending_text: list[tuple[str, str]] = []
        self._texts: dict[int, tuple[str, str]] = {}
        self._unsited = UnsitedPages()

    def add(self, site: str, text: str) -> None:
        """Count one page of `site`; a line repeated on the page counts once."""
        self._add(site, text)

    def add_unsited(self, folder: str, text: str) -> None:
        """Count one page of `folder` that declares no site; its site is the group it joins."""
        hashes = self._add(UNSITED + folder, text)
        self._unsited.add(folder, np.frombuffer(hashes, dtype=np.uint64))

    def merge(self, tally: LineTally) -> None:
        """Add the pages a share of the run counted (`LineTally`)."""
        for site, pages in tally.pages.items():
            self._pages[site] = self._pages.get(site, 0) + pages
        # Pending, as pages added here are: merging a small tally into 256 sorted shards
        # at once would cost more than counting it.
        self._pending.extend(tally.lines.keys())
        self._pending_counts.extend(tally.lines.values())
        self._pending_text.extend(map(tally.texts.__getitem__, tally.lines.keys()))
        for folder, hashes in tally.unsited:
            self._unsited.add(folder, np.frombuffer(hashes, dtype=np.uint64))
        if len(self._pending) >= _FLUSH_EVERY:
            self._flush()

    def _add(self, site: str, text: str) -> array:
        self._pages[site] = self._pages.get(site, 0) + 1
        keys = [key for key in {template_key(line) for line in LINE_BREAK.split(text)} if key]
        hashes = array("Q", [line_hash(site, key) for key in keys])
        self._pending.extend(hashes)
        self._pending_counts.extend([1] * len(hashes))
        self._pending_text.extend((site, key) for key in keys)
        if len(self._pending) >= _FLUSH_EVERY:
            self._flush()
        return hashes

    def model(self) -> TemplateModel:
        """The counts so far, as a model, with the unsited pages grouped."""
        self._flush()
        lines: dict[str, dict[str, int]] = {}
        pages = {site: count for site, count in self._pages.items() if not site.startswith(UNSITED)}
        sited = [(hashed, site, key) for hashed, (site, key) in sorted(self._texts.items(), key=lambda item: item[1]) if not site.startswith(UNSITED)]
        for (_, site, key), seen in zip(sited, self._counts_of([hashed for hashed, _, _ in sited])):
            lines.setdefault(site, {})[key] = seen
        groups = self._groups(pages, lines)
        return TemplateModel(pages=dict(sorted(pages.items())), lines=dict(sorted(lines.items())), groups=groups)

    def _groups(self, pages: dict[str, int], lines: dict[str, dict[str, int]]) -> dict[str, tuple[str, ...]]:
        """Group each folder's unsited pages, and count their lines by group into `pages` and `lines`."""
        recurring: dict[str, list[int]] = {}
        informative: dict[str, list[int]] = {}
        for hashed, (site, key) in self._texts.items():
            if site.startswith(UNSITED):
                recurring.setdefault(site[1:], []).append(hashed)
                if not is_terse(key):
                    informative.setdefault(site[1:], []).append(hashed)
        sorted_recurring = {folder: np.array(sorted(h), dtype=np.uint64) for folder, h in recurring.items()}
        sorted_informative = {folder: np.array(sorted(h), dtype=np.uint64) for folder, h in informative.items()}
        by_folder: dict[str, list[np.ndarray]] = {}
        empty = np.empty(0, np.uint64)
        for folder, hashes in self._unsited.read(lambda f, h: h[np.isin(h, sorted_recurring.get(f, empty), assume_unique=True)]):
            by_folder.setdefault(folder, []).append(hashes)
        self._unsited.close()
        groups: dict[str, tuple[str, ...]] = {}
        for folder, arrays in sorted(by_folder.items()):
            wanted = sorted_informative.get(folder, empty)
            # Hashed again without the folder, so that the groups do not change with the folder's name.
            plain = np.array([line_hash("", self._texts[h][1]) for h in wanted.tolist()], np.uint64)
            found = find_groups([_informative(a, wanted, plain) for a in arrays])
            names = []
            for number, members in enumerate(found, 1):
                name = f"{folder} (group {number})"
                counts = Counter(hashed for page in members for hashed in arrays[page].tolist())
                kept = sorted((self._texts[hashed][1], seen) for hashed, seen in counts.items() if seen >= 2)
                pages[name] = len(members)
                if kept:
                    lines[name] = dict(kept)
                names.append(name)
            if names:
                groups[folder] = tuple(names)
        return groups

    def _flush(self) -> None:
        if not self._pending:
            return
        hashes, inverse = np.unique(np.frombuffer(self._pending, dtype=np.uint64), return_inverse=True)
        counts = np.bincount(inverse, weights=np.frombuffer(self._pending_counts, dtype=np.uint32), minlength=len(hashes))
        repeated = self._count_in(hashes, counts.astype(np.uint32))
        # A line's text is first needed when it reaches two pages, and then it is in this batch.
        for hashed, site_key in zip(self._pending, self._pending_text):
            if hashed in repeated and hashed not in self._texts:
                self._texts[hashed] = site_key
        self._pending = array("Q")
        self._pending_counts = array("I")
        self._pending_text = []

    def _count_in(self, hashes: np.ndarray, counts: np.ndarray) -> set[int]:
        """Add `counts` of the sorted unique `hashes`; return those now on two pages or more."""
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
        keys, totals = self._keys[shard], self._counts[shard]
        at = np.searchsorted(keys, hashes)
        known = at < len(keys)
        known[known] = keys[at[known]] == hashes[known]
        totals[at[known]] += counts[known].astype(np.uint32)
        new = ~known
        self._keys[shard] = keys = np.insert(keys, at[new], hashes[new])
        self._counts[shard] = totals = np.insert(totals, at[new], counts[new].astype(np.uint32))
        return totals[np.searchsorted(keys, hashes)]

    def _counts_of(self, hashes: list[int]) -> list[int]:
        """The counts of `hashes` (each counted), looked up at once: the shards hold
        consecutive ranges of hashes, so one after another they are one sorted array."""
        keys, counts = np.concatenate(self._keys), np.concatenate(self._counts)
        return counts[np.searchsorted(keys, np.array(hashes, dtype=np.uint64))].tolist()


def _informative(page: np.ndarray, wanted: np.ndarray, plain: np.ndarray) -> np.ndarray:
    """The page's lines among the sorted `wanted` hashes, as their `plain` hashes (same order
    as `wanted`), sorted: looked up at once rather than line by line, as the groups are
    found while the workers wait for the model."""
    at = np.searchsorted(wanted, page)
    known = at < len(wanted)
    known[known] = wanted[at[known]] == page[known]
    return np.sort(plain[at[known]])


def learn(pages: Iterable[tuple[str, str]]) -> TemplateModel:
    """Count (site, text) pages into a model."""
    counter = TemplateCounter()
    for site, text in pages:
        counter.add(site, text)
    return counter.model()
