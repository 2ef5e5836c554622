"""Input kinds: an input's bytes in, the document that cleaning reads out.

`read_document` is the one boundary every caller goes through (the learn pass, the clean
pass, standard input, JSON Lines records): it asks each reader of `READERS` in turn
whether it recognises the bytes, and the first that does reads them. The text dump
reader comes last and takes everything, so any input is read as something.

An input kind is one module with a reader (`kind`, `recognises`, `read`) and one entry in
`READERS`; see CONTRIBUTING.md. Reading never judges nor cleans: it decodes, parses and
refuses (`InputError`), and the engine takes it from there. Finding inputs (folders,
standard input) is `cleaner.readers.files`; JSON Lines files hold one input per record
(`cleaner.readers.records`).
"""

from __future__ import annotations

from cleaner.readers.base import Input, Reader, Reading
from cleaner.readers.html import HtmlPage
from cleaner.readers.text import TextDump

__all__ = ["READERS", "Input", "Reader", "Reading", "read_document"]

READERS: tuple[Reader, ...] = (HtmlPage(), TextDump())
"""The input kinds, most specific first: the first that recognises an input reads it."""


def read_document(data: bytes, reading: Reading = Reading()) -> Input:
    """`data` read by the first reader that recognises it."""
    for reader in READERS:
        if reader.recognises(data):
            return reader.read(data, reading)
    raise AssertionError("the text dump reader recognises every input")
