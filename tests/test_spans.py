"""The run's restore check: its compiled twin gives what rebuilding the original and comparing gives."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.model.document import Removal
from cleaner.model.spans import JOINED, restore_text, restores_py

# Characters stored in one, two and four bytes, so that the texts compared differ in width.
_TEXT = st.lists(st.sampled_from(["a", "b", " ", "\n", "é", "—", "中", "\U0001f600"]), max_size=40).map("".join)


@st.composite
def _cleanings(draw: st.DrawFn) -> tuple[str, list[Removal], str]:
    """An original, its removals and its clean text, then perhaps one of them spoilt."""
    original = draw(_TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(original)), max_size=8)))
    spans = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts) - 1, 2)]
    # Some are line breaks --reflow joined (JOINED): the clean text holds a space in their place.
    codes = [draw(st.sampled_from(["UI01", JOINED])) for _ in spans]
    removals = [Removal(start, end, original[start:end], code, "x", "", 1, 1) for (start, end), code in zip(spans, codes)]
    kept, cursor = [], 0
    for (start, end), code in zip(spans, codes):
        kept.append(original[cursor:start] + (" " if code == JOINED else ""))
        cursor = end
    clean = "".join(kept) + original[cursor:]
    spoil = draw(st.sampled_from(["none", "clean", "original", "offset", "text", "drop", "shuffle"]))
    if spoil == "clean":
        clean = draw(_TEXT)
    elif spoil == "original":
        original = draw(_TEXT)
    elif spoil == "offset" and removals:
        at = draw(st.integers(0, len(removals) - 1))
        removals[at] = removals[at]._replace(start=removals[at].start + draw(st.integers(-3, 3)))
    elif spoil == "text" and removals:
        at = draw(st.integers(0, len(removals) - 1))
        removals[at] = removals[at]._replace(text=draw(_TEXT))
    elif spoil == "drop" and removals:
        del removals[draw(st.integers(0, len(removals) - 1))]
    elif spoil == "shuffle":
        removals = draw(st.permutations(removals))
    return clean, list(removals), original


def _outcome(check, clean: str, removals: list[Removal], original: str) -> bool | str:
    try:
        return check(clean, removals, original)
    except ValueError as error:
        return str(error)


@given(_cleanings())
def test_compiled_restore_check_gives_the_python_one(cleaning: tuple[str, list[Removal], str]) -> None:
    compiled = pytest.importorskip("cleaner._speedups.spans")
    assert _outcome(compiled.restores, *cleaning) == _outcome(restores_py, *cleaning)


def test_restore_check_accepts_a_cleaning_and_refuses_a_wrong_original() -> None:
    original = "Home\nThe council voted.\n"
    removals = [Removal(0, 5, "Home\n", "UI01", "ui-phrase", "", 1, 1)]
    assert restore_text("The council voted.\n", removals) == original
    assert restores_py("The council voted.\n", removals, original)
    assert not restores_py("The council voted.\n", removals, original + "x")


def test_compiled_restore_check_refuses_a_removal_before_the_start_as_the_python_one() -> None:
    compiled = pytest.importorskip("cleaner._speedups.spans")
    cleaning = ("a", [Removal(-2, 2, "a\n", "UI01", "ui-phrase", "", 1, 1)], "a\na")
    assert _outcome(compiled.restores, *cleaning) == _outcome(restores_py, *cleaning) == "removal at offset -2 does not fit the clean text"


def test_pure_python_setting_leaves_the_compiled_restore_check_unused() -> None:
    code = "import cleaner.model.spans as s; print(s.restores is s.restores_py)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, check=True)
    assert found.stdout.strip() == "True"


def test_compiled_restore_check_knows_the_joined_code() -> None:
    compiled = pytest.importorskip("cleaner._speedups.spans")
    assert compiled.JOINED == JOINED


def test_a_joined_line_break_restores_in_place_of_its_space() -> None:
    joined = Removal(12, 13, "\n", JOINED, "reflow-space", "", 1, 13)
    assert restore_text("the chaos of the Big Bang", [joined]) == "the chaos of\nthe Big Bang"
    with pytest.raises(ValueError):
        restore_text("the chaos ofthe Big Bang", [joined])
