from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine.segment import segment_text


def test_blocks_tile_the_text_whatever_the_line_breaks() -> None:
    text = "one\r\ntwo\nthree\rfour"
    doc = segment_text(text)
    assert [b.text for b in doc.blocks] == ["one", "two", "three", "four"]
    assert "".join(text[b.start : b.stop] for b in doc.blocks) == text
    assert [text[b.end : b.stop] for b in doc.blocks] == ["\r\n", "\n", "\r", ""]


def test_blank_lines_are_blocks_too() -> None:
    doc = segment_text("a\n\n  \nb\n")
    assert [b.is_blank for b in doc.blocks] == [False, True, True, False]
    assert [b.line for b in doc.blocks] == [1, 2, 3, 4]


def test_block_key_ignores_case_markup_and_edge_punctuation() -> None:
    (block,) = segment_text("* [READ MORE:](https://example.org)").blocks
    assert block.key == "read more"


def test_empty_text_has_no_blocks() -> None:
    assert segment_text("").blocks == ()


@given(st.lists(st.sampled_from(["", " ", "a", "two words", "\t", "é"]), max_size=8), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_text_with_line_feeds_only_is_cut_as_with_any_other_break(lines: list[str], newline: str, trailing: bool) -> None:
    """Text without a CR takes a faster path; its lines must be those of the same text with CR breaks."""
    text = "\n".join(lines) + ("\n" if trailing and lines else "")
    other = text.replace("\n", newline)
    fast, general = segment_text(text).blocks, segment_text(other).blocks
    assert [(b.index, b.text, b.key) for b in fast] == [(b.index, b.text, b.key) for b in general]
    assert "".join(text[b.start : b.stop] for b in fast) == text
    assert all(text[b.end : b.stop] in ("\n", "") for b in fast)
