"""A run over many inputs: find them, learn the site templates, clean each (in worker processes if asked), report."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from cleaner.readers.files import STDIN, Source, find_sources
from cleaner.report.model import FileReport, RunReport, earlier_originals, read_report
from cleaner.run.engines import Engine
from cleaner.run.executors import InProcess, InWorkers, learn_tallies, model_of
from cleaner.run.journal import Entry, Journal, JournalError, ReportLocked, diff_path
from cleaner.run.options import Mode, Options
from cleaner.run.output import os_cause, stage
from cleaner.run.plan import RunPlan, UsageError, plan_run, plan_sources, refuse_writes_over_inputs, shard_slice
from cleaner.run.records import record_outcomes
from cleaner.run.resume import noting_finished
from cleaner.run.shards import clear_marker, write_marker
from cleaner.run.stopping import Interrupted, uninterrupted
from cleaner.run.worker import Outcome
from cleaner.sites.model import TemplateModel
from cleaner.sites.pages import ReadAhead, stored_size

if TYPE_CHECKING:
    from cleaner.sites.counts import SiteCounts

__all__ = [
    "Hooks", "Interrupted", "Options", "Outcome", "RunPlan", "UsageError", "count_run", "diff_path", "execute", "learn_run", "plan_run",
    "plan_sources", "refuse_writes_over_inputs", "run_clean",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Hooks:
    """What a run tells its caller as it goes, for progress and --verbose; each is optional."""

    found: Callable[[Sequence[Source]], None] | None = None
    """The inputs, once found, before anything is read."""
    learning: Callable[[int], None] | None = None
    """The learn pass begins, and will read this many bytes (as stored)."""
    learn_read: Callable[[int], None] | None = None
    """The learn pass read this many more bytes."""
    learned: Callable[[TemplateModel], None] | None = None
    """The learn pass ended with this model."""
    cleaning: Callable[[Sequence[Source]], None] | None = None
    """The clean pass begins."""
    done: Callable[[Outcome], None] | None = None
    """An input, or a JSON Lines record, was cleaned and its report line written."""

    def joined(self, other: Hooks) -> Hooks:
        """These hooks, then `other`'s, for each event."""
        return Hooks(**{f.name: _both(getattr(self, f.name), getattr(other, f.name)) for f in fields(self)})


def _both(first: Callable[[T], None] | None, second: Callable[[T], None] | None) -> Callable[[T], None] | None:
    if first is None or second is None:
        return first or second

    def call(value: T) -> None:
        first(value)
        second(value)

    return call


def clean_sources(
    sources: Sequence[Source],
    options: Options,
    on_done: Callable[[Outcome], None] | None = None,
    executor: InProcess | InWorkers | None = None,
    journal: Journal | None = None,
) -> RunReport:
    """Clean every source, in order, with `executor` (in this process by default); results
    are the same whatever `options.jobs` is.

    With a journal, each outcome's report line is written before its output becomes
    visible. A run stopped by a signal or by a report it cannot write returns what
    it finished, with `interrupted` saying why.
    """
    report = RunReport(check=options.mode is Mode.CHECK)
    if executor is None:
        executor = InProcess(options, None, _split(sources).files, None)
    # In place each batch is synced before its renames: a batch of inputs, not one, per sync.
    batch = COMMIT_BATCH if journal is not None and journal.durable else 1
    pending: list[Outcome] = []

    def commit() -> None:
        with uninterrupted():
            for outcome in _commit(pending, journal):
                report.add(outcome.report, outcome.removed)
                if on_done:
                    on_done(outcome)
        pending.clear()

    # Closed explicitly, so that a run cut short ends its worker processes at once.
    with closing(_outcomes(sources, options, executor, journal)) as outcomes:
        try:
            for outcome in outcomes:
                pending.append(outcome)
                # An outcome without a file of its own (a JSON Lines record, whose file replaces
                # its input once the last record's line is written) is committed at once.
                if len(pending) >= batch or outcome.output is None:
                    commit()
            commit()
        except JournalError as error:
            report.interrupted = str(error)
        except Interrupted as stop:
            report.interrupted, report.signal = str(stop), stop.signum
    return report


COMMIT_BATCH = 8
"""Inputs cleaned in place that are committed together (`cleaner.run.journal.Journal.commit`):
one sync for eight files instead of two a file, while the outputs still replace their
inputs steadily as the run goes, not in bursts that a stopped run would mostly lose."""


def _commit(outcomes: list[Outcome], journal: Journal | None) -> list[Outcome]:
    """Write the outcomes' report lines, then their outputs; a file that cannot be written fails alone."""
    entries = [_staged(outcome, journal is not None) for outcome in outcomes]
    if journal is not None:
        journal.commit(entries)
    else:
        for entry in entries:
            if entry.output is not None:
                entry.output.publish()
    return [outcome if entry.report is outcome.report else Outcome(entry.report) for outcome, entry in zip(outcomes, entries)]


