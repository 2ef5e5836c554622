"""A self-contained HTML page that shows each file's original text with every removal marked.

Python cuts each text into pieces (plain, or one removal) and the Jinja2 template turns
them into HTML with autoescaping on, so scraped text never becomes markup.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from cleaner.model.document import Removal
from cleaner.run.output import write_atomic

# NUL is dropped by HTML parsers and lone surrogates (from undecodable file names or
# JSON) cannot be written as UTF-8; both become U+FFFD, one character for one, so
# removal offsets still fit the text.
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
PALETTE = 10
"""Colour classes `c0`… in the template's CSS; rules beyond them share colours."""


@dataclass(frozen=True)
class ReportedFile:
    """One input as the report shows it: its original text and removals, or why it failed."""

    input: str
    """The path as displayed."""
    original: str | None
    """None when the file failed."""
    removals: tuple[Removal, ...]
    error: str | None = None


@dataclass(frozen=True)
class Piece:
    """A run of a file's text: plain when `number` is None, else the removal with that number."""

    text: str
    number: int | None = None
    code: str = ""
    title: str = ""


@dataclass(frozen=True)
class FileView:
    """What the template needs to show one file; `number` (1-based) makes its HTML ids."""

    number: int
    input: str
    error: str | None
    pieces: tuple[Piece, ...]
    removals: tuple[Removal, ...]
    """Sorted by position; the n-th is the piece with number n."""


@dataclass(frozen=True)
class RuleCount:
    code: str
    name: str
    count: int


def render_report(files: Sequence[ReportedFile], title: str = "cleaner report") -> str:
    """One HTML document with inline CSS and JS and no external resource."""
    # Jinja2 is imported here, by the run that writes a report, not by every run that might.
    from jinja2 import Environment, PackageLoader, StrictUndefined

    views = [_view(number, file) for number, file in enumerate(files, 1)]
    counts = Counter(r.code for view in views for r in view.removals)
    names = {r.code: r.name for view in reversed(views) for r in view.removals}
    environment = Environment(loader=PackageLoader("cleaner", "templates"), autoescape=True, undefined=StrictUndefined)
    environment.filters["text"] = _escape_text
    environment.filters["marker"] = _marker
    return environment.get_template("report.html.j2").render(
        title=_writable(title),
        files=views,
        changed=sum(1 for view in views if view.removals and view.error is None),
        failed=sum(1 for view in views if view.error is not None),
        rules=[RuleCount(code, names[code], count) for code, count in sorted(counts.items())],
        # Marks are coloured by a fixed palette of classes, so no rule code reaches the CSS.
        colours={code: index % PALETTE for index, code in enumerate(sorted(counts))},
    )


def write_report(path: Path, files: Sequence[ReportedFile], title: str = "cleaner report") -> None:
    """Write the report to `path` as UTF-8, atomically."""
    write_atomic(path, render_report(files, title).encode("utf-8"))


def _view(number: int, file: ReportedFile) -> FileView:
    if file.original is None or file.error is not None:
        error = file.error or "no text was read"
        return FileView(number, _writable(file.input), _writable(error), (), ())
    text = _writable(file.original)
    removals = tuple(
        r._replace(text=_writable(r.text), code=_writable(r.code), name=_writable(r.name), reason=_writable(r.reason))
        for r in sorted(file.removals, key=lambda r: (r.start, r.end))
    )
    return FileView(number, _writable(file.input), None, _pieces(text, removals), removals)


def _pieces(text: str, removals: Sequence[Removal]) -> tuple[Piece, ...]:
    """`text` cut at the removals, which must be sorted; the pieces join back to `text`.

    Where a removal overlaps an earlier one, its mark keeps only the part not yet
    marked (possibly nothing), so marks never nest and every removal keeps its anchor.
    """
    pieces, position = [], 0
    for number, removal in enumerate(removals, 1):
        start = min(max(removal.start, position), len(text))
        end = min(max(removal.end, start), len(text))
        if start > position:
            pieces.append(Piece(text[position:start]))
        title = f"{removal.code} {removal.name}: {removal.reason}"
        pieces.append(Piece(text[start:end], number, removal.code, title))
        position = end
    if position < len(text):
        pieces.append(Piece(text[position:]))
    return tuple(pieces)


def _marker(text: str) -> str:
    """What to show for a removal of only whitespace (or of nothing, after an overlap)."""
    if text.strip():
        return ""
    return "⏎" if "\n" in text or "\r" in text else "␣" if text else "∅"


def _writable(text: str) -> str:
    return _UNWRITABLE.sub("\ufffd", text)


def _escape_text(text: str) -> Markup:
    """Autoescape, and keep carriage returns, which an HTML parser would turn into newlines.

    A character reference is not normalised the way a raw CR is, so CRLF dumps keep
    their CRs in the page's text.
    """
    return Markup(str(escape(text)).replace("\r", "&#13;"))
