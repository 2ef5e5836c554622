"""A run decided once, before anything is read: where it writes, what it reads, whether it
learns the site templates, and in how many processes (`RunPlan`). The CLI builds one
from its arguments and `cleaner.run.batch.execute` carries it out; nothing below asks
the command line again.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.readers.excludes import REPORT_NAME
from cleaner.readers.files import Source, file_identity, find_sources
from cleaner.run.journal import diff_path
from cleaner.run.options import Mode, Options
from cleaner.run.output import is_inside
from cleaner.run.resume import split_done
from cleaner.run.shards import ShardError, shard_report_name, shard_sources
from cleaner.sites.model import TemplateModel
from cleaner.sites.pages import learns

__all__ = ["Mode", "RunPlan", "UsageError", "plan_run", "plan_sources", "refuse_writes_over_inputs", "shard_slice"]


class UsageError(Exception):
    """The command line asks for something unsafe or impossible; nothing was processed."""


@dataclass(frozen=True)
class RunPlan:
    """What a run will do, decided once from its arguments."""

    options: Options
    sources: tuple[Source, ...]
    """The inputs, found, in the order they are cleaned and reported."""
    report_path: Path | None
    """The JSON Lines report (the journal); None for a check, or standard input alone."""
    learns: bool
    """Whether the run first counts the template lines of its pages (TP01's learn pass)..."""
    model: TemplateModel | None = None
    """...or cleans with a loaded site profile instead (`cleaner profile`); neither: no TP01 model."""
    learn_sources: tuple[Source, ...] | None = None
    """The inputs the learn pass counts when they are more than `sources`: every input found,
    for a shard (`--shard`) or a resumed run (`--resume`), so that what it cleans is cleaned
    with the site templates of the whole run; None: `sources`."""
    done: tuple[Source, ...] = ()
    """Inputs of this run (of its shard) that an earlier run into its report finished (`--resume`)."""

    @property
    def mode(self) -> Mode:
        return self.options.mode

    @property
    def jobs(self) -> int:
        """Processes that clean: the workers of `-j N`, or this one alone."""
        return self.options.jobs


def plan_run(paths: Sequence[str], options: Options, report_path: Path | None = None, model: TemplateModel | None = None) -> RunPlan:
    """Decide the run: refuse what is unsafe (UsageError), find its inputs, and whether it learns.

    Given a folder or a JSON Lines file, a run first counts the lines of every page by
    site (the learn pass of TP01), unless `model` (a loaded profile) is given or TP01 is off.
    """
    if report_path is None:
        report_path = default_report_path(options)
    sources = plan_sources(paths, options, report_path)
    learning = model is None and options.template is not None and learns(paths, sources)
    if options.shard is None and not options.resume:
        return RunPlan(options, tuple(sources), report_path, learning, model)
    cleaned, done = _resumed(shard_slice(sources, options), options, report_path)
    # Nothing left to clean needs no model: a rerun of a finished shard reads only its own inputs.
    learning = learning and bool(cleaned)
    learned_from = tuple(sources) if len(cleaned) < len(sources) else None
    return RunPlan(options, tuple(cleaned), report_path, learning, model, learned_from, tuple(done))


def shard_slice(sources: list[Source], options: Options) -> list[Source]:
    """The inputs of `options.shard`, or all of them; standard input is refused (UsageError)."""
    if options.shard is None:
        return sources
    try:
        return shard_sources(sources, options.shard)
    except ShardError as error:
        raise UsageError(str(error)) from None


def _resumed(sources: list[Source], options: Options, report_path: Path | None) -> tuple[list[Source], list[Source]]:
    """The inputs to clean, and those done already (`cleaner.run.resume`)."""
    if not options.resume:
        return sources, []
    if options.mode is not Mode.OUT or report_path is None:
        raise UsageError(
            "--resume finishes a run into -o/--output OUT; in place, a rerun already leaves cleaned inputs as they are"
            if options.mode is Mode.IN_PLACE else "--resume needs a run that writes its outputs, with -o/--output OUT"
        )
    return split_done(sources, report_path, options)


def default_report_path(options: Options) -> Path | None:
    """OUT/cleaner-report.jsonl; ./cleaner-report.jsonl in place; none for a check or stdin alone.
    A shard's is its own (`OUT/cleaner-report.shard-03-of-16.jsonl`): the shards of a run may
    write into one OUT at once, and a report is written by one run at a time."""
    name = REPORT_NAME if options.shard is None else shard_report_name(options.shard)
    if options.mode is Mode.OUT:
        assert options.out is not None
        return options.out / name
    if options.mode is Mode.IN_PLACE:
        return Path(name)
    return None


def plan_sources(paths: Sequence[str], options: Options, report_path: Path | None) -> list[Source]:
    """The inputs of a run, after refusing layouts that could overwrite or re-read anything."""
    if options.out is not None and options.in_place:
        raise UsageError("-o/--output and --in-place exclude each other")
    if options.mode is Mode.STDOUT and any(p != "-" for p in paths):
        raise UsageError("give -o/--output OUT for the clean files, or --in-place to overwrite the inputs")
    if options.mode is Mode.OUT:
        assert options.out is not None
        if options.out.exists() and not options.out.is_dir():
            raise UsageError(f"-o/--output {options.out} is an existing file; it names the folder for the clean files")
        for argument in paths:
            if argument == "-" or not Path(argument).is_dir():
                continue
            if is_inside(options.out, Path(argument)) or is_inside(Path(argument), options.out):
                raise UsageError(f"output folder {options.out} overlaps input folder {argument}; choose one outside it")
    writes = {
        "--report": report_path,
        "the diff beside the report": report_path and diff_path(report_path),
        "--report-html": options.report_html,
    }
    sources = find_sources(paths, skip=[options.out] if options.out else [], files=options.files, stdin_name=options.stdin_filename)
    refuse_writes_over_inputs(sources, {what: path for what, path in writes.items() if path is not None}, options.out)
    if options.mode is Mode.OUT:
        _refuse_collisions(sources)
    return sources


def refuse_writes_over_inputs(sources: Sequence[Source], writes: Mapping[str, Path], out: Path | None = None) -> None:
    """Refuse a run that would write a file (`writes`: what -> path) over one of its inputs.

    Inputs exist, so a path that lands on one exists too: it is compared by device and
    inode, which sees through symlinks, hard links and spellings. With `out`, each
    input's own output path is checked too, and must not be one of `writes`.
    """
    inputs = {file_identity(s.path): s.display for s in sources if s.path is not None and not s.error}
    inputs.pop(None, None)
    seen: dict[str, str] = {}
    for what, path in writes.items():
        # Where the write will land once missing folders are made: `new/../a.txt` is `a.txt`.
        real = os.path.realpath(path)
        _refuse_unwritable(what, path, Path(real))
        landed = inputs.get(file_identity(Path(real)))
        if landed is not None:
            raise UsageError(f"{what} {path} is the input {landed}; write it outside the inputs")
        if real in seen:
            raise UsageError(f"{what} and {seen[real]} would both be written to {path}")
        seen[real] = what
    if out is None:
        return
    real_out = Path(os.path.realpath(out))
    # Outputs can land on inputs only in an OUT that exists already; a fresh one needs no stat an input.
    out_exists = real_out.is_dir()
    for source in sources:
        if source.path is None or source.error:
            continue
        target = real_out / source.output_relative
        landed = inputs.get(file_identity(target)) if out_exists else None
        if landed is not None:
            raise UsageError(
                f"-o/--output {out} would write the clean {source.display} over the input {landed}; "
                "choose a folder that holds no input"
            )
        what = seen.get(str(target))
        if what is not None:
            raise UsageError(f"{what} {writes[what]} is where the clean {source.display} goes; choose another path")


def _refuse_unwritable(what: str, path: Path, real: Path) -> None:
    """A folder, or a path below a file, cannot be written as a file: say so before the run, not after it."""
    if real.is_dir():
        raise UsageError(f"{what} {path} is a folder; it names a file")
    for parent in real.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"{what} {path}: {parent} is not a folder")
            return


def _refuse_collisions(sources: list[Source]) -> None:
    seen: dict[Path, str] = {}
    for source in sources:
        if source.error or source.is_stdin:
            continue
        target = source.output_relative
        if target in seen:
            raise UsageError(f"{source.display} and {seen[target]} would both be written to {target}")
        seen[target] = source.display
