"""A run over many files: find them, clean each (in worker processes if asked), write, report."""

from __future__ import annotations

import hashlib
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from cleaner.output import is_inside, write_atomic
from cleaner.pipeline import clean_text
from cleaner.presets import Preset, preset_rules
from cleaner.readers import MAX_LINE_CHARS, InputError, Source, decode, find_sources, read_bytes
from cleaner.diff import unified_diff
from cleaner.report import FileReport, RunReport
from cleaner.rules import Rule

REPORT_NAME = "cleaner-report.jsonl"


def diff_path(report_path: Path) -> Path:
    """The unified diff is written beside the JSON Lines report, as `<name>.diff`."""
    return report_path.with_suffix(".diff")


class UsageError(Exception):
    """The command line asks for something unsafe or impossible; nothing was processed."""


@dataclass(frozen=True)
class Options:
    """Where a run writes and how it reads; decided once by the caller."""

    out: Path | None = None
    in_place: bool = False
    encoding: str | None = None
    max_line_chars: int = MAX_LINE_CHARS
    jobs: int = 1
    preset: Preset = Preset.DEFAULT


@dataclass(frozen=True)
class Outcome:
    """One file's result as the worker hands it back."""

    report: FileReport
    diff: str = ""
    clean: bytes | None = None
    """The clean bytes, kept only for standard input, which the caller prints."""


def plan_sources(paths: Sequence[str], options: Options, report_path: Path | None) -> list[Source]:
    """The inputs of a run, after refusing layouts that could overwrite or re-read anything."""
    if options.out is None and not options.in_place and any(p != "-" for p in paths):
        raise UsageError("give -o/--output OUT for the clean files, or --in-place to overwrite the inputs")
    if options.out is not None and options.in_place:
        raise UsageError("-o/--output and --in-place exclude each other")
    if options.out is not None:
        for argument in paths:
            if argument == "-" or not Path(argument).is_dir():
                continue
            if is_inside(options.out, Path(argument)) or is_inside(Path(argument), options.out):
                raise UsageError(f"output folder {options.out} overlaps input folder {argument}; choose one outside it")
    skip = [p for p in (options.out, report_path, report_path and diff_path(report_path)) if p]
    sources = find_sources(paths, skip=skip)
    if options.out is not None:
        _refuse_collisions(sources)
    return sources


def _refuse_collisions(sources: list[Source]) -> None:
    seen: dict[Path, str] = {}
    for source in sources:
        if source.error or source.is_stdin:
            continue
        if source.relative in seen:
            raise UsageError(f"{source.display} and {seen[source.relative]} would both be written to {source.relative}")
        seen[source.relative] = source.display


def clean_sources(
    sources: Sequence[Source], options: Options, on_done: Callable[[Outcome], None] | None = None
) -> RunReport:
    """Clean every source, in order; results are the same whatever `options.jobs` is."""
    report = RunReport()
    for outcome in _outcomes(sources, options):
        report.add(outcome.report)
        if on_done:
            on_done(outcome)
    return report


