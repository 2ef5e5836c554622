"""Cleaning a JSON Lines file: records read in order, cleaned (in workers if asked), written back in order."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from cleaner.model.spans import restore_text
from cleaner.readers.files import InputError, Source
from cleaner.readers.records import Fields, JsonlWriter, Record, read_records, with_text
from cleaner.report.model import FileReport, RestoreError, same_file
from cleaner.run.options import Mode
from cleaner.run.output import os_cause
from cleaner.run.worker import Outcome, RecordText, Worker
from cleaner.sites.pages import file_site, sub_folder_site

T = TypeVar("T")

RECORD_BATCH = 512
"""Records read ahead of the writer: enough to keep the workers busy, few enough to bound memory..."""
RECORD_BATCH_CHARS = 32 << 20
"""...and at most about this many characters of their text or HTML: 512 records of whole
HTML pages (250 KB each on the WCXB pages) held the parent of a `-j 2` run at 1 GB on a
1 GiB file, where this many keep it near 400 MB, as fast."""


def record_outcomes(
    source: Source,
    worker: Worker,
    clean_pages: Callable[[list[RecordText]], Iterator[Outcome]],
    before_replace: Callable[[], None] | None = None,
    open_writer: Callable[[Path, Callable[[], None] | None], JsonlWriter] | None = None,
    batch_size: int = RECORD_BATCH,
    batch_chars: int = RECORD_BATCH_CHARS,
) -> Iterator[Outcome]:
    """Clean a JSON Lines file record by record, in order, into one output file.

    A malformed line is reported by its number and copied to the output as it was.
    The output replaces its target only after the last record's outcome was taken,
    so the caller has reported every record before the file becomes visible;
    `before_replace` runs just before that (in place, it syncs the report). `open_writer`
    makes the writer for the target instead (a cluster's worker stages the file, for the
    client to rename once it has written the report lines). `batch_size` and `batch_chars`:
    records, and characters of their text or HTML, read ahead of the writer (`RECORD_BATCH`,
    `RECORD_BATCH_CHARS`).
    """
    assert source.path is not None
    fields = worker.options.fields
    target = None if worker.options.mode is Mode.CHECK else worker.target(source)

    def size(record: Record) -> int:
        return len(record.text(fields) or record.html(fields) or "") if record.data is not None else 0

    try:
        opened = open_writer(target, before_replace) if open_writer is not None and target is not None else None
        with opened or (JsonlWriter(target, before_replace=before_replace) if target is not None else _DiscardingWriter()) as writer:
            for batch in bounded_batches(read_records(source.path, fields), batch_size, batch_chars, size):
                yield from _write_batch(batch, source, target, fields, writer, clean_pages)
    except InputError as error:
        yield Outcome(FileReport(input=source.display, error=str(error)))
    except OSError as error:
        yield Outcome(FileReport(input=source.display, error=f"cannot write output: {os_cause(error)}"))


def bounded_batches(items: Iterable[T], most: int, most_chars: int, chars: Callable[[T], int]) -> Iterator[list[T]]:
    """`items` in consecutive lists of at most `most`, a list ended early once its items'
    `chars` reach `most_chars`; taken from `items` one list at a time."""
    batch: list[T] = []
    total = 0
    for item in items:
        batch.append(item)
        total += chars(item)
        if len(batch) >= most or total >= most_chars:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


class _DiscardingWriter:
    """Stands in for the JSON Lines writer in check mode, which writes nothing."""

    def __enter__(self) -> _DiscardingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, obj: dict[str, object]) -> None:
        return None

    def write_raw(self, line: bytes) -> None:
        return None

    def write_blank_lines(self, number: int) -> None:
        return None


def _write_batch(
    batch: list[Record],
    source: Source,
    target: Path | None,
    fields: Fields,
    writer: JsonlWriter | _DiscardingWriter,
    clean_pages: Callable[[list[RecordText]], Iterator[Outcome]],
) -> Iterator[Outcome]:
    pages, texts = [], []
    for record in batch:
        text = record.text(fields) if record.data is not None else None
        # A record with only HTML is parsed once, by the worker that cleans it.
        html = record.html(fields) if record.data is not None and text is None else None
        texts.append(text if html is None else html)
        if text is not None or html is not None:
            label = record.label(source.display, fields)
            output = f"{target}:{record.number}" if target is not None else label
            page = RecordText(label, output, record.site(fields), text or "", record.number, html is not None, html, file_site(source), sub_folder_site(source))
            pages.append(page)
    cleaned = iter(clean_pages(pages))
    for record, text in zip(batch, texts):
        # Blank lines are kept, so that a record keeps its line number in the output.
        writer.write_blank_lines(record.number)
        if text is None:
            if not record.raw and target is not None:
                # A line too long to hold could not be copied through: no output rather than one short of a record.
                raise InputError(f"{record.error}; not written, so that no record is lost")
            writer.write_raw(record.raw)
            # The reader's error already names the line: "line 9: not valid JSON (...)".
            yield Outcome(FileReport(input=source.display, error=record.error or f"line {record.number}: no text"), position=record.offset)
            continue
        outcome = next(cleaned)
        assert record.data is not None
        writer.write(with_text(record.data, fields, outcome.text or ""))
        yield replace(outcome, position=record.offset)


def rebuild_records(clean: Path, reports: Sequence[FileReport], fields: Fields, writer: JsonlWriter) -> int:
    """Write the original records of a cleaned JSON Lines file, from the report of the run that wrote it.

    Each record's text gets its removals back and must match the checksum in the report;
    a text field that cleaning added to an HTML record is dropped again. Other fields are
    the same values (JSON's spelling of them may differ). Returns the records restored.
    """
    mine = [r for r in reports if r.record is not None and r.output is not None and _written_to(r.output, clean)]
    by_line = {r.record: r for r in mine}
    restored = 0
    for record in read_records(clean, fields):
        writer.write_blank_lines(record.number)
        report = by_line.get(record.number)
        if record.data is None:
            writer.write_raw(record.raw)
            continue
        if report is None:
            writer.write(record.data)
            continue
        text = restore_text(record.text(fields) or "", report.removals)
        if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != report.sha256:
            raise RestoreError(f"line {record.number}: rebuilt text does not match the checksum in the report")
        data = dict(record.data)
        if report.text_added:
            data.pop(fields.text, None)
        else:
            data[fields.text] = text
        writer.write(data)
        restored += 1
    if not mine:
        raise RestoreError("no record in the report was written to this file")
    return restored


def _written_to(output: str, clean: Path) -> bool:
    path, _, number = output.rpartition(":")
    return number.isdigit() and same_file(Path(path), clean)