def _staged(outcome: Outcome, journaled: bool) -> Entry:
    """The outcome's output written beside its target, not yet visible. With a journal, which
    syncs a batch at once, the file is not synced here; the diff is made only for the journal."""
    diff = outcome.diff if journaled else ""
    if outcome.output is None:
        return Entry(outcome.report, diff, None, outcome.line)
    try:
        staged = stage(outcome.output.path, outcome.output.data, outcome.output.mode, durable=not journaled and outcome.output.replaces_input)
    except OSError as error:
        failed = FileReport(input=outcome.report.input, sha256=outcome.report.sha256, bytes_in=outcome.report.bytes_in, error=f"cannot write output: {os_cause(error)}")
        return Entry(failed)
    return Entry(outcome.report, diff, staged, outcome.line)


@dataclass(frozen=True)
class _Inputs:
    """A run's sources by how they are cleaned: files, JSON Lines files, standard input."""

    files: list[Source]
    records: list[Source]
    stdin: list[Source]


def _split(sources: Sequence[Source]) -> _Inputs:
    inputs = _Inputs([], [], [])
    for source in sources:
        if source.is_stdin:
            inputs.stdin.append(source)
        elif source.holds_records:
            inputs.records.append(source)
        else:
            inputs.files.append(source)
    return inputs


def _outcomes(sources: Sequence[Source], options: Options, executor: InProcess | InWorkers, journal: Journal | None) -> Iterator[Outcome]:
    inputs = _split(sources)
    before_replace = journal.sync if journal is not None and options.mode is Mode.IN_PLACE else None
    # A resumable run notes each JSON Lines file it finishes whole, which --resume reads (`cleaner.run.resume`).
    noted = journal is not None and options.mode is Mode.OUT and (options.resume or options.shard is not None)
    yield from executor.clean_files()
    for source in inputs.records:
        outcomes = record_outcomes(source, executor.worker, executor.clean_records, before_replace)
        if noted and journal is not None:
            outcomes = noting_finished(source, executor.worker.target(source), outcomes, journal.path)
        yield from outcomes
    for source in inputs.stdin:
        yield executor.worker(source)


def learn_run(paths: Sequence[str], options: Options, profile_path: Path | None = None, hooks: Hooks = Hooks()) -> TemplateModel:
    """The learn pass alone, as `cleaner profile` runs it; `profile_path`, where the caller will
    save the profile, is refused when it is one of the inputs."""
    refuse_scheduler_alone(options)
    return _learn_model(_sources_to_learn(paths, options, profile_path, hooks), options, hooks)


def count_run(paths: Sequence[str], options: Options, part_path: Path | None = None, hooks: Hooks = Hooks()) -> SiteCounts:
    """The learn pass as `cleaner profile --part` runs it: every line's count, not only the
    recurring ones a model keeps, to be merged with other shards' (`cleaner.sites.parts`)."""
    from cleaner.sites.counts import SiteCounts

    # A shard may hold no readable input (a slice of few inputs): its part is empty, so that
    # every job of an array leaves one. A path that is not there is a mistake all the same.
    missing = next((path for path in paths if path != STDIN and not os.path.lexists(path)), None)
    if missing is not None:
        raise UsageError(f"{missing}: no such file or folder")
    if options.engine is Engine.DASK:
        raise UsageError("--part counts its shard on this machine (one job of an array); drop --engine dask, or learn the whole profile with --engine dask")
    sources = _sources_to_learn(paths, options, part_path, hooks, empty=True)
    if hooks.learning:
        hooks.learning(stored_size(sources))
    counts = SiteCounts.from_tallies(learn_tallies(options, sources, hooks.learn_read))
    if hooks.learned:
        hooks.learned(counts.summary())
    return counts


def _sources_to_learn(paths: Sequence[str], options: Options, written: Path | None, hooks: Hooks, empty: bool = False) -> list[Source]:
    sources = find_sources(paths, files=options.files)
    if options.shard is not None:
        # A profile of a shard learns its slice alone: a part, for `cleaner profile merge`.
        sources = shard_slice(sources, options)
    if written is not None:
        refuse_writes_over_inputs(sources, {"-o/--output": written})
    if hooks.found:
        hooks.found(sources)
    # A shard may hold no input: its part of the profile is then empty, not a failed job.
    if not empty and options.shard is None and not any(s.path is not None and not s.error for s in sources):
        raise UsageError("no readable input to learn from")
    return sources


