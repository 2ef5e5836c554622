"""Worker processes for `-j N`, each holding the inputs it is given for both passes of a run.

Each process is its own single-process executor, and a run's file inputs are cut into
shares, share i going to process i % N in the learn pass and again in the clean pass:
the pages a process parsed to count their lines stay in its read-ahead
(`cleaner.sites.pages.ReadAhead`) and are cleaned there, never parsed twice nor sent
between processes. A task is a share (a few inputs), not an input, and its results
come back together, so the cost of a task is paid once per share.

The processes end with the run, however it ends: on an error or a stop signal queued
shares are cancelled and each process finishes the one it holds (`_end_workers`).
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from cleaner._speedups import compiled
from cleaner.readers.files import Source
from cleaner.run.journal import report_line
from cleaner.run.stopping import deferred
from cleaner.run.worker import Outcome, RecordText, Worker
from cleaner.sites.model import TemplateModel
from cleaner.sites.pages import RecordPage, count_records

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.synchronize import Event

    from cleaner.sites.tally import LineTally

T = TypeVar("T")
R = TypeVar("R")
_END = object()

SHARES_PER_PROCESS = 16
"""A run's files are cut into about this many shares per process, so that the processes
finish close together although each has its own (the inputs differ in size)..."""
SHARE_FILES = 32
"""...of at most this many files each."""
AHEAD = 4
"""Shares a process may be given beyond the one the parent waits for (per process):
enough to keep it busy, few enough that finished outcomes do not pile up in the parent."""


def shares(items: Sequence[T], jobs: int) -> list[Sequence[T]]:
    """`items` cut into consecutive shares for `jobs` processes (`SHARES_PER_PROCESS`, `SHARE_FILES`)."""
    size = max(1, min(SHARE_FILES, len(items) // (jobs * SHARES_PER_PROCESS)))
    return [items[start : start + size] for start in range(0, len(items), size)]


class Pool:
    """`jobs` worker processes; share i of a sequence always goes to process i % jobs."""

    def __init__(self, executors: list[ProcessPoolExecutor], modelled: Event | None = None) -> None:
        self.executors = executors
        self._modelled = modelled
        """Set once the run's model is made, or the pool ends: it stops `prepare_installed`."""

    def modelled(self) -> None:
        """Tell the processes that the run's model is made (or will never be)."""
        if self._modelled is not None:
            self._modelled.set()

    @property
    def jobs(self) -> int:
        return len(self.executors)

    def map(self, task: Callable[[T], R], items: Iterable[T], ahead: int | None = None) -> Iterator[R]:
        """`task(item)` for each item, item i in process i % jobs, results in the items' order;
        at most `ahead` items (default `AHEAD` per process) are given out beyond the one awaited.

        The first items are given out at once, not when the first result is asked for: the
        processes start on them while the caller prepares for their results. `items` is
        taken as they are given out, so a generator may read them as it goes."""
        window = ahead if ahead is not None else AHEAD * self.jobs
        pending: deque[Future[R]] = deque()
        source = iter(items)
        given = 0

        def give() -> None:
            nonlocal given
            while len(pending) <= window:
                item = next(source, _END)
                if item is _END:
                    return
                pending.append(self.executors[given % self.jobs].submit(task, item))
                given += 1

        def results() -> Iterator[R]:
            while pending:
                result = pending.popleft().result()
                give()
                yield result

        give()
        return results()

    def everywhere(self, task: Callable[[T], None], value: T) -> Callable[[], None]:
        """Give `task(value)` to every process, after what each was given before, without
        waiting for it: a process runs its tasks in the order given, so what is given to
        it next finds the task done. The call returned waits for it, and raises its error."""
        futures = [executor.submit(task, value) for executor in self.executors]

        def done() -> None:
            for future in futures:
                future.result()

        return done


@contextmanager
def worker_pool(jobs: int, worker: Worker) -> Iterator[Pool]:
    """`jobs` processes, each holding `worker`; they end with the run, however it ends.

    On an error or a stop signal the pool is not drained: queued inputs are
    cancelled, since the parent will write nothing more that they could send, and the
    processes end as soon as the inputs they hold are done (`_end_workers`).
    """
    # Imported here: a run in one process (one file, -j 1) never needs them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with deferred():
        parent = os.getpid()
        modelled = multiprocessing.Event()
        executors = [ProcessPoolExecutor(1, initializer=install, initargs=(worker, parent, modelled)) for _ in range(jobs)]
        pool = Pool(executors, modelled)
        try:
            yield pool
        except BaseException:
            pool.modelled()  # a process still preparing stops at its next page
            for executor in executors:
                executor.shutdown(wait=False, cancel_futures=True)
            _end_workers(executors)
            raise
        for executor in executors:
            executor.shutdown(wait=True)


STOP_GRACE = 2.0
"""Seconds a stopped run gives its workers to finish the input each holds before ending them."""


