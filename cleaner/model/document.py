"""The document model: text cut into blocks, verdicts on spans, removals on the original."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple

from cleaner._speedups import compiled

if TYPE_CHECKING:
    from cleaner.readers.dom import Page


class Block(NamedTuple):
    """One line of a document, located by character offsets into `Document.text`.

    (A named tuple: every pass makes one per line, and a tuple is several times
    cheaper to build than a frozen dataclass.)"""

    index: int
    start: int
    end: int
    """Offset just after the last content character (before the line break)."""
    stop: int
    """Offset just after the line break; equals `end` on a last line without one."""
    text: str
    key: str = ""
    """The line normalised for comparison (see `cleaner.text.normalise`)."""

    @property
    def is_blank(self) -> bool:
        # What strip() would leave nothing of, without building the stripped copy.
        text = self.text
        return not text or text.isspace()

    @property
    def line(self) -> int:
        """1-based line number."""
        return self.index + 1


_TEXT = attrgetter("text")


def content_py(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The `blocks` that are not blank (`Block.is_blank`), in order: strip() leaves nothing
    of exactly those, and keeps the others, at C speed. (`_content` is its compiled twin
    when built, `cleaner._speedups.segment.content`.)"""
    return tuple(compress(blocks, map(str.strip, map(_TEXT, blocks))))


_segment_kernel = compiled("segment")
_content: Callable[[tuple[Block, ...]], tuple[Block, ...]] = _segment_kernel.content if _segment_kernel else content_py


@dataclass(frozen=True, slots=True)
class Document:
    """Decoded text and its blocks; rules read it and never change it."""

    text: str
    blocks: tuple[Block, ...]
    source: str = "<text>"
    page: Page | None = None
    """For an HTML page's text: the parsed page, whose blocks are this document's lines
    one for one. None for a text dump and for every pass after the first."""
    memo: dict[int, dict] | None = field(default=None, compare=False, repr=False)
    """What rules found out about lines, by the line's text, shared by every pass over one
    input (the pipeline makes one per input): a later pass sees nearly the same lines."""
    _content: tuple[Block, ...] | None = field(default=None, init=False, compare=False, repr=False)
    fresh: tuple[int, ...] | None = field(default=None, compare=False, repr=False)
    """Indexes of the blocks that the last removals cut into (`cleaner.engine.segment.respliced`);
    None when every block is new. A rule that judges each line by its text alone needs
    to judge only these: on every other line it already found nothing it could remove
    (the pipeline gives a rule this view only when it judged the document before)."""

    def facts(self, rule: object) -> dict:
        """`rule`'s own facts about lines, kept for the next pass over this input (a fresh
        dict, thrown away, when the document has no memo). A fact must follow from the
        line's text alone, never from its neighbours or its place."""
        if self.memo is None:
            return {}
        return self.memo.setdefault(id(rule), {})

    def fresh_blocks(self) -> tuple[Block, ...] | list[Block]:
        """The blocks a rule that judges lines by their text alone must judge (see `fresh`)."""
        if self.fresh is None:
            return self.blocks
        blocks = self.blocks
        return [blocks[index] for index in self.fresh]

    def content_blocks(self) -> list[Block]:
        """The non-blank blocks, in order (a new list; found once a document, as several rules ask)."""
        if self._content is None:
            # Frozen: set once, the first time a rule asks. (tuple() of a tuple is the tuple
            # itself; the kernel reads a tuple.)
            object.__setattr__(self, "_content", _content(tuple(self.blocks)))
        return list(self._content)  # type: ignore[arg-type]


class Verdict(NamedTuple):
    """A rule's decision to remove `text[start:end]`, with the evidence for it."""

    start: int
    end: int
    code: str
    reason: str

    @classmethod
    def drop_block(cls, block: Block, code: str, reason: str) -> Verdict:
        """Remove a whole line together with its line break."""
        return cls(block.start, block.stop, code, reason)


class Removal(NamedTuple):
    """A span of the original text that cleaning removed, and why."""

    start: int
    end: int
    text: str
    code: str
    name: str
    reason: str
    line: int
    column: int
    element: str = ""
    """For an HTML page: a short CSS path to the element the text came from."""
    source_line: int = 0
    """For an HTML page: the line of the page's source where the removed text sits
    (`line` counts lines of the page's text); 0 when unknown or not a page."""
    source_column: int = 0

    def to_dict(self) -> dict[str, object]:
        record: dict[str, object] = {
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "rule": self.code,
            "name": self.name,
            "reason": self.reason,
            "text": self.text,
        }
        if self.element:
            record["element"] = self.element
        if self.source_line:
            record["source_line"] = self.source_line
            record["source_column"] = self.source_column
        return record

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Removal:
        return cls(
            start=int(data["start"]),  # type: ignore[arg-type]
            end=int(data["end"]),  # type: ignore[arg-type]
            text=str(data["text"]),
            code=str(data["rule"]),
            name=str(data["name"]),
            reason=str(data["reason"]),
            line=int(data["line"]),  # type: ignore[arg-type]
            column=int(data["column"]),  # type: ignore[arg-type]
            element=str(data.get("element", "")),
            # Reports written before pages were located in their source have neither.
            source_line=int(data.get("source_line", 0)),  # type: ignore[call-overload]
            source_column=int(data.get("source_column", 0)),  # type: ignore[call-overload]
        )


class Kept(NamedTuple):
    """A line that a rule wanted to remove and a keep-list saved (`cleaner.engine.keep`).

    Not a removal: the line is in the clean text, so restoring ignores it."""

    line: int
    text: str
    code: str
    name: str
    reason: str
    keep: str
    """The keep pattern, or the CSS selector, that saved the line, as the user wrote it."""
    selector: bool = False
    """Whether `keep` is a selector (`keep-selectors`) rather than a pattern (`keep`)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.line,
            "rule": self.code,
            "name": self.name,
            "reason": self.reason,
            "text": self.text,
            "selector" if self.selector else "pattern": self.keep,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Kept:
        selector = "selector" in data
        return cls(
            line=int(data["line"]),  # type: ignore[arg-type]
            text=str(data["text"]),
            code=str(data["rule"]),
            name=str(data["name"]),
            reason=str(data["reason"]),
            keep=str(data["selector" if selector else "pattern"]),
            selector=selector,
        )
