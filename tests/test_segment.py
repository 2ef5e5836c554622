from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine.pipeline import apply_verdicts
from cleaner.engine.segment import respliced, segment_text
from cleaner.model.document import Verdict


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


@st.composite
def _text_and_cuts(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    """A text of short lines and sorted, non-overlapping spans to cut from it, anywhere."""
    text = draw(st.text(alphabet="ab \n\r", max_size=60))
    points = sorted(draw(st.sets(st.integers(0, len(text)), max_size=8)))
    return text, list(zip(points[::2], points[1::2]))


@given(_text_and_cuts())
def test_a_document_cut_from_the_last_one_is_the_text_cut_afresh(case: tuple[str, list[tuple[int, int]]]) -> None:
    text, cuts = case
    verdicts = [Verdict(start, end, "XX01", "test") for start, end in cuts if start < end]
    shorter = apply_verdicts(text, verdicts)
    doc = respliced(segment_text(text, memo={}), verdicts, shorter)
    assert doc.blocks == segment_text(shorter).blocks
    old = {block.text for block in segment_text(text).blocks}
    fresh = set(range(len(doc.blocks)) if doc.fresh is None else doc.fresh)
    # A line no cut touched is one of the old lines; only the lines around a cut are new.
    assert all(block.text in old for block in doc.blocks if block.index not in fresh)


def test_only_the_lines_a_removal_touched_are_fresh() -> None:
    text = "Keep one\nShare  \nKeep two\nKeep three\n"
    doc = segment_text(text, memo={})
    share = doc.blocks[1]
    trailing = Verdict(share.end - 2, share.end, "WS01", "spaces")
    after = respliced(doc, [trailing], apply_verdicts(text, [trailing]))
    assert [b.text for b in after.blocks] == ["Keep one", "Share", "Keep two", "Keep three"]
    assert after.fresh == (1,)
    assert [b.text for b in after.fresh_blocks()] == ["Share"]


def test_a_line_whose_break_was_removed_joins_the_next_and_both_are_fresh() -> None:
    text = "Glued piece one\nnext line\nlast\n"
    doc = segment_text(text, memo={})
    cut = Verdict(doc.blocks[0].start + 5, doc.blocks[0].stop, "BC01", "piece")
    after = respliced(doc, [cut], apply_verdicts(text, [cut]))
    assert [b.text for b in after.blocks] == ["Gluednext line", "last"]
    assert after.fresh == (0,)


_LINES = st.lists(st.sampled_from(["", " ", "a", "two words", "\t", "é", "[READ MORE:](https://example.org)", "x" * 30]), max_size=10)


@given(
    _LINES,
    st.booleans(),
    st.integers(min_value=0, max_value=50),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=31),
)
def test_compiled_cut_gives_the_python_one(lines: list[str], trailing: bool, offset: int, first: int, max_keyed: int) -> None:
    import pytest

    from cleaner.engine.segment import cut_py
    from cleaner.model.document import Block
    from cleaner.text import normalise

    compiled = pytest.importorskip("cleaner._speedups.segment")
    text = "\n".join(lines) + ("\n" if trailing and lines else "")
    known = {"a": "known key"}
    ours, theirs = dict(known), dict(known)
    made = compiled.cut(text, offset, first, ours, normalise, max_keyed, Block)
    assert made == cut_py(text, offset, first, theirs, normalise, max_keyed, Block)
    assert all(type(block) is Block for block in made)
    assert ours == theirs


@given(_LINES, st.data())
def test_compiled_move_gives_the_python_one(lines: list[str], data: st.DataObject) -> None:
    import pytest

    from cleaner.engine.segment import moved_py
    from cleaner.model.document import Block

    compiled = pytest.importorskip("cleaner._speedups.segment")
    blocks = segment_text("\n".join(lines)).blocks
    begin = data.draw(st.integers(min_value=0, max_value=len(blocks)))
    end = data.draw(st.integers(min_value=begin, max_value=len(blocks)))
    base, shift = data.draw(st.integers(min_value=-begin, max_value=5)), data.draw(st.integers(min_value=0, max_value=3))
    made = compiled.moved(blocks, begin, end, base, shift, Block)
    assert made == moved_py(blocks, begin, end, base, shift, Block)
    assert all(type(block) is Block for block in made)


@given(_text_and_cuts())
def test_compiled_splice_gives_the_python_one(case: tuple[str, list[tuple[int, int]]]) -> None:
    import pytest

    from cleaner.engine.segment import spliced_py
    from cleaner.model.document import Block
    from cleaner.text import normalise

    compiled = pytest.importorskip("cleaner._speedups.segment")
    text, cuts = case
    text = text.replace("\r", "\n")  # a document with CR is cut whole, never spliced
    verdicts = [Verdict(start, end, "XX01", "test") for start, end in cuts if start < end]
    blocks = segment_text(text).blocks
    shorter = apply_verdicts(text, verdicts)
    ours, theirs = {"a": "known key"}, {"a": "known key"}
    made, fresh = compiled.spliced(blocks, verdicts, shorter, ours, normalise, 20, Block)
    assert (made, fresh) == spliced_py(blocks, verdicts, shorter, theirs, normalise, 20, Block)
    assert all(type(block) is Block for block in made)
    assert ours == theirs


@given(st.lists(st.sampled_from(["", " ", "a", " a", "\t", "\u2028", "\x1c x", "\u00a0\u00a0", "é"]), max_size=12), st.booleans())
def test_compiled_content_gives_the_python_one(lines: list[str], trailing: bool) -> None:
    import pytest

    from cleaner.model.document import content_py

    compiled = pytest.importorskip("cleaner._speedups.segment")
    blocks = segment_text("\n".join(lines) + ("\n" if trailing else "")).blocks
    assert compiled.content(blocks) == content_py(blocks) == tuple(block for block in blocks if not block.is_blank)
