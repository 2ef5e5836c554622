"""Pages that say nothing about their site, grouped by the template lines they share.

A flat scrape folder (`pages/<hash>.html`, a folder of text dumps, a JSON Lines file
without URLs) holds many sites. Counting its lines as one site's would make any line
that recurs on unrelated pages ("News", "By", a table cell "11") a template line. So
the learn pass keeps, for each such page, the hashes of its distinct lines, and once
every page is counted, joins two pages of the same folder when they share at least
`MIN_SHARED` informative lines (not terse, see `cleaner.sites.model.is_terse`)
that recur in the folder, and those are at least `MIN_OVERLAP` of the two pages'
recurring informative lines together. Pages of one site share their navigation and
footer; pages of unrelated sites share a "Privacy Policy", "Home" or "Facebook", a
small part of what recurs on them.

Each page is compared with a few representatives of each of its `PROBES` lowest-hash
recurring lines (the first `REPRESENTATIVES` pages holding that line, pages ordered by
a hash of their lines), and joined pages form groups by union-find. Nothing depends on
the order the pages came in: the pages' order, the representatives and the unions are
functions of the pages' lines.

Memory: the hashes wait in a temporary file (8 bytes per distinct line of a page);
only the lines that recur in the folder (a page's template lines, mostly) are read
back into memory, 8 bytes each per page (`array("Q")`: a page holds tens of such
lines, too few for numpy's arrays to pay for their calls).
"""

from __future__ import annotations

import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain

import xxhash

from cleaner._speedups import compiled

MIN_SHARED = 3
"""Two pages are of one site only when they share at least this many recurring informative lines..."""
MIN_OVERLAP = 0.3
"""...and they are at least this share of the recurring informative lines of the two pages together
(chosen by benchmarks/folder_runs.py; see docs/site-profiles.md)."""
PROBES = 8
"""Each page looks for its site through this many of its recurring lines, those of lowest hash..."""
REPRESENTATIVES = 4
"""...each of which names the first pages that hold it, compared with the page."""


