"""`--engine dask`: a run's two passes as tasks on a Dask cluster, with the local engine's results.

The flow (`execute`): open the report as the local engine does; connect to the cluster
(`cluster`: the one at `--scheduler`, or a `LocalCluster` of `-j N` one-thread worker
processes); learn (`learn`: a task per partition counts its pages, the tallies merge in a
tree, in their order, and the client makes the model); send the model to every worker
once; clean (`clean`: a task per partition, `cleaner.run.dask_tasks`), committing the
partitions in input order as they come back: report lines appended, then outputs renamed.

Same bytes as the local engine: the partitions are the inputs in the local engine's
order (files, then JSON Lines files), each worker runs the local engine's `Worker`, the
report lines are made by the same function, and the model is the same counts merged in
the same order. Workers read the inputs and write the outputs on a filesystem they share
with the client, under the same paths (relative paths: the same working folder).
"""

from __future__ import annotations

import pickle
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.readers.files import Source
from cleaner.report.model import RunReport, earlier_originals, read_report
from cleaner.run.journal import Entry, Journal, JournalError, ReportLocked
from cleaner.run.options import Mode, Options
from cleaner.run.output import Staged, os_cause
from cleaner.run.partitions import Partition, partitions
from cleaner.run.plan import RunPlan, UsageError
from cleaner.run.stopping import Interrupted, checkpoint, deferred, uninterrupted
from cleaner.run.worker import Outcome, Worker
from cleaner.sites.model import TemplateModel
from cleaner.sites.pages import READ_AHEAD_BYTES, count_pages, stored_size

if TYPE_CHECKING:
    from distributed import Client, Future

    from cleaner.run.batch import Hooks
    from cleaner.run.dask_tasks import Cleaned, RunSpec

INSTALL_HINT = "--engine dask needs Dask: pip install 'scrape-cleaner[dask]'"
TREE_FAN_IN = 8
"""Tallies merged by one task of the learn pass's tree: its depth is log8 of the partitions."""
AHEAD = 4
"""Partitions given out per worker beyond the one the client commits next: enough to keep
every worker busy, few enough that staged outputs and outcomes do not pile up."""
CONNECT_TIMEOUT = 30.0
"""Seconds to reach a scheduler given by --scheduler before the run is refused."""
LINES_CHUNK = 1024
"""A JSON Lines file's report lines appended to the report per write (bounded memory)."""


def require_dask() -> None:
    """Refuse the run (UsageError) before anything is opened when Dask is not installed."""
    from importlib.util import find_spec

    if find_spec("distributed") is None:
        raise UsageError(INSTALL_HINT)


@contextmanager
def cluster(options: Options) -> Iterator[Client]:
    """A client of the cluster at `options.scheduler`, or of a `LocalCluster` of `options.jobs`
    worker processes of one thread each (the passes are CPU-bound Python: threads would
    share one core), which ends with the run."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError(INSTALL_HINT) from None
    if options.scheduler is not None:
        try:
            client = Client(options.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise UsageError(f"cannot reach the Dask scheduler {options.scheduler}: {error}") from None
        with client:
            yield client
        return
    with (
        # The scheduler serves HTTP even without a dashboard: on a free port, not 8787, which a
        # second run at the same time (or any other cluster) would find taken, with a warning.
        LocalCluster(
            n_workers=options.jobs, threads_per_worker=1, processes=True, dashboard_address=":0", preload=["cleaner.run.dask_worker"]
        ) as local,
        Client(local) as client,
    ):
        yield client


def execute(plan: RunPlan, hooks: Hooks) -> RunReport:
    """`cleaner.run.batch.execute` on a Dask cluster: the same report and outputs."""
    require_dask()
    options, sources = plan.options, plan.sources
    if hooks.found:
        hooks.found(sources)
    with ExitStack() as stack:
        # As around the local process pool: a stop signal raised inside Dask's client code could
        # leave its locks held; it takes effect at the run's own checkpoints instead.
        stack.enter_context(deferred())
        # The cluster first: a scheduler that cannot be reached is refused before the report is made.
        client = stack.enter_context(cluster(options))
        journal = _journal(stack, plan)
        model = plan.model
        run: Run
        if plan.learns:
            # In place, pages that an earlier (perhaps killed) run cleaned are counted as they were,
            # from the report, which stays with the client: then the client counts them.
            earlier = journal is not None and plan.mode is Mode.IN_PLACE and journal.appended
            original = earlier_originals(read_report(journal.path.read_text("utf-8", "replace"))) if journal and earlier else None
            # A shard or a resumed run learns from every input and cleans some (`RunPlan.learn_sources`).
            learned_from = sources if plan.learn_sources is None else plan.learn_sources
            keeps_parses = not options.keep.selectors and plan.learn_sources is None
            learned = learn(client, learned_from, options, hooks, original, keeps_parses=keeps_parses)
            model, run = learned.model, learned.run
        else:
            run = Run()
        if hooks.cleaning:
            hooks.cleaning(sources)
        return clean(client, sources, options, model, journal, hooks, run)


def learn_model(sources: Sequence[Source], options: Options, hooks: Hooks) -> TemplateModel:
    """`cleaner profile --engine dask`: the learn pass alone, on the cluster."""
    require_dask()
    with deferred(), cluster(options) as client:
        return learn(client, sources, options, hooks).model


@dataclass(frozen=True)
class Run:
    """What the clean pass takes over from the learn pass: the run's name, which keeps each
    worker's `Worker` (and its read-ahead) for both passes, and where each file was counted."""

    name: str = field(default_factory=lambda: uuid.uuid4().hex)
    counted_on: dict[Path, str] = field(default_factory=dict)
    """Input path -> the address of the worker that counted it, and may hold its parse."""
    read_ahead: int = 0


