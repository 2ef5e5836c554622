"""What every input kind shares: how to read (`Reading`), what reading gives (`Input`),
and the protocol a reader follows (`Reader`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from cleaner.readers.files import MAX_LINE_CHARS
from cleaner.readers.records import Fields

if TYPE_CHECKING:
    from cleaner.readers.dom import Page


@dataclass(frozen=True)
class Reading:
    """How a run reads its inputs, the same for the learn pass and the clean pass: the
    settings every reader honours."""

    encoding: str | None = None
    """The encoding the user forced, or None to detect it."""
    max_line_chars: int = MAX_LINE_CHARS
    """A longer line (a block, for a page) is refused: minified code or an embedded blob."""
    keep_selectors: Sequence[str] = ()
    """CSS selectors of a keep-list, whose elements a page reader marks as protected."""
    fields: Fields = Fields()
    """Which fields of a JSON Lines record hold its text, its HTML and its URL."""


@dataclass(frozen=True)
class Input:
    """An input's content as cleaning reads it: a text dump's text, or an HTML page."""

    kind: str
    """The reader that read it (`Reader.kind`): "text" or "html"."""
    encoding: str
    text: str = ""
    page: Page | None = None
    warnings: tuple[str, ...] = ()
    """What reading changed or doubted, for the report (e.g. nesting cut at a depth)."""
    markup: str = ""
    """An HTML page's decoded source, in which messages locate its removals."""
    markup_line: int = 1
    """The file's line on which `markup` starts: after a saved HTTP header, not the first."""

    @property
    def page_text(self) -> str:
        """The text that removals refer to: the dump's, or the page's (a block per line)."""
        return self.page.text() if self.page is not None else self.text


class Reader(Protocol):
    """One input kind."""

    kind: str
    """Its name in the report and in messages."""

    def recognises(self, data: bytes) -> bool:
        """Whether `data` is of this kind, from a cheap look at its bytes (no full parse)."""
        ...

    def read(self, data: bytes, reading: Reading) -> Input:
        """The input, decoded and parsed; an `InputError` naming the cause when it cannot be."""
        ...