def _learn_model(sources: list[Source], options: Options, hooks: Hooks) -> TemplateModel:
    if options.engine is Engine.DASK:
        from cleaner.run.dask_engine import learn_model

        return learn_model(sources, options, hooks)
    if hooks.learning:
        hooks.learning(stored_size(sources))
    model = model_of(learn_tallies(options, sources, hooks.learn_read))
    if hooks.learned:
        hooks.learned(model)
    return model


def _learn(
    executor: InProcess | InWorkers,
    sources: Sequence[Source],
    original: Callable[[Path, bytes], bytes] | None,
    hooks: Hooks,
) -> TemplateModel:
    if hooks.learning:
        hooks.learning(stored_size(sources))
    model = executor.learn(sources, original, hooks.learn_read)
    if hooks.learned:
        hooks.learned(model)
    return model


def _executor(stack: ExitStack, options: Options, model: TemplateModel | None, files: list[Source], records: list[Source], learning: bool) -> InProcess | InWorkers:
    """Worker processes when there is more than one input to share among them, else this process."""
    # The learn pass parses without the keep selectors, which mark blocks in the clean pass.
    keep_parses = learning and not options.keep.selectors
    if options.jobs <= 1 or (len(files) <= 1 and not records):
        return InProcess(options, model, files, ReadAhead() if keep_parses else None)
    return InWorkers(stack, options, model, files, keep_parses)


def run_clean(
    paths: Sequence[str],
    options: Options,
    report_path: Path | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    model: TemplateModel | None = None,
    hooks: Hooks = Hooks(),
) -> RunReport:
    """The whole `cleaner clean` job as a library call: `plan_run`, then `execute`.

    The report is appended to, never replaced: a second run into the same OUT adds
    its lines after the first run's, and `restore` finds each file's latest record
    (after repeated runs in place, the chain of them). Only one run at a time may
    write a report (UsageError otherwise).
    """
    return execute(plan_run(paths, options, report_path, model), Hooks(done=on_done).joined(hooks))


def refuse_scheduler_alone(options: Options) -> None:
    """`--scheduler` names the cluster of `--engine dask`, and asks for no engine by itself."""
    if options.scheduler is not None and options.engine is not Engine.DASK:
        raise UsageError("--scheduler names a Dask scheduler: give --engine dask with it")


def execute(plan: RunPlan, hooks: Hooks = Hooks()) -> RunReport:
    """Carry out a planned run: open the report, learn if planned, clean every input, in order."""
    refuse_scheduler_alone(plan.options)
    options = plan.options
    if options.shard is not None and plan.report_path is not None and plan.sources:
        clear_marker(plan.report_path, options.shard)
    if options.engine is Engine.DASK:
        from cleaner.run import dask_engine

        result = dask_engine.execute(plan, hooks)
    else:
        result = _execute_here(plan, hooks)
    # After the journal's last sync: a marker never stands for report lines not yet on disk.
    if options.shard is not None and plan.mode is not Mode.CHECK:
        try:
            write_marker(plan, result)
        except OSError as error:
            failed = Outcome(FileReport(input=str(plan.report_path), error=f"cannot write the shard's completion marker: {os_cause(error)}"))
            result.add(failed.report)
            if hooks.done:
                hooks.done(failed)
    return result


def _execute_here(plan: RunPlan, hooks: Hooks) -> RunReport:
    """`execute` with the local engine: this process, or `-j N` worker processes."""
    options, sources = plan.options, plan.sources
    if hooks.found:
        hooks.found(sources)
    with ExitStack() as stack:
        journal = None
        if plan.report_path is not None:
            try:
                journal = stack.enter_context(Journal(plan.report_path, durable=plan.mode is Mode.IN_PLACE))
            except ReportLocked as error:
                raise UsageError(str(error)) from None
            except OSError as error:
                raise UsageError(f"cannot write the report {plan.report_path}: {os_cause(error)}") from None
        inputs = _split(sources)
        # A shard or a resumed run learns from inputs it does not clean: their parses would fill the read-ahead for nothing.
        executor = _executor(stack, options, plan.model, inputs.files, inputs.records, plan.learns and plan.learn_sources is None)
        if plan.learns:
            # In place, pages that an earlier (perhaps killed) run cleaned are counted as they were.
            earlier = journal is not None and plan.mode is Mode.IN_PLACE and journal.appended
            original = earlier_originals(read_report(journal.path.read_text("utf-8", "replace"))) if journal and earlier else None
            _learn(executor, sources if plan.learn_sources is None else plan.learn_sources, original, hooks)
        if hooks.cleaning:
            hooks.cleaning(sources)
        return clean_sources(sources, options, hooks.done, executor, journal)
