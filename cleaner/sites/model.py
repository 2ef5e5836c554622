"""The site-template model: how lines are compared across a site's pages, and what the
learn pass found (each site's page count and its lines seen on two pages or more).

The learn pass (`cleaner.sites.learn`) makes a `TemplateModel`, profiles
(`cleaner.sites.profile`) save and load it, the run finds each page's site with it,
and the rule TP01 (`cleaner.rules.template`) judges a page's lines by it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, partial

from cleaner._speedups import compiled
from cleaner.sites.groups import MIN_OVERLAP, MIN_SHARED
from cleaner.text import normalise, normaliser

MIN_DOCS = 3
"""A line on fewer pages of its site than this is never a template line."""
TERSE_LETTERS = 4
"""A line with fewer letters is terse (a number, "By", "(1)"): many unrelated pages print it..."""
CORE_SHARE = 0.5
"""A page joins the group of a folder whose lines on this share of its pages it shares most."""

# After NFKC, which maps full-width digits to ASCII ones.
_DIGIT_RUN = re.compile("[0-9]+")
LINE_BREAK = re.compile(r"\r\n|\n|\r")
"""Where a dump's lines end, as both phases split them."""

def template_key(line: str) -> str:
    """How lines are compared across pages: `normalise`d, every run of digits read as 0,
    except in a terse line, which is compared as it is: "0 comments" matches "12 comments",
    but a table cell "11" is not the counter "0"."""
    return normalised_key(normalise(line))


def normalised_key_py(normalised: str) -> str:
    """`template_key` of a line given `normalise`d.

    (`normalised_key` is its compiled twin, `cleaner._speedups.keys`, when built.)"""
    if is_terse(normalised):
        return normalised
    # Every digit read as 0, then every run of zeros as one: each run of digits becomes "0".
    return _DIGIT_RUN.sub("0", normalised)


_keys_kernel = compiled("keys")
normalised_key: Callable[[str], str] = (
    partial(_keys_kernel.normalised_key, TERSE_LETTERS) if _keys_kernel else normalised_key_py
)


def line_keys_py(text: str, normalised: dict[str, str] | None = None) -> dict[str, str]:
    """The `template_key` of each distinct line of `text`, by the line.

    With `normalised`, each line's `normalise`d form, which the template key is made
    from, is kept there too: the clean pass's line keys (`cleaner.engine.segment`) are
    the same, so it need not make them again.

    (`line_keys` is its compiled twin, `cleaner._speedups.keys.line_keys`, when built.)"""
    lines = set(split_lines(text))
    if normalised is None:
        return {line: template_key(line) for line in lines}
    keys = {}
    for line in lines:
        normalised[line] = key = normalise(line)
        keys[line] = normalised_key(key)
    return keys


# Every page of a run that learns is keyed: its lines in one call, with no Python call a line but `plain`'s.
line_keys: Callable[..., dict[str, str]] = (
    partial(_keys_kernel.line_keys, normaliser, TERSE_LETTERS) if _keys_kernel and normaliser is not None else line_keys_py
)


def split_lines(text: str) -> list[str]:
    """`text` cut at every line break (CRLF, LF or CR), as `LINE_BREAK` cuts it."""
    # Most dumps break lines with LF alone, which str.split cuts several times faster than the pattern.
    return LINE_BREAK.split(text) if "\r" in text else text.split("\n")


def is_terse_py(line: str) -> bool:
    """Fewer than `TERSE_LETTERS` letters: a number, a date, "By", "(1)", a lone symbol.

    (`is_terse` is its compiled twin, `cleaner._speedups.keys.is_terse`, when built.)"""
    letters = 0
    for char in line:
        if char.isalpha():
            letters += 1
            if letters >= TERSE_LETTERS:
                return False
    return True


# Asked of every recurring line when a model is built, and of every line TP01 removes.
is_terse: Callable[[str], bool] = partial(_keys_kernel.is_terse, TERSE_LETTERS) if _keys_kernel else is_terse_py


@dataclass(frozen=True, eq=False)
class TemplateModel:
    """What the learn pass found: each site's page count, and its lines seen on two pages or more.

    A site is a URL host, a folder, or a group of a folder's pages that share template
    lines (`cleaner.sites.groups`); `groups` names the groups found in each folder."""

    pages: Mapping[str, int] = field(default_factory=dict)
    lines: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    """site -> template key -> on how many of the site's pages the line is."""
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """folder -> the sites of the groups of its pages that declare no site."""

    def seen(self, site: str, key: str) -> int:
        return self.lines.get(site, {}).get(key, 0)

    def group_of(self, folder: str, text: str, lines: Mapping[str, str] | None = None) -> str:
        """The group of `folder` whose core lines (informative lines on at least `CORE_SHARE`
        of its pages) the page shares most, at least `MIN_SHARED` and `MIN_OVERLAP` of
        them; else the folder itself, which has no template lines. Ties go to the larger
        group, then the first named. `lines`: the text's `line_keys`, if made already."""
        groups = self.groups.get(folder, ())
        if not groups:
            return folder
        keys = set((line_keys(text) if lines is None else lines).values())
        # Each group's share of the page's lines, counted through the lines' groups: a folder
        # of many groups is not intersected group by group (133 groups, 724 pages: 0.17 s).
        shared_by = [0] * len(groups)
        holders = self._holders[folder]
        for key in holders.keys() & keys:
            for at in holders[key]:
                shared_by[at] += 1
        best, best_shared = folder, MIN_SHARED - 1
        for at, group in enumerate(groups):
            shared = shared_by[at]
            if shared < MIN_SHARED:
                continue  # it can neither win nor tie: best_shared is MIN_SHARED - 1 or more
            if shared < MIN_OVERLAP * len(self._cores[group]):
                continue
            if shared > best_shared or (shared == best_shared and best != folder and self.pages[group] > self.pages[best]):
                best, best_shared = group, shared
        return best

    @cached_property
    def _holders(self) -> dict[str, dict[str, tuple[int, ...]]]:
        """folder -> core line -> the positions, in `groups[folder]`, of the groups whose core holds it."""
        holders: dict[str, dict[str, tuple[int, ...]]] = {}
        for folder, groups in self.groups.items():
            index: dict[str, list[int]] = {}
            for at, group in enumerate(groups):
                for key in self._cores[group]:
                    index.setdefault(key, []).append(at)
            holders[folder] = {key: tuple(ats) for key, ats in index.items()}
        return holders

    @cached_property
    def _cores(self) -> dict[str, frozenset[str]]:
        cores = {}
        for group in (group for groups in self.groups.values() for group in groups):
            needed = max(MIN_DOCS, math.ceil(CORE_SHARE * self.pages[group]))
            cores[group] = frozenset(k for k, seen in self.lines.get(group, {}).items() if seen >= needed and not is_terse(k))
        return cores
