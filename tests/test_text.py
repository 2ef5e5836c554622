from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.text import ends_sentence, plain, plain_py


def test_a_line_ends_a_sentence_at_its_stop_even_inside_closing_quotes() -> None:
    assert ends_sentence("He left.")
    assert ends_sentence("“Go now!”  ")
    assert ends_sentence("(see above.)")
    assert not ends_sentence("Read more")
    assert not ends_sentence("")
    assert not ends_sentence("”")


@given(st.text(alphabet="ab .!?…\"'”’»)\t\n", max_size=12))
def test_ends_sentence_reads_the_line_end_as_its_pattern_does(line: str) -> None:
    assert ends_sentence(line) == bool(re.search(r"[.!?…][\"'”’»)]*$", line.rstrip()))


# Brackets, parentheses, the image mark, list markers and spaces of several kinds, in
# any order: where the link pattern may start, match, or fail and move on.
_MARKUP = st.lists(st.sampled_from(list("[]()!*-+•·#>| \t\u00a0\u2003ax.") + ["](", "[a](b)", "![i](u)"]), max_size=40).map("".join)


@given(st.one_of(_MARKUP, st.text(max_size=40)))
def test_compiled_plain_gives_the_python_one(line: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.lines")
    assert compiled.plain(line) == plain_py(line)


def test_plain_unwraps_links_and_images_and_drops_leading_markers() -> None:
    assert plain("  * [Home](/) | ![logo](l.png)Sport [x]y [z](w") == "Home | logoSport [x]y [z](w"


def test_pure_python_setting_leaves_the_compiled_plain_unused() -> None:
    code = "import cleaner.text as t; print(t.plain is t.plain_py)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, check=True)
    assert found.stdout.strip() == "True"
