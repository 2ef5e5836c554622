from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.sites.model import TERSE_LETTERS, normalised_key_py
from cleaner.text import _EDGE_PUNCTUATION, ends_sentence, normalise_py, plain, plain_py


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


# Cases, whitespace of every kind str.split() knows (the ASCII separators \x1c-\x1f among
# them), edge punctuation inside and outside ASCII, compatibility forms NFKC changes
# (ﬁ, ², full-width letters and digits), and letters whose case-fold grows (ß, İ).
_KEYED = st.lists(
    st.sampled_from(list("aZ09 \t\n\x0b\x0c\r\x1c\x1f\x85\u00a0\u2003\u3000.:-–—»«“”’•·#_~=|/\\()[]ßİΣﬁ²Ａ５中\u0301") + ["[a](b)", "* ", "12 ", "Ⅻ"]),
    max_size=40,
).map("".join)


@given(st.one_of(_KEYED, st.text(max_size=40)))
def test_compiled_normalise_gives_the_python_one(line: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.keys")
    assert compiled.Normaliser(_EDGE_PUNCTUATION).normalise(line) == normalise_py(line)


@given(st.one_of(_KEYED, st.text(max_size=40)))
def test_compiled_template_key_gives_the_python_one(line: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.keys")
    for text in (line, normalise_py(line)):
        assert compiled.normalised_key(TERSE_LETTERS, text) == normalised_key_py(text)


def test_pure_python_setting_leaves_the_compiled_keys_unused() -> None:
    code = "import cleaner.text as t, cleaner.sites.model as m; print(t.normalise is t.normalise_py, m.normalised_key is m.normalised_key_py)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, check=True)
    assert found.stdout.strip() == "True True"
