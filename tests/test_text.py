from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from cleaner.text import ends_sentence


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
