"""Pages that a script finishes in the browser: showing what the script would show.

A reader sees a page after its scripts ran; cleaner reads the markup as it came. Two
common ways of building a page leave the content where a reader of the raw markup
would call it unseen:

- Streamed server rendering (React's): the parts of the page that arrive late come in
  `<div hidden id="S:0">` containers, which a script moves into place and shows. The
  `hidden` of those containers is dropped before parsing (blanked, so the markup keeps
  its length and every offset into it holds).
- Apps rendered by script with a `<noscript>` view for readers without it (forum
  software serves its posts so): when the page shows next to no text of its own but
  its `<noscript>` elements hold more, the page is read with them as ordinary elements.
- Pages hidden whole until their script has run (a wrapper with `visibility:hidden` or
  `display:none` that the script lifts): when the page shows next to no text but its
  hidden elements hold many times more, it is read with them shown
  (`cleaner.readers.dom.parse_page`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import AnyStr, Protocol

STREAMED = re.compile(r'<div hidden id="S:')
"""A streamed part's container, as React's server renderer writes it."""
_STREAMED_BYTES = re.compile(STREAMED.pattern.encode())
_SHOWN = '<div        id="S:'
"""The container without `hidden`, the same length."""

NOSCRIPT_TAG = re.compile(r"</?noscript\b[^>]*>", re.IGNORECASE)
_NOSCRIPT_TAG_BYTES = re.compile(NOSCRIPT_TAG.pattern.encode(), re.IGNORECASE)
SCRIPTED_CHARS = 500
"""A page showing fewer characters of text than this may be an app whose text is in `<noscript>`..."""
NOSCRIPT_SHARE = 2.0
"""...and is read from there when its `<noscript>` elements hold this many times the text it shows."""


def show_streamed(markup: AnyStr) -> AnyStr:
    """`markup` with streamed parts' containers no longer hidden."""
    if isinstance(markup, bytes):
        return _STREAMED_BYTES.sub(_SHOWN.encode(), markup) if b'<div hidden id="S:' in markup else markup
    return STREAMED.sub(_SHOWN, markup) if '<div hidden id="S:' in markup else markup


class Shown(Protocol):
    """A run of the page's text as the reader's walk gives it (only its text is read here)."""

    @property
    def text(self) -> str: ...


def may_be_scripted(markup: str | bytes, runs: Iterable[Shown]) -> bool:
    """Whether a page whose text is `runs` may hold its content in `<noscript>`: it shows
    fewer than `SCRIPTED_CHARS` characters and has a `<noscript>` element."""
    if not shows_little(runs):
        return False
    return (b"<noscript" in markup.lower()) if isinstance(markup, bytes) else ("<noscript" in markup.lower())


def shows_little(runs: Iterable[Shown]) -> bool:
    """Whether a page whose text is `runs` shows fewer than `SCRIPTED_CHARS` characters: a
    page that waits for its script to show it (one that hides its whole body until then)."""
    shown = 0
    for run in runs:
        shown += len(run.text)
        if shown >= SCRIPTED_CHARS:
            return False
    return True


def without_noscript(markup: AnyStr) -> AnyStr:
    """`markup` with its `<noscript>` tags dropped, so that their content is read as markup."""
    if isinstance(markup, bytes):
        return _NOSCRIPT_TAG_BYTES.sub(b"", markup)
    return NOSCRIPT_TAG.sub("", markup)
