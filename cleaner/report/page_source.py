"""Where a page's blocks sit in its HTML source, so that a message can point into the .html file.

Lexbor gives no source positions, and a removal's line counts lines of the page's
text (a block per line). So the source is read a second time, coarsely: tags,
comments and the content of elements that show no text are dropped and entities
decoded, keeping where each piece of text came from; then the blocks are found in
that text in document order, each after the one before, by their first characters.
A match that skips text while the next block comes in the skipped part is a later
mention, not the block. The reader writes spaces that the source does not hold (between
the cells of a table row it writes as one line, between words glued at an element's
edge): a block not found as it reads is looked for again with its spaces set aside.
A block not found (markup read differently by this scan and
by a browser) has no position, and its removals point at the page's first line.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cached_property
from itertools import accumulate
from typing import TYPE_CHECKING

from cleaner.model.document import Removal

if TYPE_CHECKING:
    # The HTML reader loads with the first HTML input: a run over text dumps never needs it.
    from cleaner.readers.dom import Page

# A quote starts a quoted value only after "=": a stray one (`data-x="1" ">`) does not
# swallow the text up to the next quote, as a browser's tokenizer does not.
# A tag's slash and name are captured: group 2 is a start tag's name when group 1 is empty.
_COMMENT = r"<!--.*?(?:-->|\Z)|<[!?][^>]*>?"
_ATTRIBUTES = r"""(?:[^>=]+|=\s*"[^"]*"|=\s*'[^']*'|=)*>?"""
_MARKUP = re.compile(rf"{_COMMENT}|<(/?)([A-Za-z][^\s/>]*){_ATTRIBUTES}", re.DOTALL)
_SPACES = re.compile(r"\s+")
_TOKENS = re.compile(r"\s+|\S+")
_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]*;?)")
_HIDDEN_CONTENT = frozenset({"script", "style", "title", "textarea", "noscript", "template", "xmp", "iframe", "svg", "math", "select"})
"""Elements whose content is no block of the page, though a headline may repeat in it
(`<title>`, JSON in a `<script>`): searched, it would be found before the real one."""
_TAG_RUN = re.compile(
    rf"(?:\s*(?:{_COMMENT}|</?(?!(?i:{'|'.join(sorted(_HIDDEN_CONTENT))})(?:[\s/>]|\Z))[A-Za-z][^\s/>]*{_ATTRIBUTES}))+", re.DOTALL
)
"""Tags and comments with only whitespace between: after a space they add nothing to
the text, so they are passed over in one match. A tag named as an element whose content
is skipped, in any case, ends the run, and the scan reads it as it reads any tag."""

NEEDLE_CHARS = 120
"""A block is looked for by its first characters, up to these many: enough to tell it
from a mention of the same words, few enough that markup inside a long paragraph that
the scan reads differently from a browser rarely gets in the way."""
WINDOW = 256 * 1024
"""Characters of text after the previous block in which the next is looked for; only
the blocks with removals are looked for further, and only `MISSES` times a page, so
that a page whose blocks are not found costs time in proportion to its size."""
MISSES = 20
JUMP = 1
"""A match further than this from the previous block (a space) is checked against the
next block, which must not come first."""


class _Text:
    """The source's text as a browser collapses it: tags dropped, entities decoded, each run
    of whitespace one space; and where each piece of it came from."""

    def __init__(self, markup: str) -> None:
        self.markup = markup
        self._pieces: list[str] = []
        self.starts: list[int] = []
        """Offset in `text` of each piece..."""
        self.sources: list[int] = []
        """...and in the markup..."""
        self.plain: list[bool] = []
        """...and whether it is the markup's text as it stands (not a decoded entity)."""
        self._length = 0
        self._space = True
        """The text so far ends in whitespace (or is empty): a piece's leading whitespace adds none."""
        position, length, search, tag_run = 0, len(markup), _MARKUP.search, _TAG_RUN.match
        while position < length:
            tag = search(markup, position)
            end = tag.start() if tag else length
            if end > position:
                chunk = markup[position:end]
                # Most text between tags is the markup's indentation, which adds nothing
                # after a space (or at the start): it is passed over without a piece.
                if not (self._space and chunk.isspace()):
                    self._chunk(chunk, position)
            if tag is None:
                break
            position = tag.end()
            name = tag.group(2)
            if name and not tag.group(1) and name.lower() in _HIDDEN_CONTENT and not markup.startswith("/>", position - 2):
                closing = re.compile(rf"</{re.escape(name)}[\s/>]", re.IGNORECASE).search(markup, position)
                position = closing.start() if closing else length
            elif self._space:
                run = tag_run(markup, position)
                if run:
                    position = run.end()
        self.text = "".join(self._pieces)

    def _chunk(self, chunk: str, start: int) -> None:
        if "&" not in chunk:
            self._piece(chunk, start, True)
            return
        at = 0
        for entity in _ENTITY.finditer(chunk):
            self._piece(chunk[at : entity.start()], start + at, True)
            self._piece(html.unescape(entity.group()), start + entity.start(), False)
            at = entity.end()
        self._piece(chunk[at:], start + at, True)

    def _piece(self, text: str, source: int, plain: bool) -> None:
        if self._space:
            stripped = text.lstrip()
            if plain:
                source += len(text) - len(stripped)
            text = stripped
        if not text:
            return
        # Printable text has no whitespace but the space (str.isspace and \s agree on what is).
        if not text.isprintable() or "  " in text:
            text = _SPACES.sub(" ", text)
        self._pieces.append(text)
        self.starts.append(self._length)
        self.sources.append(source)
        self.plain.append(plain)
        self._length += len(text)
        self._space = text[-1] == " "

    def find_without_spaces(self, needle: str, start: int) -> tuple[int, int]:
        """Where in `text`, from `start`, `needle` begins and ends when spaces count in
        neither; (-1, -1) where it is not."""
        squeezed = needle.replace(" ", "")
        word_starts, squeezed_starts, spaceless = self._spaceless
        if not squeezed:
            return -1, -1
        word = bisect_right(word_starts, start) - 1
        begin = 0 if word < 0 else squeezed_starts[word] + min(start - word_starts[word], squeezed_starts[word + 1] - squeezed_starts[word])
        at = spaceless.find(squeezed, begin)
        if at < 0:
            return -1, -1
        return self._unsqueezed(at), self._unsqueezed(at + len(squeezed) - 1) + 1

    @cached_property
    def _spaceless(self) -> tuple[list[int], list[int], str]:
        """Where each word of `text` (a run without spaces) starts in `text` and in the text
        without spaces, and that text: made for a page with a block the plain search missed."""
        words = list(re.finditer(r"[^ ]+", self.text))
        return [word.start() for word in words], list(accumulate((len(word.group()) for word in words), initial=0)), "".join(word.group() for word in words)

    def _unsqueezed(self, offset: int) -> int:
        """The offset in `text` of the character at `offset` of the text without spaces."""
        word_starts, squeezed_starts, _ = self._spaceless
        word = bisect_right(squeezed_starts, offset) - 1
        return word_starts[word] + offset - squeezed_starts[word]

    def source_offset(self, offset: int) -> int:
        """Where in the markup the character at `offset` of `text` comes from."""
        piece = bisect_right(self.starts, offset) - 1
        left, source = offset - self.starts[piece], self.sources[piece]
        if not self.plain[piece]:
            return source
        # Walked again only for the blocks asked for: a collapsed space stands for a whole run.
        for token in _TOKENS.finditer(self.markup, source):
            size = 1 if token.group()[0].isspace() else len(token.group())
            if left < size:
                return token.start() + (0 if size == 1 and token.group()[0].isspace() else left)
            left -= size
        return source


