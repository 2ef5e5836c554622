"""Cleaning one input: a file, standard input or a JSON Lines record's text, in this process or a worker."""

from __future__ import annotations

import hashlib
import stat
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.engine.pipeline import Prepared, Result, clean_page, clean_text, prepare_text
from cleaner.model.document import Removal
from cleaner.model.spans import restores
from cleaner.readers import Input, read_document
from cleaner.readers.encodings import decode_text, encode_text
from cleaner.readers.files import InputError, Source, read_bytes
from cleaner.readers.html import with_markup
from cleaner.report.assessment import assess
from cleaner.report.diff import unified_diff
from cleaner.report.model import FileReport
from cleaner.rules import Rule, with_site_template
from cleaner.rules.presets import preset_rules
from cleaner.run.options import Mode, Options
from cleaner.sites.model import TemplateModel, line_keys
from cleaner.sites.pages import Parsed, ReadAhead, count_pages, file_site, own_site, page_site, sub_folder_site

if TYPE_CHECKING:
    # The HTML reader loads with the first HTML input: a run over text dumps never needs it.
    from cleaner.readers.dom import Page
    from cleaner.sites.tally import LineTally


@dataclass(frozen=True)
class Output:
    """The bytes to write for one input, which the run writes once its report line is out."""

    path: Path
    data: bytes
    mode: int | None = None
    """Permissions to keep: those of the input an in-place output replaces."""
    replaces_input: bool = False


@dataclass(frozen=True)
class Outcome:
    """One file's result as the worker hands it back; the worker itself writes nothing."""

    report: FileReport
    unified: str | Diff = ""
    """The unified diff, or what makes it when first read (`diff`)."""
    output: Output | None = None
    clean: bytes | None = None
    """The clean bytes, kept only for standard input, which the caller prints."""
    text: str | None = None
    """A JSON Lines record's clean text, which goes back into its record."""
    original: str | None = None
    """The input's text, when `Options.keep_original` asks for it."""
    position: int | None = None
    """A JSON Lines record's: how far into its file (as stored) the reader was, for progress."""
    line: bytes | None = None
    """Its report line (`cleaner.run.journal.report_line`), made by a worker process so that
    the parent, which writes every input's, does not have to."""
    removed: tuple[tuple[str, str, int], ...] | None = None
    """The report's removals counted by rule (code, name, count), when a worker process sent
    the report without them (`Options.removals_read`); None: `report.removals` lists them."""

    @property
    def diff(self) -> str:
        """The unified diff of the input and its clean text; empty when nothing was removed."""
        return self.unified if isinstance(self.unified, str) else self.unified.text


class Diff:
    """A unified diff made when first read: a check run that writes no report and prints
    no diff never pays for it. Sent to another process, it goes as its text."""

    __slots__ = ("_result", "_before", "_after", "_text")

    def __init__(self, result: Result, before: str, after: str) -> None:
        self._result: Result | None = result
        self._before, self._after = before, after
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            assert self._result is not None
            result = self._result
            self._text = unified_diff(result.original, result.text, result.removals, self._before, self._after)
            self._result = None
        return self._text

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return str, (self.text,)


@dataclass(frozen=True)
class RecordText:
    """One JSON Lines record's text, sent to a worker; the record itself stays with the writer."""

    label: str
    output: str
    site: str | None
    """The site its URL names; None: decided by the worker (`cleaner.sites.pages.page_site`)."""
    text: str
    number: int
    text_added: bool = False
    """The record had no text field (only HTML): cleaning adds one."""
    html: str | None = None
    """The record's HTML, when it has no text: cleaned as a page, with the HTML rules."""
    folder: str = ""
    """Its file's folder (`cleaner.sites.pages.file_site`), whose groups a record with no site may join..."""
    sub_folder: str | None = None
    """...unless the file sits in an input sub-folder, the site of its records without one."""


