"""Where a run's two passes execute: in this process (`-j 1`), or in worker processes (`-j N`).

Both run the same learn loop (`cleaner.sites.pages.count_pages`) and the same `Worker`,
and hand back outcomes in the inputs' order, so a run's outputs and report are the
same whatever the number of processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from itertools import chain
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.readers.files import Source
from cleaner.run.options import Options
from cleaner.run.pool import (
    PREPARE_BYTES,
    clean_installed,
    clean_installed_records,
    install_model,
    learn_installed_records,
    learned_in,
    prepare_installed,
    shares,
    worker_pool,
)
from cleaner.run.records import bounded_batches
from cleaner.run.stopping import checkpoint
from cleaner.run.worker import Outcome, RecordText, Worker
from cleaner.sites.model import TemplateModel
from cleaner.sites.pages import READ_AHEAD_BYTES, ReadAhead, RecordPage, count_pages, record_pages

if TYPE_CHECKING:
    from cleaner.run.pool import Pool
    from cleaner.sites.tally import LineTally

RECORD_SHARE = 16
"""JSON Lines records sent to a worker process in one task."""
LEARN_RECORDS = 32
"""JSON Lines records sent to a worker process to count in one task of the learn pass..."""
LEARN_RECORD_CHARS = 4 << 20
"""...and at most about this many characters of their text or HTML."""


class InProcess:
    """Both passes in this process; the learn pass's parses are kept for the clean pass."""

    def __init__(self, options: Options, model: TemplateModel | None, files: Sequence[Source], read_ahead: ReadAhead | None) -> None:
        self.read_ahead = read_ahead
        self.worker = Worker(options, model=model, read_ahead=read_ahead)
        self.files = files

    def learn(
        self, sources: Sequence[Source], original: Callable[[Path, bytes], bytes] | None, on_read: Callable[[int], None] | None
    ) -> TemplateModel:
        model = model_of(count_pages(sources, self.worker.options.reading, original, on_read, self.read_ahead))
        self.worker.learned(model)
        return model

    def clean_files(self) -> Iterator[Outcome]:
        return map(self.worker, self.files)

    def clean_records(self, records: list[RecordText]) -> Iterator[Outcome]:
        return map(self.worker.clean_record, records)


class InWorkers:
    """Both passes in `jobs` worker processes (`cleaner.run.pool`): each counts the lines of its
    shares of the files and cleans the same shares from the parses it kept; the parent merges
    the counts, writes the outputs and the report. Standard input is cleaned in the parent.
    """

    def __init__(self, stack: ExitStack, options: Options, model: TemplateModel | None, files: Sequence[Source], keep_parses: bool) -> None:
        jobs = options.jobs
        # Each process keeps its own first pages, the run's budget shared between them.
        read_ahead = ReadAhead(budget=READ_AHEAD_BYTES // jobs) if keep_parses else None
        self.worker = Worker(options, model=model, read_ahead=read_ahead)
        self.files = files
        self.file_shares = shares(files, jobs)
        self.pool = stack.enter_context(worker_pool(jobs, self.worker))
        self._installed: Callable[[], None] = lambda: None
        self._prepared: Callable[[], None] = lambda: None

    def learn(
        self, sources: Sequence[Source], original: Callable[[Path, bytes], bytes] | None, on_read: Callable[[int], None] | None
    ) -> TemplateModel:
        if original is None:
            # The files go to the processes that will clean them; JSON Lines files are read here
            # and their records counted in the processes a few at a time (a process given a
            # whole file would be the only one busy with it).
            # A shard or a resumed run learns from more files than it cleans: those go out in shares of their own.
            learned_files = [s for s in sources if s.path is not None and not s.holds_records]
            learn_shares = self.file_shares if learned_files == list(self.files) else shares(learned_files, self.pool.jobs)
            learned = learned_in(self.pool, learn_shares, on_read)
            records = records_learned_in(self.pool, sources, self.worker.options, on_read)
            # Given out behind the shares: each process begins its clean pass while this one makes the model.
            self._prepared = self.pool.everywhere(prepare_installed, PREPARE_BYTES)
            tallies = chain(learned, records)
        else:
            # Pages counted as earlier runs in place found them: `original` reads the report,
            # and stays in this process.
            tallies = count_pages(sources, self.worker.options.reading, original, on_read)
        model = model_of(_stoppable(tallies))
        self.pool.modelled()
        # Not waited for here: the clean pass's first shares go out behind it.
        self._installed = self.pool.everywhere(install_model, model)
        self.worker.learned(model)
        return model

    def clean_files(self) -> Iterator[Outcome]:
        return chain.from_iterable(self._once_installed(self.pool.map(clean_installed, self.file_shares)))

    def clean_records(self, records: list[RecordText]) -> Iterator[Outcome]:
        record_shares = [records[start : start + RECORD_SHARE] for start in range(0, len(records), RECORD_SHARE)]
        return chain.from_iterable(self._once_installed(self.pool.map(clean_installed_records, record_shares)))

    def _once_installed(self, results: Iterator[list[Outcome]]) -> Iterator[list[Outcome]]:
        """`results`, the first taken once every process holds the model (a process that
        could not install it raises its error here, before any outcome is used)."""
        self._prepared()
        self._installed()
        yield from results


def learn_tallies(options: Options, sources: Sequence[Source], on_read: Callable[[int], None] | None) -> Iterator[LineTally]:
    """The learn pass alone (`cleaner profile`), its tallies in the inputs' order: in `-j`
    processes when there is more than one file or a JSON Lines file to share among them."""
    files = [s for s in sources if s.path is not None and not s.holds_records]
    if options.jobs <= 1 or (len(files) <= 1 and not any(s.holds_records for s in sources)):
        yield from count_pages(sources, options.reading, None, on_read)
        return
    with worker_pool(options.jobs, Worker(options)) as pool:
        yield from _stoppable(chain(learned_in(pool, shares(files, pool.jobs), on_read), records_learned_in(pool, sources, options, on_read)))


def records_learned_in(pool: Pool, sources: Sequence[Source], options: Options, on_read: Callable[[int], None] | None) -> Iterator[LineTally]:
    """The tallies of the JSON Lines records among `sources`, read here and counted in the
    pool's processes, `LEARN_RECORDS` at a time, in order."""
    return pool.map(learn_installed_records, _record_chunks(record_pages(sources, options.reading, on_read)))


def _record_chunks(records: Iterable[RecordPage]) -> Iterator[list[RecordPage]]:
    return bounded_batches(records, LEARN_RECORDS, LEARN_RECORD_CHARS, attrgetter("size"))


def _stoppable(tallies: Iterable[LineTally]) -> Iterator[LineTally]:
    """The tallies, with a stop signal taking effect between two of them: while the pool
    runs, signals only take note (`cleaner.run.stopping.deferred`), and the learn pass
    must still end at one, before anything is written."""
    for tally in tallies:
        yield tally
        checkpoint()


def model_of(tallies: Iterable[LineTally]) -> TemplateModel:
    """The learn pass's model: the shares' tallies merged, the unsited pages grouped."""
    from cleaner.sites.learn import TemplateCounter  # numpy with it, in runs that learn only

    counter = TemplateCounter()
    for tally in tallies:
        counter.merge(tally)
    return counter.model()
