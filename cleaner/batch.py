"""A run over many files: find them, clean each (in worker processes if asked), write, report."""

from __future__ import annotations

import hashlib
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from cleaner.config import Settings, included
from cleaner.diff import unified_diff
from cleaner.output import AtomicWriter, is_inside, write_atomic
from cleaner.pipeline import Result, clean_text
from cleaner.presets import Preset, preset_rules, with_site_template
from cleaner.readers import (
    MAX_LINE_CHARS,
    InputError,
    Source,
    decode,
    find_sources,
    read_bytes,
)
from cleaner.records import (
    Fields,
    JsonlWriter,
    Record,
    is_jsonl,
    read_records,
    with_text,
)
from cleaner.report import FileReport, RunReport
from cleaner.rules import Rule
from cleaner.rules.template import SiteTemplate, TemplateModel
from cleaner.sites import (
    Reading,
    file_site,
    learn_sources,
    learns,
    record_site,
    record_text,
)

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
    fields: Fields = Fields()
    """Field names of JSON Lines records."""
    check: bool = False
    """Check mode: clean and report, but write nothing."""
    rules: tuple[Rule, ...] | None = None
    """The rules to run; None: the preset's."""
    template: SiteTemplate | None = SiteTemplate()
    """TP01 with its settings, given a model by the learn pass or a profile; None: off."""
    include: tuple[str, ...] = ()
    """Globs a walked file must match (config `include`); none: every file."""
    exclude: tuple[str, ...] = ()
    """Globs that leave a walked file out (config `exclude`)."""
    keep_original: bool = False
    """Hand each input's original text back in its Outcome (for the HTML report)."""

    @property
    def reading(self) -> Reading:
        return Reading(self.encoding, self.max_line_chars, self.fields)


@dataclass(frozen=True)
class Outcome:
    """One file's result as the worker hands it back."""

    report: FileReport
    diff: str = ""
    clean: bytes | None = None
    """The clean bytes, kept only for standard input, which the caller prints."""
    text: str | None = None
    """A JSON Lines record's clean text, which goes back into its record."""
    original: str | None = None
    """The input's text, when `Options.keep_original` asks for it."""


@dataclass(frozen=True)
class Page:
    """One JSON Lines record's text, sent to a worker; the record itself stays with the writer."""

    label: str
    output: str
    site: str
    text: str
    number: int


def plan_sources(paths: Sequence[str], options: Options, report_path: Path | None) -> list[Source]:
    """The inputs of a run, after refusing layouts that could overwrite or re-read anything."""
    if options.out is None and not options.in_place and not options.check and any(p != "-" for p in paths):
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
    if options.include or options.exclude:
        wanted = Settings(include=options.include, exclude=options.exclude)
        sources = [s for s in sources if s.root is None or included(s.relative.as_posix(), wanted)]
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
    sources: Sequence[Source],
    options: Options,
    on_done: Callable[[Outcome], None] | None = None,
    model: TemplateModel | None = None,
) -> RunReport:
    """Clean every source, in order; results are the same whatever `options.jobs` is."""
    report = RunReport(check=options.check)
    for outcome in _outcomes(sources, options, model):
        report.add(outcome.report)
        if on_done:
            on_done(outcome)
    return report