@dataclass
class UnsitedPages:
    """The line hashes of the pages without a site of their own, by folder, kept in a temporary file."""

    scopes: list[str] = field(default_factory=list)
    lengths: list[int] = field(default_factory=list)
    _file: tempfile.SpooledTemporaryFile | None = None

    def add(self, scope: str, hashes: bytes) -> None:
        """Keep one page of `scope`: its distinct line hashes, sorted, as unsigned 64-bit integers."""
        if self._file is None:
            self._file = tempfile.SpooledTemporaryFile(max_size=1 << 24)
        self._file.write(hashes)
        self.scopes.append(scope)
        self.lengths.append(len(hashes) // 8)

    def read(self) -> tuple[array, list[int]]:
        """Every page's hashes, in the order added, in one array; and where each page starts in it."""
        hashes = array("Q")
        if self._file is not None:
            self._file.seek(0)
            hashes.frombytes(self._file.read())
        return hashes, list(accumulate(self.lengths[:-1], initial=0)) if self.lengths else []

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def recurring_lines_py(hashes: array, starts: list[int], lengths: list[int], lines: array, plains: list[int | None]) -> tuple[list[array], list[array]]:
    """For each page (`lengths[i]` sorted, distinct hashes from `starts[i]` in `hashes`): the
    numbers of its lines that recur in its folder (line n is `lines[n]`), in its order, and the
    plain hashes of those that are informative (`plains[n]`, None for a terse line), sorted.

    (`recurring_lines` is its compiled twin, `cleaner._speedups.groups.recurring_lines`, when built.)"""
    number = {hashed: n for n, hashed in enumerate(lines)}
    found, informative = [], []
    for start, length in zip(starts, lengths):
        numbers = [number[hashed] for hashed in hashes[start : start + length] if hashed in number]
        found.append(array("Q", numbers))
        informative.append(array("Q", sorted(plain for plain in map(plains.__getitem__, numbers) if plain is not None)))
    return found, informative


def find_groups(pages: Sequence[array]) -> list[list[int]]:
    """Group pages (each a sorted `array("Q")` of its recurring informative line hashes) that share
    a site's template; groups of two pages or more, each sorted, largest first."""
    rank = [xxhash.xxh3_64_intdigest(page.tobytes()) for page in pages]
    order = sorted(range(len(pages)), key=lambda i: (rank[i], len(pages[i])))
    roots = _join_pages(list(pages), order, PROBES, REPRESENTATIVES, MIN_SHARED, MIN_OVERLAP)
    members: dict[int, list[int]] = {}
    for page, root in enumerate(roots):
        members.setdefault(root, []).append(page)
    groups = [group for group in members.values() if len(group) >= 2]
    return sorted(groups, key=lambda group: (-len(group), min(rank[i] for i in group)))


def join_pages_py(
    pages: list[array], order: list[int], probes: int, representatives: int, min_shared: int, min_overlap: float
) -> list[int]:
    """The root of each page's group: each page, visited in `order`, is compared with the
    representatives of its `probes` first lines (the first `representatives` pages in `order`
    holding that line) and joined with those of its site (`_same_site`) by union-find.

    (`_join_pages` is its compiled twin, `cleaner._speedups.groups.join_pages`, when built:
    it compares two pages by a merge of their sorted arrays, where this makes their sets.)"""
    # Only the lines some page probes by need representatives: each page's are found by one
    # set intersection in C, not a dictionary step for every line it holds (2.7x faster).
    probed = {hashed for page in pages for hashed in page[:probes]}
    holders_of: dict[int, list[int]] = {hashed: [] for hashed in probed}
    for page in order:
        for hashed in probed.intersection(pages[page]):
            holders = holders_of[hashed]
            if len(holders) < representatives:
                holders.append(page)
    parent = list(range(len(pages)))
    # Each page's set made once, not once a comparison: a page is compared with up to
    # PROBES x REPRESENTATIVES others (2,529 comparisons for the 181 benchmark dumps).
    held = [set(page) for page in pages]

    def root(page: int) -> int:
        while parent[page] != page:
            parent[page] = parent[parent[page]]
            page = parent[page]
        return page

    for page in order:
        for hashed in pages[page][:probes].tolist():
            for other in holders_of[hashed]:
                if other != page and root(other) != root(page) and _same_site(held[page], held[other], len(pages[page]) + len(pages[other]), min_shared, min_overlap):
                    a, b = root(page), root(other)
                    parent[max(a, b)] = min(a, b)
    return [root(page) for page in range(len(pages))]


def _same_site(a: set[int], b: set[int], lengths: int, min_shared: int, min_overlap: float) -> bool:
    """Whether two pages (their hashes' sets; `lengths`, the sum of their arrays' lengths) share a template."""
    # The pair cannot share more lines than the smaller page holds: when even that many would not do,
    # the intersection need not be made.
    most = min(len(a), len(b))
    if most < min_shared or most < min_overlap * (lengths - most):
        return False
    shared = len(a & b)
    return shared >= min_shared and shared >= min_overlap * (lengths - shared)


def count_lines_py(pages: list[array], members: list[int], lines: int) -> tuple[list[int], list[int]]:
    """The line numbers (below `lines`) on two or more of the `members` of `pages` (arrays of
    line numbers), sorted, and how many pages each is on.

    (`count_lines` is its compiled twin, `cleaner._speedups.groups.count_lines`, when built.)"""
    counts = Counter(chain.from_iterable(pages[page] for page in members))
    kept = sorted(number for number, seen in counts.items() if seen >= 2)
    return kept, [counts[number] for number in kept]


_kernel = compiled("groups")
recurring_lines: Callable[[array, list[int], list[int], array, list[int | None]], tuple[list[array], list[array]]] = (
    _kernel.recurring_lines if _kernel else recurring_lines_py
)
_join_pages = _kernel.join_pages if _kernel else join_pages_py
count_lines: Callable[[list[array], list[int], int], tuple[list[int], list[int]]] = _kernel.count_lines if _kernel else count_lines_py