def _end_workers(executors: list[ProcessPoolExecutor]) -> None:
    """End the pool's processes: each finishes the input it holds and leaves (the cancelled
    pool sends no more), and one still busy after `STOP_GRACE` is terminated."""
    import multiprocessing

    children = multiprocessing.active_children()
    deadline = time.monotonic() + STOP_GRACE
    for child in children:
        child.join(max(0.0, deadline - time.monotonic()))
    stuck = [child for child in children if child.is_alive()]
    for child in stuck:
        child.terminate()
    for child in stuck:
        child.join(5)
    if stuck:
        # A worker ended while it wrote its result leaves half a message in the result pipe,
        # and the pool's manager thread, which the interpreter joins at exit, would wait for
        # the rest forever. The parent holds the pipe's only other write end: closing it
        # turns that wait into end-of-file, which the pool takes for a broken pool.
        for executor in executors:
            writer = getattr(getattr(executor, "_result_queue", None), "_writer", None)
            if writer is not None:
                writer.close()


_installed: Worker | None = None
_modelled: Event | None = None


def install(worker: Worker, parent: int, modelled: Event | None = None) -> None:
    # Each worker process keeps one Worker, so rule data is loaded once per process.
    global _installed, _modelled
    _installed, _modelled = worker, modelled
    # Ctrl-C reaches the whole process group: the parent alone decides what to do with it.
    # SIGTERM ends a worker outright (the parent's handler, inherited by fork, would not).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """Have the kernel end this process when its parent dies, even by SIGKILL (Linux);
    elsewhere an orphan ends when its next task never comes."""
    set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def set_parent_death_signal_py(signum: int) -> bool:
    """`prctl(PR_SET_PDEATHSIG, signum)` through ctypes; False where it cannot be made.

    (`set_parent_death_signal` is its compiled twin, `cleaner._speedups.process`, when built:
    ctypes, imported only here, took about 7 ms of each worker's start.)"""
    import ctypes

    try:
        # The running program's own symbols include libc's, without searching for the library.
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


_PR_SET_PDEATHSIG = 1


def set_parent_death_signal(signum: int) -> bool:
    """`set_parent_death_signal_py`, through its compiled twin when built; looked up by the
    worker that asks, once, so that a run in one process does not load it."""
    kernel = compiled("process")
    return (kernel.set_parent_death_signal if kernel else set_parent_death_signal_py)(signum)


@dataclass(frozen=True)
class LearnedShare:
    """What a process counted of one share in the learn pass."""

    tallies: list[LineTally]
    read: int
    """Bytes of the share's inputs, as stored, for the progress bar."""


def learn_installed(share: Sequence[Source]) -> LearnedShare:
    """Count a share's pages, keeping their parses for the clean pass of this process."""
    assert _installed is not None
    read = 0

    def add(count: int) -> None:
        nonlocal read
        read += count

    return LearnedShare(_installed.count(share, add), read)


def learn_installed_records(records: Sequence[RecordPage]) -> LineTally:
    """Count some JSON Lines records' pages (`cleaner.sites.pages.count_records`): the
    parent reads the file, the processes parse and key the pages, the costly part."""
    return count_records(records)


PREPARE_BYTES = 8 << 20
"""At most this much text input (as read) a process prepares for its clean pass while the
parent makes the site model (`prepare_installed`), which bounds the memory it holds."""


def prepare_installed(budget: int) -> None:
    """Begin the clean pass of the pages this process holds (`Worker.prepare`), until the
    parent has made the model: the work it would otherwise wait for idle."""
    assert _installed is not None
    _installed.prepare(budget, _modelled.is_set if _modelled is not None else None)


def install_model(model: TemplateModel) -> None:
    assert _installed is not None
    _installed.learned(model)


def clean_installed(share: Sequence[Source]) -> list[Outcome]:
    assert _installed is not None
    return [_with_line(_installed(source)) for source in share]


def clean_installed_records(records: Sequence[RecordText]) -> list[Outcome]:
    assert _installed is not None
    return [_with_line(_installed.clean_record(record)) for record in records]


def _with_line(outcome: Outcome) -> Outcome:
    # The parent writes every report line; each worker makes those of its inputs.
    assert _installed is not None
    line = report_line(outcome.report)
    report = outcome.report
    if _installed.options.removals_read or not report.removals:
        return replace(outcome, line=line)
    counted = Counter((removal.code, removal.name) for removal in report.removals)
    removed = tuple((code, name, count) for (code, name), count in counted.items())
    return replace(outcome, line=line, report=replace(report, removals=()), removed=removed)


def learned_in(pool: Pool, file_shares: Sequence[Sequence[Source]], on_read: Callable[[int], None] | None) -> Iterator[LineTally]:
    """The learn pass of `file_shares` in the pool's processes, every share given out at
    once: their tallies, share by share."""
    learned = pool.map(learn_installed, file_shares, ahead=len(file_shares))

    def tallies() -> Iterator[LineTally]:
        for share in learned:
            if on_read is not None:
                on_read(share.read)
            yield from share.tallies

    return tallies()
