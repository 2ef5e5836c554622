from __future__ import annotations

from cleaner.segment import segment_text


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