class Worker:
    """Cleans one source; built once per process so the rules load their data once."""

    def __init__(
        self, options: Options, rules: Sequence[Rule] | None = None, model: TemplateModel | None = None, read_ahead: ReadAhead | None = None
    ) -> None:
        self.options = options
        self.read_ahead = read_ahead
        """Inputs the learn pass parsed, taken instead of parsing them again."""
        if rules is None:
            rules = options.rules if options.rules is not None else preset_rules(options.preset)
        self.rules = tuple(rules)
        self.template = replace(options.template, model=model) if model is not None and options.template else None
        self._prepared: dict[Path, tuple[Parsed, Prepared]] = {}
        """Text inputs of the read-ahead whose cleaning has begun (`prepare`), with the parse it began from."""

    def prepare(self, budget: int, stop: Callable[[], bool] | None = None) -> None:
        """Begin cleaning the text inputs the read-ahead holds, in order, up to `budget` bytes
        of them or until `stop()`, with what needs no site model (`cleaner.engine.pipeline.prepare_text`):
        a worker process does it while the parent makes the model, which it would otherwise wait for idle."""
        if self.read_ahead is None or self.options.keep.patterns:
            return  # a keep-list's shield narrows the first verdicts: none are found early
        for path, parsed in self.read_ahead.held():
            if budget <= 0 or (stop is not None and stop()):
                break
            if parsed.read.page is None and path not in self._prepared:
                budget -= parsed.size
                self._prepared[path] = (parsed, prepare_text(parsed.read.text, self.rules, parsed.normalised))

    def learned(self, model: TemplateModel) -> None:
        """Clean with TP01 bound to `model`, which the learn pass made after this worker was built."""
        self.template = replace(self.options.template, model=model) if self.options.template else None

    def count(self, sources: Sequence[Source], on_read: Callable[[int], None] | None = None) -> list[LineTally]:
        """The learn pass over `sources` (`cleaner.sites.pages.count_pages`), keeping what it
        parsed in this worker's read-ahead for its clean pass."""
        return list(count_pages(sources, self.options.reading, None, on_read, self.read_ahead))

    def rules_for(self, site: str, text: str = "", page: Page | None = None, lines: dict[str, str] | None = None) -> tuple[Rule, ...]:
        """The run's rules, with the site-template rule bound to `site` and to the page
        (its original text, or parsed HTML; `lines`, its line keys if made) when the run learned one."""
        if self.template is None:
            return self.rules
        return with_site_template(self.rules, self.template.for_page(site, text, page, lines))

    def _site(
        self, url_host: str | None, page: Page | None, sub_folder: str | None, folder: str, text: str, lines: dict[str, str] | None = None
    ) -> tuple[str, dict[str, str] | None]:
        """The page's site (`cleaner.sites.pages.page_site`), and the template keys of its lines
        (`lines`, if the learn pass made them) when the page has them or finding its site
        needed them (a page of a flat folder), which TP01 then reuses."""
        if self.template is None:
            return page_site(url_host, page, sub_folder, folder, text, None), None
        if lines is None and not own_site(url_host, page, sub_folder):
            lines = line_keys(text)
        return page_site(url_host, page, sub_folder, folder, text, self.template.model, lines), lines

    def clean_record(self, record: RecordText) -> Outcome:
        """Clean one record's text; the clean text travels back in `Outcome.text`."""
        keep = self.options.keep
        parsed = None
        if record.html is not None:
            from cleaner.readers.dom import parse_page

            parsed = parse_page(record.html, keep.selectors)
        text = parsed.text() if parsed is not None else record.text
        site, lines = self._site(record.site, parsed, record.sub_folder, record.folder, text)
        rules = self.rules_for(site, text, parsed, lines)
        if parsed is not None:
            result = clean_page(parsed, rules, self.options.keep_structure, keep)
        else:
            result = self._reflowed(clean_text(record.text, rules, keep), rules)
        data, clean = result.original.encode("utf-8", "surrogatepass"), result.text.encode("utf-8", "surrogatepass")
        report = FileReport(
            input=record.label,
            output=record.output,
            sha256=_sha256(data),
            encoding="utf-8",
            output_sha256=_sha256(clean),
            output_encoding="utf-8",
            bytes_in=len(data),
            bytes_out=len(clean),
            removals=result.removals,
            record=record.number,
            text_added=record.text_added,
            kept=result.kept,
            **_assessed(result),
        )
        original = result.original if self.options.keep_original else None
        return Outcome(report, self._diff(result, record.label, record.output), text=result.text, original=original)

    def __call__(self, source: Source) -> Outcome:
        if source.error:
            return Outcome(FileReport(input=source.display, error=source.error))
        data: bytes | None = b""
        digest, size = None, 0
        mode = self.options.mode
        try:
            ahead = self._unchanged(source)
            if ahead is not None:
                data, digest, size = ahead.data, ahead.sha256, ahead.size
            else:
                data = _read(source)
                digest, size = _sha256(data), len(data)
                ahead = self._read_ahead(source, data, digest)
            keep = self.options.keep
            if ahead is not None:
                read = ahead.read
            else:
                read = read_document(data, replace(self.options.reading, keep_selectors=keep.selectors))
            html = read.page is not None
            lines = ahead.lines if ahead is not None else None
            site, lines = self._site(None, read.page, sub_folder_site(source), file_site(source), read.page_text, lines)
            rules = self.rules_for(site, read.page_text, read.page, lines)
            normalised = ahead.normalised if ahead is not None else None
            if read.page is not None:
                result = clean_page(read.page, rules, self.options.keep_structure, keep, normalised)
            else:
                result = self._reflowed(clean_text(read.text, rules, keep, normalised, self._prepared_for(source, ahead)), rules)
            target, encoding = self._target(source, read.encoding, html)
            if html:
                clean = encode_text(result.text, encoding)
                _check_restores(result, clean, encoding, None)
            else:
                assert data is not None  # a text input's bytes are kept with it
                clean = data if mode is Mode.IN_PLACE and not result.changed else encode_text(result.text, encoding)
                _check_restores(result, clean, encoding, (data, read.encoding))
        except InputError as error:
            return Outcome(FileReport(input=source.display, sha256=digest if size else None, bytes_in=size, error=str(error)))
        output = source.display if mode is Mode.CHECK else "<stdout>" if target is None else str(target)
        report = FileReport(
            input=source.display,
            output=output,
            sha256=digest,
            encoding=read.encoding,
            output_sha256=_sha256(clean),
            output_encoding=encoding,
            bytes_in=size,
            bytes_out=len(clean),
            removals=self._located(result, read),
            text_sha256=_sha256(result.original.encode("utf-8")) if html else None,
            empty=not result.original.strip(),
            warnings=_emptied(result) + read.warnings,
            kept=result.kept,
            **_assessed(result),
        )
        original = result.original if self.options.keep_original else None
        printed = clean if target is None and mode is not Mode.CHECK else None
        return Outcome(report, self._diff(result, source.display, output), self._output(source, target, clean, result), printed, original=original)

    def _reflowed(self, result: Result, rules: Sequence[Rule]) -> Result:
        """A text input's `result`, its broken lines joined when the run reflows."""
        if not self.options.reflow:
            return result
        from cleaner.engine.reflow import reflow

        keep = self.options.keep
        return reflow(result, lambda text: clean_text(text, rules, keep))

    def _unchanged(self, source: Source) -> Parsed | None:
        """The input as the learn pass read and parsed it, without reading it again, if the
        file has not changed since (`ReadAhead.unchanged`)."""
        if self.read_ahead is None or self.options.keep.selectors:
            return None  # the learn pass parses without the keep selectors
        # Locating removals in a page's markup decodes it again, from the bytes, which only a text input's keep.
        return self.read_ahead.unchanged(source.path, needs_bytes=self.options.locate_sources)

    def _prepared_for(self, source: Source, ahead: Parsed | None) -> Prepared | None:
        """The input's cleaning as `prepare` began it, if it began from the parse taken now."""
        entry = self._prepared.pop(source.path, None) if source.path is not None and self._prepared else None
        return entry[1] if entry is not None and entry[0] is ahead else None

    def _read_ahead(self, source: Source, data: bytes, digest: str) -> Parsed | None:
        """The input as the learn pass parsed it, if it kept it (`ReadAhead`)."""
        if self.read_ahead is None or self.options.keep.selectors:
            return None  # the learn pass parses without the keep selectors
        kept = self.read_ahead.take(source.path, digest)
        if kept is not None and self.options.locate_sources:
            return replace(kept, read=with_markup(kept.read, data, self.options.encoding))
        return kept

    def _located(self, result: Result, read: Input) -> tuple[Removal, ...]:
        if read.page is None or not self.options.locate_sources:
            return result.removals
        # Loaded with the first HTML page whose removals print: a text run never needs it.
        from cleaner.report.page_source import locate_removals

        return locate_removals(result.removals, read.page, read.markup, read.markup_line)

    def _diff(self, result: Result, before: str, after: str) -> str | Diff:
        # A check that prints no diff and writes no report never reads it: in a worker
        # process, where it would be made before it is sent back, it is not made at all.
        if not result.changed or not self.options.diffs:
            return ""
        return Diff(result, before, after)

    def _output(self, source: Source, target: Path | None, clean: bytes, result: Result) -> Output | None:
        """What to write for a file input: nothing in check mode, for standard input,
        or for an input cleaned in place that did not change."""
        mode = self.options.mode
        if target is None or mode is Mode.CHECK or (mode is Mode.IN_PLACE and not result.changed):
            return None
        if mode is Mode.IN_PLACE:
            assert source.path is not None
            return Output(target, clean, stat.S_IMODE(source.path.stat().st_mode), replaces_input=True)
        return Output(target, clean)

    def target(self, source: Source, html: bool = False) -> Path:
        """Where an input's clean text goes: OUT/<relative path> (`.txt` for an `.html` page),
        or the input itself (in place, or as the name a check reports)."""
        assert source.path is not None
        mode = self.options.mode
        if mode is Mode.CHECK:
            return source.path
        if mode is Mode.IN_PLACE:
            if html:
                raise InputError("is an HTML page; --in-place would replace its markup with text, so clean it with -o OUT")
            return source.path
        assert self.options.out is not None
        return self.options.out / source.output_relative

    def _target(self, source: Source, encoding: str, html: bool) -> tuple[Path | None, str]:
        """Where the clean text goes (None: standard output) and in which encoding.

        New files are UTF-8; a text file cleaned in place keeps its own encoding.
        """
        if source.path is None:
            return None, "utf-8"
        keeps_encoding = self.options.mode in (Mode.IN_PLACE, Mode.CHECK) and not html
        return self.target(source, html), encoding if keeps_encoding else "utf-8"


def _assessed(result: Result) -> dict[str, object]:
    """The report line's kept share, language and confidence for a cleaned input."""
    found = assess(result.original, result.text)
    return {"kept_share": found.kept_share, "language": found.language, "confidence": found.confidence}


def _check_restores(result: Result, clean: bytes, encoding: str, source: tuple[bytes, str] | None) -> None:
    """Refuse an input whose output the report could not turn back into it.

    `restore` decodes the clean bytes, puts the removals back and, for a text input,
    encodes the result in the input's encoding: each step is tried here, before
    anything is written.
    """
    if decode_text(clean, encoding) != result.text or not restores(result.text, result.removals, result.original):
        raise InputError(f"its clean text would not restore in {encoding}; nothing written")
    if source is not None:
        data, input_encoding = source
        if encode_text(result.original, input_encoding) != data:
            raise InputError(f"its bytes do not survive decoding as {input_encoding}, so the report could not restore them; nothing written")


def _emptied(result: Result) -> tuple[str, ...]:
    if result.original.strip() and not result.text.strip():
        return ("cleaning removed all of its text",)
    return ()





def _read(source: Source) -> bytes:
    if source.path is None:
        return sys.stdin.buffer.read()
    return read_bytes(source.path)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
