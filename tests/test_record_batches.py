"""A JSON Lines file is cleaned in batches read ahead of its writer: bounded in records and in characters."""

from __future__ import annotations

import json
from pathlib import Path

from cleaner.readers.files import find_sources
from cleaner.run.options import Options
from cleaner.run.records import record_outcomes
from cleaner.run.worker import RecordText, Worker

ARTICLE = "The council voted on Tuesday to reopen the old bridge to cyclists and walkers. " * 12


def _records(path: Path, texts: list[str]) -> None:
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": text}) + "\n" for i, text in enumerate(texts)), encoding="utf-8")


def _clean(path: Path, out: Path, **batch: int) -> tuple[list[int], bytes]:
    """The batch sizes `record_outcomes` cleaned `path` in, and the output it wrote."""
    options = Options(out=out)
    worker = Worker(options)
    (source,) = find_sources([str(path)])
    sizes: list[int] = []

    def clean_pages(pages: list[RecordText]):
        sizes.append(len(pages))
        return map(worker.clean_record, pages)

    outcomes = list(record_outcomes(source, worker, clean_pages, **batch))
    assert len(outcomes) == sum(sizes)
    return sizes, worker.target(source).read_bytes()


def test_big_records_are_read_ahead_in_batches_of_bounded_characters(tmp_path: Path) -> None:
    source = tmp_path / "pages.jsonl"
    _records(source, [ARTICLE] * 10)
    sizes, written = _clean(source, tmp_path / "out", batch_chars=len(ARTICLE) * 3)
    assert sizes == [3, 3, 3, 1]
    # The batches change what is held at once, never what is written.
    whole, same = _clean(source, tmp_path / "whole")
    assert whole == [10] and same == written


def test_small_records_are_read_ahead_in_batches_of_bounded_count(tmp_path: Path) -> None:
    source = tmp_path / "pages.jsonl"
    _records(source, ["Short line of text for a record."] * 7)
    sizes, _ = _clean(source, tmp_path / "out", batch_size=2)
    assert sizes == [2, 2, 2, 1]