@dataclass(frozen=True)
class Learned:
    model: TemplateModel
    run: Run


def learn(
    client: Client,
    sources: Sequence[Source],
    options: Options,
    hooks: Hooks,
    original: Callable[[Path, bytes], bytes] | None = None,
    keeps_parses: bool = False,
) -> Learned:
    """The learn pass as a reduction: a tally per partition, merged in a tree, in order.

    `keeps_parses`: each worker keeps the first pages it parses (its share of the local
    engine's `READ_AHEAD_BYTES`) for the clean pass, which gives it the partitions it counted."""
    from cleaner.run.executors import model_of

    if hooks.learning:
        hooks.learning(stored_size(sources))
    run = Run()
    if original is not None:
        model = model_of(count_pages(sources, options.reading, original, hooks.learn_read))
    else:
        from distributed import wait

        from cleaner.run.dask_tasks import counted_on, learn_partition, merge_tallies

        readable = [s for s in sources if s.path is not None and not s.error]
        parts = partitions(readable, _workers(client))
        workers = _workers(client)
        run = Run(read_ahead=READ_AHEAD_BYTES // workers if keeps_parses else 0)
        spec = _spec(client, options, None, journaled=False, run=run)
        leaves = [client.submit(learn_partition, spec, part, pure=False) for part in parts]
        level = leaves
        while len(level) > 1:
            level = [client.submit(merge_tallies, *level[at : at + TREE_FAN_IN], pure=False) for at in range(0, len(level), TREE_FAN_IN)]
        for part, leaf in zip(parts, leaves):
            wait(leaf)
            checkpoint()
            if hooks.learn_read:
                hooks.learn_read(part.size)
        model = model_of([level[0].result().tally] if level else [])
        if run.read_ahead:
            where = client.gather(client.map(counted_on, leaves, pure=False))
            for part, address in zip(parts, where):
                run.counted_on.update((source.path, address) for source in part.sources if address is not None)
    if hooks.learned:
        hooks.learned(model)
    return Learned(model, run)


def clean(
    client: Client,
    sources: Sequence[Source],
    options: Options,
    model: TemplateModel | None,
    journal: Journal | None,
    hooks: Hooks,
    run: Run = Run(),
) -> RunReport:
    """The clean pass: partitions cleaned on the cluster, committed here in input order.

    A stop signal or a report that cannot be written ends the run between two
    partitions' commits, as the local engine's between two batches: what was committed
    is described, what was staged and not committed is discarded."""
    from cleaner.run.dask_tasks import clean_partition

    report = RunReport(check=options.mode is Mode.CHECK)
    files = [s for s in sources if not s.is_stdin and not s.holds_records]
    records = [s for s in sources if s.holds_records and not s.is_stdin]
    parts = partitions(files + records, _workers(client))
    spec = _spec(client, options, model, journaled=journal is not None, run=run)
    window = AHEAD * _workers(client)
    pending: deque[tuple[Partition, Future]] = deque()
    given = 0

    def give() -> None:
        nonlocal given
        while given < len(parts) and len(pending) <= window:
            part = parts[given]
            # To the worker that counted it, where its first pages may still be parsed; else anywhere.
            home = run.counted_on.get(part.sources[0].path) if part.sources[0].path is not None else None
            where = {"workers": [home], "allow_other_workers": True} if home else {}
            pending.append((part, client.submit(clean_partition, spec, part, pure=False, **where)))
            given += 1

    def commit(outcomes: Sequence[tuple[Outcome, Staged | None]]) -> None:
        with uninterrupted():
            entries = [Entry(outcome.report, outcome.diff if journal is not None else "", staged, outcome.line) for outcome, staged in outcomes]
            if journal is not None:
                journal.commit(entries)
            for outcome, _ in outcomes:
                report.add(outcome.report, outcome.removed)
                if hooks.done:
                    hooks.done(outcome)

    give()
    try:
        while pending:
            checkpoint()
            _, future = pending.popleft()
            cleaned = future.result()
            give()
            _commit_partition(cleaned, journal, commit)
        # Standard input is read by this process: it is cleaned here, last, as locally.
        stdin = Worker(options, model=model)
        for source in (s for s in sources if s.is_stdin):
            outcome = stdin(source)
            commit([(outcome, None)])
    except JournalError as error:
        report.interrupted = str(error)
    except Interrupted as stop:
        report.interrupted, report.signal = str(stop), stop.signum
    finally:
        # A run cut short: what finished and was never committed is discarded, what is still
        # queued is cancelled, and a task running past STOP_GRACE leaves only hidden files.
        if pending:
            _settle([future for _, future in pending])
        for _, future in pending:
            if future.status == "finished":
                _discard(future.result())
            else:
                future.cancel()
    return report


STOP_GRACE = 2.0
"""Seconds a stopped run gives the partitions in hand to finish, so that it can remove what they staged."""


def _settle(futures: list[Future]) -> None:
    """Wait up to `STOP_GRACE` for `futures` (a partition cannot be stopped once started)."""
    from distributed import wait

    try:
        wait(futures, timeout=STOP_GRACE)
    except TimeoutError:
        pass


def _discard(cleaned: Cleaned) -> None:
    """Remove what a partition staged, unseen: no report line describes it."""
    hidden = [done.staged for done in cleaned.done] + [cleaned.staged, *(cleaned.parts.names if cleaned.parts else ())]
    for name in hidden:
        if name is not None:
            Path(name).unlink(missing_ok=True)


def _commit_partition(cleaned: Cleaned, journal: Journal | None, commit: Callable[[Sequence[tuple[Outcome, Staged | None]]], None]) -> None:
    """Write a partition's report lines, then make its outputs visible; on any failure,
    discard the outputs it staged (nothing describes them)."""
    if cleaned.parts is None:
        outcomes = [(done.outcome, _staged(done.outcome, done.staged)) for done in cleaned.done]
        try:
            commit(outcomes)
        except BaseException:
            for _, staged in outcomes:
                if staged is not None:
                    staged.discard()
            raise
        return
    staged = Staged(Path(cleaned.target), Path(cleaned.staged)) if cleaned.target and cleaned.staged else None
    try:
        with open(cleaned.parts.lines, "rb") as lines, open(cleaned.parts.diffs, "rb") as diffs, open(cleaned.parts.outcomes, "rb") as outcomes:
            for at in range(0, cleaned.records, LINES_CHUNK):
                chunk = []
                for _ in range(min(LINES_CHUNK, cleaned.records - at)):
                    outcome, line_size, diff_size = pickle.load(outcomes)
                    line, diff = lines.read(line_size), diffs.read(diff_size).decode("utf-8")
                    chunk.append((replace(outcome, line=line, unified=diff), None))
                commit(chunk)
        if staged is not None and journal is not None:
            if journal.durable:
                journal.sync()  # in place, the file replaces its input: its lines go to disk first
            staged.publish()
            staged = None
    finally:
        if staged is not None:
            staged.discard()
        for part in cleaned.parts.names:
            Path(part).unlink(missing_ok=True)


def _staged(outcome: Outcome, temporary: str | None) -> Staged | None:
    if temporary is None or outcome.report.output is None:
        return None
    return Staged(Path(outcome.report.output), Path(temporary))


def _journal(stack: ExitStack, plan: RunPlan) -> Journal | None:
    """The run's report, opened and locked as the local engine opens it."""
    if plan.report_path is None:
        return None
    try:
        return stack.enter_context(Journal(plan.report_path, durable=plan.mode is Mode.IN_PLACE))
    except ReportLocked as error:
        raise UsageError(str(error)) from None
    except OSError as error:
        raise UsageError(f"cannot write the report {plan.report_path}: {os_cause(error)}") from None


def _spec(client: Client, options: Options, model: TemplateModel | None, journaled: bool, run: Run) -> Any:
    """The run's settings and model, on every worker once: tasks name them, not carry them."""
    from cleaner.run.dask_tasks import RunSpec

    spec: RunSpec = RunSpec(run.name, options, model, journaled, run.read_ahead)
    return client.scatter(spec, broadcast=True, hash=False)


def _workers(client: Client) -> int:
    return max(1, len(client.nthreads()))