def _outcomes(sources: Sequence[Source], options: Options, model: TemplateModel | None) -> Iterator[Outcome]:
    stdin = [s for s in sources if s.is_stdin]
    records = [s for s in sources if s.path is not None and not s.error and is_jsonl(s.path)]
    files = [s for s in sources if not s.is_stdin and s not in records]
    worker = Worker(options, model=model)
    if options.jobs <= 1 or (len(files) <= 1 and not records):
        yield from map(worker, files)
        for source in records:
            yield from _record_outcomes(source, worker, lambda pages: map(worker.clean_page, pages))
    else:
        with ProcessPoolExecutor(options.jobs, initializer=_install, initargs=(worker,)) as executor:
            chunk = max(1, min(64, len(files) // (options.jobs * 4)))
            yield from executor.map(_run_installed, files, chunksize=chunk)
            for source in records:
                yield from _record_outcomes(source, worker, lambda pages: executor.map(_clean_installed, pages, chunksize=16))
    for source in stdin:
        yield worker(source)


RECORD_BATCH = 512
"""Records read ahead of the writer: enough to keep the workers busy, few enough to bound memory."""


def _record_outcomes(
    source: Source, worker: Worker, clean_pages: Callable[[list[Page]], Iterator[Outcome]]
) -> Iterator[Outcome]:
    """Clean a JSON Lines file record by record, in order, into one output file.

    A malformed line is reported by its number and copied to the output as it was.
    """
    assert source.path is not None
    fields = worker.options.fields
    target = None if worker.options.check else worker.target(source)
    batch: list[Record] = []
    try:
        with JsonlWriter(target) if target is not None else _DiscardingWriter() as writer:
            for record in read_records(source.path, fields):
                batch.append(record)
                if len(batch) >= RECORD_BATCH:
                    yield from _write_batch(batch, source, target, fields, writer, clean_pages)
                    batch = []
            yield from _write_batch(batch, source, target, fields, writer, clean_pages)
    except InputError as error:
        yield Outcome(FileReport(input=source.display, error=str(error)))
    except OSError as error:
        yield Outcome(FileReport(input=source.display, error=f"cannot write output: {(error.strerror or str(error)).lower()}"))


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


def _write_batch(
    batch: list[Record],
    source: Source,
    target: Path | None,
    fields: Fields,
    writer: JsonlWriter | _DiscardingWriter,
    clean_pages: Callable[[list[Page]], Iterator[Outcome]],
) -> Iterator[Outcome]:
    pages, texts = [], []
    for record in batch:
        text = record_text(record, fields) if record.data is not None else None
        texts.append(text)
        if text is not None:
            label = record.label(source.display, fields)
            output = f"{target}:{record.number}" if target is not None else label
            pages.append(Page(label, output, record_site(record, source, fields), text, record.number))
    cleaned = iter(clean_pages(pages))
    for record, text in zip(batch, texts):
        if text is None:
            writer.write_raw(record.raw)
            # The reader's error already names the line: "line 9: not valid JSON (...)".
            yield Outcome(FileReport(input=source.display, error=record.error or f"line {record.number}: no text"))
            continue
        outcome = next(cleaned)
        assert record.data is not None
        writer.write(with_text(record.data, fields, outcome.text or ""))
        yield Outcome(outcome.report, outcome.diff)


class Worker:
    """Cleans one source; built once per process so the rules load their data once."""

    def __init__(self, options: Options, rules: Sequence[Rule] | None = None, model: TemplateModel | None = None) -> None:
        self.options = options
        if rules is None:
            rules = options.rules if options.rules is not None else preset_rules(options.preset)
        self.rules = tuple(rules)
        self.template = replace(options.template, model=model) if model is not None and options.template else None

    def rules_for(self, site: str) -> tuple[Rule, ...]:
        """The run's rules, with the site-template rule bound to `site` when the run learned one."""
        if self.template is None:
            return self.rules
        return with_site_template(self.rules, self.template.for_site(site))

    def clean_page(self, page: Page) -> Outcome:
        """Clean one record's text; the clean text travels back in `Outcome.text`."""
        result = clean_text(page.text, self.rules_for(page.site))
        clean = result.text.encode("utf-8", "surrogatepass")
        report = FileReport(
            input=page.label,
            output=page.output,
            sha256=_sha256(page.text.encode("utf-8", "surrogatepass")),
            encoding="utf-8",
            output_sha256=_sha256(clean),
            output_encoding="utf-8",
            bytes_in=len(page.text.encode("utf-8", "surrogatepass")),
            bytes_out=len(clean),
            removals=result.removals,
            record=page.number,
        )
        original = page.text if self.options.keep_original else None
        return Outcome(report, _diff(result, page.label, page.output), text=result.text, original=original)

    def __call__(self, source: Source) -> Outcome:
        if source.error:
            return Outcome(FileReport(input=source.display, error=source.error))
        data = b""
        try:
            data = _read(source)
            decoded = decode(data, self.options.encoding, self.options.max_line_chars)
            result = clean_text(decoded.text, self.rules_for(file_site(source)))
            target, encoding = self._target(source, decoded.encoding)
            clean = result.text.encode(encoding)
            if target is not None and not self.options.check and (result.changed or not self.options.in_place):
                mode = stat.S_IMODE(source.path.stat().st_mode) if self.options.in_place and source.path else None
                write_atomic(target, clean, mode)
        except InputError as error:
            return Outcome(FileReport(input=source.display, sha256=_sha256(data) if data else None, bytes_in=len(data), error=str(error)))
        except OSError as error:
            return Outcome(FileReport(input=source.display, bytes_in=len(data), error=f"cannot write output: {(error.strerror or str(error)).lower()}"))
        output = source.display if self.options.check else "<stdout>" if target is None else str(target)
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
        original = decoded.text if self.options.keep_original else None
        printed = clean if target is None and not self.options.check else None
        return Outcome(report, _diff(result, source.display, output), printed, original=original)

    def target(self, source: Source) -> Path:
        """Where a JSON Lines input's clean records go: OUT/<relative path>, or the input itself."""
        assert source.path is not None
        return source.path if self.options.in_place else self.options.out / source.relative  # type: ignore[operator]

    def _target(self, source: Source, encoding: str) -> tuple[Path | None, str]:
        """Where the clean text goes and in which encoding.

        New files are UTF-8; a file cleaned in place keeps its own encoding.
        """
        if source.path is None:
            return None, "utf-8"
        if self.options.in_place or self.options.check:
            return source.path, encoding
        assert self.options.out is not None
        return self.options.out / source.relative, "utf-8"


def _diff(result: Result, before: str, after: str) -> str:
    return unified_diff(result.original, result.text, result.removals, before, after) if result.changed else ""


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


def _clean_installed(page: Page) -> Outcome:
    assert _installed is not None
    return _installed.clean_page(page)


class ReportFiles:
    """The JSON Lines report and the unified diff beside it, written as the run goes.

    Both replace their old versions only when the run ends; in place, they are
    appended to (the old content is copied first), so that `restore` can undo one
    run after another.
    """

    def __init__(self, report_path: Path, append: bool = False) -> None:
        self._paths = (report_path, diff_path(report_path))
        self._append = append
        self._stack = ExitStack()
        self._writers: list[AtomicWriter] = []

    def __enter__(self) -> ReportFiles:
        for path in self._paths:
            writer = self._stack.enter_context(AtomicWriter(path))
            if self._append and path.exists():
                writer.write(path.read_bytes())
            self._writers.append(writer)
        return self

    def add(self, outcome: Outcome) -> None:
        report, diff = self._writers
        # A lone surrogate (JSON records may hold "\ud800") is written as that escape,
        # which JSON readers turn back into the same character.
        report.write((outcome.report.to_json() + "\n").encode("utf-8", "backslashreplace"))
        if outcome.diff:
            diff.write(outcome.diff.encode("utf-8", "backslashreplace"))

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)  # type: ignore[arg-type]


def default_report_path(options: Options) -> Path | None:
    """OUT/cleaner-report.jsonl; ./cleaner-report.jsonl in place; none for stdin alone."""
    if options.out is not None:
        return options.out / REPORT_NAME
    if options.in_place:
        return Path(REPORT_NAME)
    return None


def learn_run(paths: Sequence[str], options: Options) -> TemplateModel:
    """The learn pass alone, as `cleaner profile` runs it: nothing is written."""
    sources = find_sources(paths)
    if not any(s.path is not None and not s.error for s in sources):
        raise UsageError("no readable input to learn from")
    return learn_sources(sources, options.reading)


def run_clean(
    paths: Sequence[str],
    options: Options,
    report_path: Path | None = None,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[Outcome], None] | None = None,
    model: TemplateModel | None = None,
) -> RunReport:
    """The whole `cleaner clean` job as a library call.

    Given a folder or a JSON Lines file, it first counts the lines of every page by
    site (the learn pass of TP01), unless `model` (a loaded profile) is given.

    In place, the report is appended to rather than replaced: it then holds every
    run's removals, and `restore` can undo them one run after another.
    """
    report_path = report_path or (None if options.check else default_report_path(options))
    sources = plan_sources(paths, options, report_path)
    if model is None and options.template is not None and learns(paths, sources):
        model = learn_sources(sources, options.reading)
    if on_start:
        on_start(len(sources))
    with ExitStack() as stack:
        files = stack.enter_context(ReportFiles(report_path, append=options.in_place)) if report_path else None

        def collect(outcome: Outcome) -> None:
            if files is not None:
                files.add(outcome)
            if on_done:
                on_done(outcome)

        return clean_sources(sources, options, collect, model)