def _outcomes(sources: Sequence[Source], options: Options) -> Iterator[Outcome]:
    stdin = [s for s in sources if s.is_stdin]
    files = [s for s in sources if not s.is_stdin]
    worker = Worker(options)
    if options.jobs <= 1 or len(files) <= 1:
        results: Iterator[Outcome] = map(worker, files)
    else:
        executor = ProcessPoolExecutor(options.jobs, initializer=_install, initargs=(worker,))
        chunk = max(1, min(64, len(files) // (options.jobs * 4)))
        results = _closing(executor, executor.map(_run_installed, files, chunksize=chunk))
    yield from results
    for source in stdin:
        yield worker(source)


def _closing(executor: ProcessPoolExecutor, results: Iterator[Outcome]) -> Iterator[Outcome]:
    with executor:
        yield from results


class Worker:
    """Cleans one source; built once per process so the rules load their data once."""

    def __init__(self, options: Options, rules: Sequence[Rule] | None = None) -> None:
        self.options = options
        self.rules = tuple(rules) if rules is not None else preset_rules(options.preset)

    def __call__(self, source: Source) -> Outcome:
        if source.error:
            return Outcome(FileReport(input=source.display, error=source.error))
        data = b""
        try:
            data = _read(source)
            decoded = decode(data, self.options.encoding, self.options.max_line_chars)
            result = clean_text(decoded.text, self.rules)
            target, encoding = self._target(source, decoded.encoding)
            clean = result.text.encode(encoding)
            if target is not None and (result.changed or not self.options.in_place):
                mode = stat.S_IMODE(source.path.stat().st_mode) if self.options.in_place and source.path else None
                write_atomic(target, clean, mode)
        except InputError as error:
            return Outcome(FileReport(input=source.display, sha256=_sha256(data) if data else None, bytes_in=len(data), error=str(error)))
        except OSError as error:
            return Outcome(FileReport(input=source.display, bytes_in=len(data), error=f"cannot write output: {(error.strerror or str(error)).lower()}"))
        output = "<stdout>" if target is None else str(target)
        report = FileReport(
            input=source.display,
            output=output,
            sha256=_sha256(data),
            encoding=decoded.encoding,
            output_sha256=_sha256(clean),
            output_encoding=encoding,
            bytes_in=len(data),
            bytes_out=len(clean),
            removals=result.removals,
        )
        diff = unified_diff(result.original, result.text, result.removals, source.display, output) if result.changed else ""
        return Outcome(report, diff, clean if target is None else None)

    def _target(self, source: Source, encoding: str) -> tuple[Path | None, str]:
        """Where the clean text goes and in which encoding.

        New files are UTF-8; a file cleaned in place keeps its own encoding.
        """
        if source.path is None:
            return None, "utf-8"
        if self.options.in_place:
            return source.path, encoding
        assert self.options.out is not None
        return self.options.out / source.relative, "utf-8"


def _read(source: Source) -> bytes:
    if source.path is None:
        return sys.stdin.buffer.read()
    return read_bytes(source.path)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_installed: Worker | None = None


def _install(worker: Worker) -> None:
    # Each worker process keeps one Worker, so rule data is loaded once per process.
    global _installed
    _installed = worker


def _run_installed(source: Source) -> Outcome:
    assert _installed is not None
    return _installed(source)


def write_reports(report: RunReport, diffs: Sequence[str], report_path: Path, append: bool = False) -> None:
    """Write the JSON Lines report and the unified diff beside it."""
    lines = "".join(f.to_json() + "\n" for f in report.files)
    diff = "".join(diffs)
    for path, text in ((report_path, lines), (diff_path(report_path), diff)):
        previous = path.read_bytes() if append and path.exists() else b""
        write_atomic(path, previous + text.encode("utf-8"))


def default_report_path(options: Options) -> Path | None:
    """OUT/cleaner-report.jsonl; ./cleaner-report.jsonl in place; none for stdin alone."""
    if options.out is not None:
        return options.out / REPORT_NAME
    if options.in_place:
        return Path(REPORT_NAME)
    return None


def run_clean(
    paths: Sequence[str],
    options: Options,
    report_path: Path | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
) -> RunReport:
    """The whole `cleaner clean` job as a library call.

    In place, the report is appended to rather than replaced: it then holds every
    run's removals, and `restore` can undo them one run after another.
    """
    report_path = report_path or default_report_path(options)
    sources = plan_sources(paths, options, report_path)
    if on_start:
        on_start(len(sources))
    diffs: list[str] = []

    def collect(outcome: Outcome) -> None:
        diffs.append(outcome.diff)
        if on_done:
            on_done(outcome)

    report = clean_sources(sources, options, collect)
    if report_path is not None:
        write_reports(report, diffs, report_path, append=options.in_place)
    return report
