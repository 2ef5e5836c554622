"""The scan of a page's source reads the same text, from the same places, as the
tag-by-tag scan it replaced (`tests/page_source_oracle.py`), and counts lines the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.report import page_source
from tests import page_source_oracle

# Markup that the scan treats apart: elements whose content is skipped (in any case,
# self-closed, with a look-alike name), comments, stray quotes and brackets, entities,
# every kind of whitespace, and text.
_PIECES = [
    "<div>", "</div>", '<a href="x">', "<p class='y'>", "<br/>", "<img src=a>", "</p >",
    "<script>", "<SCRIPT type=x>", "</script>", "</Script >", "<script/>", "<scripts>", "<ſcript>",
    "<title>", "</title>", "<svg>", "</svg>", "<select>", "<!-- note -->", "<!--", "-->", "<!doctype html>",
    "<?xml?>", "<", ">", '"', "=", " ", "  ", "\n", "\r\n", "\r", "\t", "\xa0", "\u2028",
    "&amp;", "&nbsp;", "&#65;", "Bridge", "to close", "é",
]
_MARKUP = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_MARKUP)
def test_the_scan_reads_the_same_text_from_the_same_places_as_the_tag_by_tag_scan(markup: str) -> None:
    new, old = page_source._Text(markup), page_source_oracle._Text(markup)
    assert (new.text, new.starts, new.sources, new.plain) == (old.text, old.starts, old.sources, old.plain)


@settings(max_examples=300, deadline=None)
@given(_MARKUP, st.lists(st.integers(0, 400), max_size=8))
def test_lines_and_columns_are_counted_as_before(markup: str, offsets: list[int]) -> None:
    offsets = sorted(offset for offset in offsets if offset <= len(markup))
    assert page_source.line_and_column(markup, offsets) == page_source_oracle.line_and_column(markup, offsets)
