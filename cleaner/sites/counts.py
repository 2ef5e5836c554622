"""Everything a learn pass counted, kept so that the counts of shards merge into those of one pass.

A `TemplateModel` keeps only what cleaning needs: each site's lines seen on two pages or
more, and the groups found among a flat folder's pages. Two shards that each saw a line
once would both drop it, and groups found shard by shard are not the groups of all the
pages. So a profile part (`cleaner.sites.parts`) keeps a shard's `SiteCounts`: every
line's count, singletons too, and each unsited page as the hashes of its lines, to be
grouped over all the pages once the shards are merged. Merging is addition and a sorted
union, so it is commutative and associative, and the model is made from the merged
counts the way a run makes it (`cleaner.sites.learn.TemplateCounter`).
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field

from cleaner.sites.model import TemplateModel
from cleaner.sites.tally import UNSITED, LineTally, line_hashes


@dataclass
class Counted:
    """One site's (or one flat folder's) pages, and on how many of them each line key is."""

    pages: int = 0
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class SiteCounts:
    """A learn pass's counts: by declared site, and by flat folder for the pages that declare none."""

    sites: dict[str, Counted] = field(default_factory=dict)
    folders: dict[str, Counted] = field(default_factory=dict)
    """The unsited pages of each flat folder counted together, as `LineTally` counts them
    before grouping: what recurs in the folder is what the groups are found by."""
    unsited: dict[str, list[bytes]] = field(default_factory=dict)
    """folder -> each unsited page's distinct line hashes (sorted little-endian uint64s, as
    `LineTally.add_unsited` makes them), the pages sorted: their order is no shard's."""

    @classmethod
    def from_tallies(cls, tallies: Iterable[LineTally]) -> SiteCounts:
        """The counts of a learn pass's shares (`cleaner.sites.pages.count_pages`).

        Counted by line text, not merged into one `LineTally` (or a run's `TemplateCounter`,
        which keeps the text of the lines on two pages only): the profile written from
        them holds every line, and a dictionary of texts is about half a tally's memory."""
        counts = cls()
        for tally in tallies:
            counts._add(tally)
        return counts._sorted()

    def _add(self, tally: LineTally) -> None:
        for site, pages in tally.pages.items():
            self._entry(site).pages += pages
        texts = tally.texts
        by_site: dict[str, dict[str, int]] = {}
        for hashed, seen in tally.lines.items():
            site, key = texts[hashed]
            lines = by_site.get(site)
            if lines is None:
                lines = by_site[site] = self._entry(site).lines
            lines[key] = lines.get(key, 0) + seen
        for folder, hashes in tally.unsited:
            self.unsited.setdefault(folder, []).append(little_endian(hashes))

    def _sorted(self) -> SiteCounts:
        """Sorts these counts in place (a site at a time: a profile's counts are large), and returns them."""
        for entries in (self.sites, self.folders):
            ordered = sorted(entries.items())
            entries.clear()
            for name, counted in ordered:
                entries[name] = Counted(counted.pages, dict(sorted(counted.lines.items())))
        self.unsited = {folder: sorted(pages) for folder, pages in sorted(self.unsited.items())}
        return self

    def recurring_tally(self) -> LineTally:
        """The tally one pass over all these pages would have made, less the lines seen on one
        page only: no model holds them, and a profile's are most of its lines."""
        tally = LineTally()
        for scope, entries in (("", self.sites), (UNSITED, self.folders)):
            for name, counted in entries.items():
                site = scope + name
                tally.pages[site] = counted.pages
                keys = [key for key, seen in counted.lines.items() if seen >= 2]
                for hashed, key in zip(line_hashes(site, keys), keys):
                    tally.lines[hashed] = counted.lines[key]
                    tally.texts.setdefault(hashed, (site, key))
        for folder, pages in self.unsited.items():
            tally.unsited.extend((folder, little_endian(hashes)) for hashes in pages)
        return tally

    def summary(self) -> TemplateModel:
        """What these counts say before the flat folders are grouped (for --verbose): each site's and
        each folder's pages and recurring lines, no groups."""
        pages = {name: counted.pages for entries in (self.sites, self.folders) for name, counted in entries.items()}
        lines = {
            name: {key: seen for key, seen in counted.lines.items() if seen >= 2}
            for entries in (self.sites, self.folders) for name, counted in entries.items()
        }
        return TemplateModel(pages=pages, lines={name: found for name, found in lines.items() if found}, groups={})

    def _entry(self, site: str) -> Counted:
        if site.startswith(UNSITED):
            return self.folders.setdefault(site[len(UNSITED) :], Counted())
        return self.sites.setdefault(site, Counted())


def little_endian(hashes: bytes) -> bytes:
    """`hashes` (native uint64s) as little-endian ones, and back: a part's order whatever the machine's."""
    if sys.byteorder == "little":
        return hashes
    swapped = array("Q", hashes)
    swapped.byteswap()
    return swapped.tobytes()
