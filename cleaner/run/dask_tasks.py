"""What a Dask worker runs for `--engine dask` (`cleaner.run.dask_engine`): count a partition's
lines, merge tallies, clean a partition. Plain functions over plain data; Dask is not
imported here, and nothing here writes a file where the run's outputs are seen.

A cleaned partition's outputs are staged (hidden, `.NAME.*.tmp`, beside their targets)
and its report lines travel back to the client, which appends them to the one report
and only then renames the outputs into place: the journal's write-ahead rule, kept
across machines. A JSON Lines file's lines (one a record, as many as a 1 GB file has)
are not sent back but written to hidden part files beside its staged output, which the
client copies into the report in bounded chunks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from cleaner.readers.files import Source
from cleaner.readers.records import JsonlWriter
from cleaner.report.model import FileReport
from cleaner.run.journal import report_line
from cleaner.run.options import Options
from cleaner.run.output import StagingWriter, os_cause, stage
from cleaner.run.partitions import Partition
from cleaner.run.records import record_outcomes
from cleaner.run.worker import Outcome, RecordText, Worker
from cleaner.sites.model import TemplateModel
from cleaner.sites.pages import count_pages
from cleaner.sites.tally import LineTally


@dataclass(frozen=True)
class RunSpec:
    """What every task of a run needs, sent to each worker once (scattered, broadcast)."""

    token: str
    """Names the run: a worker builds its `Worker` (rules, their data) once per run."""
    options: Options
    model: TemplateModel | None
    journaled: bool
    """The run writes a report: outcomes carry their diffs and outputs are staged for it."""


@dataclass(frozen=True)
class Done:
    """One input's outcome as sent back: without its output bytes, which wait staged on disk."""

    outcome: Outcome
    staged: str | None = None
    """The hidden file that becomes `outcome.report.output` once its line is in the report."""


@dataclass(frozen=True)
class Cleaned:
    """A partition's outcomes, in order. For a JSON Lines file cleaned into a report, each
    outcome's line and diff are in `parts` (report lines, diffs), `sizes` long each."""

    done: list[Done]
    parts: tuple[str, str] | None = None
    sizes: list[tuple[int, int]] | None = None
    target: str | None = None
    """The JSON Lines file's output (`done[i].staged` is None): renamed from `staged` last."""
    staged: str | None = None


def learn_partition(spec: RunSpec, partition: Partition) -> LineTally:
    """The learn pass over a partition: its pages' line counts, in one tally."""
    merged = LineTally()
    for tally in count_pages(partition.sources, spec.options.reading):
        merged.merge(tally)
    return merged


def merge_tallies(*tallies: LineTally) -> LineTally:
    """One node of the learn pass's tree: `tallies` merged in their order (a new tally: a
    task's inputs may be read again if a worker is lost)."""
    merged = LineTally()
    for tally in tallies:
        merged.merge(tally)
    return merged


_workers: dict[str, Worker] = {}


def _worker(spec: RunSpec) -> Worker:
    worker = _workers.get(spec.token)
    if worker is None:
        _workers.clear()  # a worker process outlives runs on a long-lived cluster: keep the latest only
        worker = _workers[spec.token] = Worker(spec.options, model=spec.model)
    return worker


def clean_partition(spec: RunSpec, partition: Partition) -> Cleaned:
    """Clean a partition's inputs, staging their outputs (see the module's docstring)."""
    worker = _worker(spec)
    if partition.records:
        return _clean_records(spec, worker, partition.sources[0])
    return Cleaned([_file_done(spec, worker(source)) for source in partition.sources])


def _file_done(spec: RunSpec, outcome: Outcome) -> Done:
    staged = None
    output = outcome.output
    if output is not None:
        try:
            # Synced where nothing else will sync it: in place without a report is not a mode.
            staged = stage(output.path, output.data, output.mode, durable=not spec.journaled and output.replaces_input)
        except OSError as error:
            report = outcome.report
            failed = FileReport(input=report.input, sha256=report.sha256, bytes_in=report.bytes_in, error=f"cannot write output: {os_cause(error)}")
            return Done(_sent(spec.options, Outcome(failed)))
    return Done(_sent(spec.options, replace(outcome, output=None)), str(staged.temporary) if staged is not None else None)


def _sent(options: Options, outcome: Outcome, with_line: bool = True) -> Outcome:
    """The outcome as it travels: its report line made here, its removals counted by rule
    unless the client reads them (`Options.removals_read`), its diff as text."""
    line = report_line(outcome.report) if with_line else None
    report = outcome.report
    if options.removals_read or not report.removals:
        return replace(outcome, line=line, unified=outcome.diff)
    counted = Counter((removal.code, removal.name) for removal in report.removals)
    removed = tuple((code, name, count) for (code, name), count in counted.items())
    return replace(outcome, line=line, unified=outcome.diff, report=replace(report, removals=()), removed=removed)


def _clean_records(spec: RunSpec, worker: Worker, source: Source) -> Cleaned:
    def clean(records: list[RecordText]) -> Iterator[Outcome]:
        return map(worker.clean_record, records)

    if not spec.journaled:
        return Cleaned([Done(_sent(spec.options, outcome)) for outcome in record_outcomes(source, worker, clean)])
    writers: list[StagingWriter] = []

    def staging(target: Path, before_replace: object) -> JsonlWriter:
        writer = JsonlWriter(target)
        writer._sink = StagingWriter(target)
        writers.append(writer._sink)
        return writer

    target = worker.target(source)
    parts = (_part(target, "report"), _part(target, "diff"))
    done, sizes = [], []
    try:
        with open(parts[0], "wb") as lines, open(parts[1], "wb") as diffs:
            for outcome in record_outcomes(source, worker, clean, open_writer=staging):
                sent = _sent(spec.options, outcome, with_line=False)
                sizes.append((_write(lines, report_line(outcome.report)), _write(diffs, sent.diff.encode("utf-8", "backslashreplace"))))
                done.append(Done(replace(sent, unified="")))
    except BaseException:
        for part in parts:
            Path(part).unlink(missing_ok=True)
        raise
    staged = writers[0].staged if writers else None
    return Cleaned(done, parts, sizes, str(target), str(staged.temporary) if staged is not None else None)


def _part(target: Path, kind: str) -> str:
    """A hidden part file beside the output, named as staged outputs are (`.NAME.*.tmp`),
    so that a killed run's leftovers are taken for neither input nor output."""
    import os

    target.parent.mkdir(parents=True, exist_ok=True)
    return str(target.parent / f".{target.name}.{os.getpid()}.{kind}.tmp")


def _write(file: BinaryIO, data: bytes) -> int:
    file.write(data)
    return len(data)
