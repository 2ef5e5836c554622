"""The pages of a run and their sites, and the learn pass of the site-template rule over them.

A text file or an HTML page is one page (an HTML page counts with its text, a block
per line); its site is its input sub-folder: the first folder below
the folder named on the command line, or the folder that holds it. A JSON Lines record is one page; its site is
the host of its URL, or else its file's folder as for text files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.html import html_to_text, read_input
from cleaner.readers import MAX_LINE_CHARS, InputError, Source, read_bytes
from cleaner.records import Fields, Record, is_jsonl, read_records
from cleaner.rules.template import TemplateCounter, TemplateModel


@dataclass(frozen=True)
class Reading:
    """How a run reads its inputs; the same for the learn pass and the clean pass."""

    encoding: str | None = None
    max_line_chars: int = MAX_LINE_CHARS
    fields: Fields = Fields()


def file_site(source: Source) -> str:
    """The site of a text file, or of a record without a URL: its input sub-folder (`Source.folder`)."""
    return source.folder


def record_site(record: Record, source: Source, fields: Fields) -> str:
    return record.site(fields) or file_site(source)


def record_text(record: Record, fields: Fields) -> str | None:
    """The record's text field, or the text of its HTML field when it has no text."""
    text = record.text(fields)
    if text is None:
        html = record.html(fields)
        text = html_to_text(html) if html is not None else None
    return text


def learns(arguments: Sequence[str], sources: Sequence[Source]) -> bool:
    """Whether a run counts template lines: it was given a folder or a JSON Lines file."""
    return any(a != "-" and Path(a).is_dir() for a in arguments) or any(
        s.path is not None and not s.error and is_jsonl(s.path) for s in sources
    )


def learn_sources(
    sources: Sequence[Source], reading: Reading, original: Callable[[Path, bytes], bytes] | None = None
) -> TemplateModel:
    """The learn pass: count every readable page's lines by site. Unreadable inputs are
    skipped here; the clean pass reports them. `original` gives a file's bytes as they
    were before earlier runs cleaned it in place (`cleaner.report.earlier_originals`)."""
    counter = TemplateCounter()
    for site, text in _pages(sources, reading, original):
        counter.add(site, text)
    return counter.model()


def _pages(
    sources: Sequence[Source], reading: Reading, original: Callable[[Path, bytes], bytes] | None
) -> Iterator[tuple[str, str]]:
    for source in sources:
        if source.error or source.path is None:
            continue
        try:
            if is_jsonl(source.path):
                for record in read_records(source.path, reading.fields):
                    text = record_text(record, reading.fields) if record.data is not None else None
                    if text is not None:
                        yield record_site(record, source, reading.fields), text
            else:
                data = read_bytes(source.path)
                if original is not None:
                    data = original(source.path, data)
                read = read_input(data, reading.encoding, reading.max_line_chars)
                yield file_site(source), read.page_text
        except InputError:
            continue
