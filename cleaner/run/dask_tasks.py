"""What a Dask worker runs for `--engine dask` (`cleaner.run.dask_engine`): count a partition's
lines, merge tallies, clean a partition. Plain functions over plain data (Dask is asked
only which worker runs a task); nothing here writes a file where the run's outputs are seen.

A cleaned partition's outputs are staged (hidden, `.NAME.*.tmp`, beside their targets)
and its report lines travel back to the client, which appends them to the one report
and only then renames the outputs into place: the journal's write-ahead rule, kept
across machines. A JSON Lines file's lines (one a record, as many as a 1 GB file has)
are not sent back but written to hidden part files beside its staged output, with the
outcomes themselves, which the client reads back into the report in bounded chunks: the
memory of neither grows with the file.
"""

from __future__ import annotations

import os
import pickle
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
from cleaner.sites.pages import ReadAhead
from cleaner.sites.tally import LineTally

RECORD_BATCH = 32
"""JSON Lines records a worker reads ahead of its writer. The local engine reads 512, to keep
its processes busy; a Dask worker cleans a file's records itself, so a few are enough,
and its memory does not hold 512 pages of HTML (about 150 MB of them in the benchmark's file)."""


@dataclass(frozen=True)
class RunSpec:
    """What every task of a run needs, sent to each worker once (scattered, broadcast)."""

    run: str
    """Names the run: a worker builds its `Worker` (rules, their data) once per run, for both passes."""
    options: Options
    model: TemplateModel | None
    journaled: bool
    """The run writes a report: outcomes carry their diffs and outputs are staged for it."""
    read_ahead: int = 0
    """Bytes of the pages a worker counts that it keeps parsed for its clean pass
    (`cleaner.sites.pages.ReadAhead`); the client gives a partition to the worker that counted it."""


@dataclass(frozen=True)
class Done:
    """One input's outcome as sent back: without its output bytes, which wait staged on disk."""

    outcome: Outcome
    staged: str | None = None
    """The hidden file that becomes `outcome.report.output` once its line is in the report."""


@dataclass(frozen=True)
class Cleaned:
    """A partition's outcomes, in order: in `done`, or for a JSON Lines file cleaned into a
    report, `records` of them in `parts` (`Parts`), which the client reads back in order."""

    done: list[Done]
    parts: Parts | None = None
    records: int = 0
    target: str | None = None
    """The JSON Lines file's output, renamed from `staged` once its records' lines are in the report."""
    staged: str | None = None


@dataclass(frozen=True)
class Parts:
    """A JSON Lines file's hidden part files: its report lines, its diffs, and for each record
    its outcome (pickled, without line and diff) with the sizes of its line and diff."""

    lines: str
    diffs: str
    outcomes: str

    @property
    def names(self) -> tuple[str, str, str]:
        return self.lines, self.diffs, self.outcomes


@dataclass(frozen=True)
class Counted:
    """A partition's line counts, and the worker that counted it (and may hold its parses)."""

    tally: LineTally
    worker: str | None = None


def learn_partition(spec: RunSpec, partition: Partition) -> Counted:
    """The learn pass over a partition: its pages' line counts, in one tally (its parses
    kept for the clean pass as far as the worker's read-ahead goes)."""
    from distributed import get_worker  # this runs on a Dask worker, which has it loaded

    return Counted(merge_tallies(*_worker(spec).count(partition.sources)).tally, get_worker().address)


def counted_on(counted: Counted) -> str | None:
    """The worker that counted a partition, asked where its tally is, without sending the tally."""
    return counted.worker


def merge_tallies(*tallies: LineTally | Counted) -> Counted:
    """One node of the learn pass's tree: `tallies` merged in their order (a new tally: a
    task's inputs may be read again if a worker is lost)."""
    merged = LineTally()
    for tally in tallies:
        merged.merge(tally.tally if isinstance(tally, Counted) else tally)
    return Counted(merged)


_workers: dict[str, tuple[Worker, TemplateModel | None]] = {}
"""The run's `Worker` in this process, and the model it is bound to."""


def _worker(spec: RunSpec) -> Worker:
    """This process's `Worker` for the run, bound to the spec's model (the clean pass's
    spec brings the model the learn pass made)."""
    held = _workers.get(spec.run)
    if held is None:
        _workers.clear()  # a worker process outlives runs on a long-lived cluster: keep the latest only
        read_ahead = ReadAhead(budget=spec.read_ahead) if spec.read_ahead else None
        held = _workers[spec.run] = (Worker(spec.options, model=spec.model, read_ahead=read_ahead), spec.model)
    elif spec.model is not None and held[1] is not spec.model:
        held[0].learned(spec.model)
        held = _workers[spec.run] = (held[0], spec.model)
    return held[0]


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
        return Cleaned([Done(_sent(spec.options, outcome)) for outcome in record_outcomes(source, worker, clean, batch_size=RECORD_BATCH)])
    sinks: list[StagingWriter] = []

    def staging(target: Path, before_replace: object) -> JsonlWriter:
        sinks.append(StagingWriter(target))
        return JsonlWriter(target, sink=sinks[-1])

    target = worker.target(source)
    parts = Parts(_part(target, "report"), _part(target, "diff"), _part(target, "outcomes"))
    records = 0
    try:
        with open(parts.lines, "wb") as lines, open(parts.diffs, "wb") as diffs, open(parts.outcomes, "wb") as outcomes:
            for outcome in record_outcomes(source, worker, clean, open_writer=staging, batch_size=RECORD_BATCH):
                sent = _sent(spec.options, outcome, with_line=False)
                sizes = _write(lines, report_line(outcome.report)), _write(diffs, sent.diff.encode("utf-8", "backslashreplace"))
                pickle.dump((replace(sent, unified=""), *sizes), outcomes, protocol=pickle.HIGHEST_PROTOCOL)
                records += 1
    except BaseException:
        for part in parts.names:
            Path(part).unlink(missing_ok=True)
        raise
    staged = sinks[0].staged if sinks else None
    return Cleaned([], parts, records, str(target), str(staged.temporary) if staged is not None else None)


def _part(target: Path, kind: str) -> str:
    """A hidden part file beside the output, named as staged outputs are (`.NAME.*.tmp`),
    so that a killed run's leftovers are taken for neither input nor output."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return str(target.parent / f".{target.name}.{os.getpid()}.{kind}.tmp")


def _write(file: BinaryIO, data: bytes) -> int:
    file.write(data)
    return len(data)
