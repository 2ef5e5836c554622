"""IC01's whole-page search for the lines that may hold icon names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.engine.segment import segment_text
from cleaner.rules.icons import IconRun

_PIECES = ["Icon", "ICON", "icon ", "fa-", "FA-share", "bi-x", "(fa-x", "«bi-x", "\x1cfa-x", "\u00a0fa-x", "\u212aicon", "-", " ", "word", "x", "\n", "\u0130con", "\ud800"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
@settings(max_examples=300)
def test_icon_run_candidates_hold_every_line_it_judges_to_have_icons(parts: list[str]) -> None:
    rule = IconRun()
    doc = segment_text("".join(parts))
    candidates = rule.vocabulary.candidates([block.text for block in doc.blocks])
    for index, block in enumerate(doc.blocks):
        if rule._finding(block):
            assert index in candidates, block.text


def test_icon_run_candidates_skip_lines_without_icon_names() -> None:
    texts = ["Tap the big-data link", "Read the full story", "fa-share bi-x", "cameraicon Volunteers fill sandbags"]
    assert IconRun().vocabulary.candidates(texts) == {2, 3}
