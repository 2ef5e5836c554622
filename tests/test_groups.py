"""The grouping of unsited pages (`cleaner.sites.groups`): its kernels give what their pure-Python twins give."""

from __future__ import annotations

import os
import subprocess
import sys
from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.sites import groups
from cleaner.sites.groups import MIN_OVERLAP, MIN_SHARED, PROBES, REPRESENTATIVES, UnsitedPages

kernel = pytest.importorskip("cleaner._speedups.groups")

# Few distinct hashes, so that pages share lines and join; the ends of the uint64 range among them.
HASHES = st.sampled_from([0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 2**63 - 1, 2**63, 2**63 + 1, 2**64 - 2, 2**64 - 1, *range(1000, 1030)])
PAGE = st.sets(HASHES, max_size=24).map(lambda hashes: array("Q", sorted(hashes)))


@settings(max_examples=300, deadline=None)
@given(st.lists(PAGE, max_size=30), st.integers(1, 9), st.integers(1, 5), st.integers(1, 4), st.sampled_from([0.0, 0.3, 0.5, 1.0]), st.randoms())
def test_compiled_join_pages_gives_the_python_roots(pages: list[array], probes: int, representatives: int, shared: int, overlap: float, rng) -> None:
    order = list(range(len(pages)))
    rng.shuffle(order)
    found = kernel.join_pages(pages, order, probes, representatives, shared, overlap)
    assert found == groups.join_pages_py(pages, order, probes, representatives, shared, overlap)


@settings(max_examples=200, deadline=None)
@given(st.lists(PAGE, max_size=40))
def test_compiled_join_pages_groups_pages_as_the_python_one(pages: list[array]) -> None:
    order = sorted(range(len(pages)), key=lambda page: (bytes(pages[page]), page))
    found = kernel.join_pages(pages, order, PROBES, REPRESENTATIVES, MIN_SHARED, MIN_OVERLAP)
    assert found == groups.join_pages_py(pages, order, PROBES, REPRESENTATIVES, MIN_SHARED, MIN_OVERLAP)


@settings(max_examples=200, deadline=None)
@given(st.lists(PAGE, max_size=20), st.lists(HASHES, unique=True, max_size=30).map(lambda lines: array("Q", lines)), st.data())
def test_compiled_recurring_lines_give_the_python_ones(pages: list[array], lines: array, data) -> None:
    plains = data.draw(st.lists(st.one_of(st.none(), HASHES), min_size=len(lines), max_size=len(lines)))
    held = UnsitedPages()
    for page in pages:
        held.add("folder", page.tobytes())
    hashes, starts = held.read()
    held.close()
    # Every other page, so that a folder's pages need not follow one another in the buffer.
    chosen = starts[::2], held.lengths[::2]
    assert kernel.recurring_lines(hashes, *chosen, lines, plains) == groups.recurring_lines_py(hashes, *chosen, lines, plains)
    assert kernel.recurring_lines(hashes, starts, held.lengths, lines, plains) == groups.recurring_lines_py(hashes, starts, held.lengths, lines, plains)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sets(st.integers(0, 2**64 - 1), max_size=300).map(lambda hashes: array("Q", sorted(hashes))), max_size=6), st.randoms())
def test_compiled_recurring_lines_sort_long_pages_as_the_python_ones(pages: list[array], rng) -> None:
    # Pages long enough that their informative lines are sorted by partitions, not by insertion alone.
    hashes = array("Q", [hashed for page in pages for hashed in page])
    lengths = [len(page) for page in pages]
    starts = [sum(lengths[:n]) for n in range(len(pages))]
    lines = array("Q", sorted({hashed for hashed in hashes if rng.random() < 0.8}, key=lambda _: rng.random()))
    plains = [rng.choice([None, rng.randrange(2**64), rng.randrange(4)]) for _ in lines]
    assert kernel.recurring_lines(hashes, starts, lengths, lines, plains) == groups.recurring_lines_py(hashes, starts, lengths, lines, plains)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sets(st.integers(0, 40)).map(lambda numbers: array("Q", sorted(numbers))), max_size=20), st.data())
def test_compiled_count_lines_gives_the_python_counts(pages: list[array], data) -> None:
    members = data.draw(st.lists(st.integers(0, len(pages) - 1), unique=True)) if pages else []
    assert kernel.count_lines(pages, members, 41) == groups.count_lines_py(pages, members, 41)


def test_line_numbers_past_the_lines_are_refused() -> None:
    with pytest.raises(IndexError):
        kernel.count_lines([array("Q", [0, 3])], [0], 3)
    with pytest.raises(ValueError):
        kernel.recurring_lines(array("Q"), [], [], array("Q", [7, 7]), [None, None])


def test_unsited_pages_read_back_as_added() -> None:
    held = UnsitedPages()
    assert held.read() == (array("Q"), [])
    held.add("a", array("Q", [1, 5]).tobytes())
    held.add("b", b"")
    held.add("a", array("Q", [2**64 - 1]).tobytes())
    assert held.read() == (array("Q", [1, 5, 2**64 - 1]), [0, 2, 2])
    held.close()


def test_a_page_past_the_buffer_is_refused() -> None:
    with pytest.raises(IndexError):
        kernel.recurring_lines(array("Q", [1, 2]), [1], [2], array("Q", [1]), [None])


def test_pure_python_setting_leaves_the_grouping_kernels_unused() -> None:
    code = "import cleaner.sites.groups as g; print(g.recurring_lines is g.recurring_lines_py, g._join_pages is g.join_pages_py, g.count_lines is g.count_lines_py)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, check=True)
    assert found.stdout.strip() == "True True True"