def block_offsets(markup: str, blocks: Sequence[str], wanted: set[int]) -> dict[int, int]:
    """The offset in `markup` of each block in `wanted` (indexes into `blocks`, the page's
    block texts in document order) that was found there."""
    if not wanted:
        return {}
    source = _Text(markup)
    text = source.text
    found: dict[int, int] = {}
    position, misses, last = 0, 0, max(wanted)
    for index in range(last + 1):
        needle = blocks[index][:NEEDLE_CHARS]
        if not needle:
            continue
        at = text.find(needle, position, position + WINDOW)
        end = at + len(needle)
        if at < 0 and index in wanted and misses < MISSES:
            at = text.find(needle, position)
            end = at + len(needle)
            if at < 0:
                # A block whose spaces the reader wrote holds more than the source text.
                at, end = source.find_without_spaces(needle, position)
            misses += at < 0
        if at < 0:
            continue
        if at - position > JUMP and index + 1 < len(blocks):
            # Ahead, while the next block comes before it: this is a later mention of
            # the text (the headline of a <title> that a browser moved into the body,
            # found at the <h1>), and following it would lose every block in between.
            following = text.find(blocks[index + 1][:NEEDLE_CHARS], position, at)
            if following >= 0:
                continue
        if index in wanted:
            found[index] = source.source_offset(at)
        position = end
    return found


def line_and_column(markup: str, offsets: Sequence[int]) -> list[tuple[int, int]]:
    """The 1-based line and column of each offset (sorted), counting CR LF, LF and CR as line breaks."""
    places, line, line_start, previous = [], 1, 0, 0
    crs = "\r" in markup
    for offset in offsets:
        line += markup.count("\n", previous, offset)
        # Looked for after the previous offset only: a page can be one line a hundred megabytes long.
        line_break = markup.rfind("\n", previous, offset)
        if crs:
            line += markup.count("\r", previous, offset) - markup.count("\r\n", previous, offset)
            line_break = max(line_break, markup.rfind("\r", previous, offset))
        if line_break >= 0:
            line_start = line_break + 1
        places.append((line, offset - line_start + 1))
        previous = offset
    return places


_SOURCE_LINE = Removal._fields.index("source_line")
assert Removal._fields[_SOURCE_LINE + 1] == "source_column"


def locate_removals(removals: Sequence[Removal], page: Page, markup: str, first_line: int = 1) -> tuple[Removal, ...]:
    """`removals` of `page` with the line and column in `markup` (which starts on the file's
    `first_line`) where the text of each one's block sits; unchanged where not found."""
    # A page's text holds a block per line, so a removal's line names its block.
    wanted = {r.line - 1 for r in removals if 0 < r.line <= len(page.blocks)}
    offsets = block_offsets(markup, [block.text for block in page.blocks], wanted)
    places = dict(zip(sorted(offsets.values()), line_and_column(markup, sorted(offsets.values()))))
    located = []
    for removal in removals:
        offset = offsets.get(removal.line - 1)
        if offset is None:
            located.append(removal)
            continue
        line, column = places[offset]
        # Made as a tuple, which is quicker than _replace.
        located.append(Removal(*removal[:_SOURCE_LINE], line + first_line - 1, column, *removal[_SOURCE_LINE + 2 :]))
    return tuple(located)
