"""Cleaning one input: a file, standard input or a JSON Lines record's text, in this process or a worker."""

from __future__ import annotations

import hashlib
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from cleaner.diff import unified_diff
from cleaner.dom import Page as HtmlPage
from cleaner.dom import parse_page
from cleaner.html import read_input
from cleaner.options import Options
from cleaner.output import write_atomic
from cleaner.pipeline import Result, clean_page, clean_text
from cleaner.presets import preset_rules
from cleaner.readers import InputError, Source, read_bytes
from cleaner.report import FileReport
from cleaner.rules import Rule, with_site_template
from cleaner.rules.template import TemplateModel
from cleaner.sites import file_site, page_site, sub_folder_site


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
    site: str | None
    """The site its URL names; None: decided by the worker (`cleaner.sites.page_site`)."""
    text: str
    number: int
    text_added: bool = False
    """The record had no text field (only HTML): cleaning adds one."""
    html: str | None = None
    """The record's HTML, when it has no text: cleaned as a page, with the HTML rules."""
    folder: str = ""
    """Its file's folder (`cleaner.sites.file_site`), whose groups a record with no site may join..."""
    sub_folder: str | None = None
    """...unless the file sits in an input sub-folder, the site of its records without one."""


class Worker:
    """Cleans one source; built once per process so the rules load their data once."""

    def __init__(self, options: Options, rules: Sequence[Rule] | None = None, model: TemplateModel | None = None) -> None:
        self.options = options
        if rules is None:
            rules = options.rules if options.rules is not None else preset_rules(options.preset)
        self.rules = tuple(rules)
        self.template = replace(options.template, model=model) if model is not None and options.template else None

    def rules_for(self, site: str, text: str = "", page: HtmlPage | None = None) -> tuple[Rule, ...]:
        """The run's rules, with the site-template rule bound to `site` and to the page
        (its original text, or parsed HTML) when the run learned one."""
        if self.template is None:
            return self.rules
        return with_site_template(self.rules, self.template.for_page(site, text, page))

    def _site(self, url_host: str | None, page: HtmlPage | None, sub_folder: str | None, folder: str, text: str) -> str:
        return page_site(url_host, page, sub_folder, folder, text, self.template.model if self.template is not None else None)

    def clean_page(self, page: Page) -> Outcome:
        """Clean one record's text; the clean text travels back in `Outcome.text`."""
        parsed = parse_page(page.html) if page.html is not None else None
        text = parsed.text() if parsed is not None else page.text
        rules = self.rules_for(self._site(page.site, parsed, page.sub_folder, page.folder, text), text, parsed)
        if parsed is not None:
            result = clean_page(parsed, rules, self.options.keep_structure)
        else:
            result = clean_text(page.text, rules)
        data, clean = result.original.encode("utf-8", "surrogatepass"), result.text.encode("utf-8", "surrogatepass")
        report = FileReport(
            input=page.label,
            output=page.output,
            sha256=_sha256(data),
            encoding="utf-8",
            output_sha256=_sha256(clean),
            output_encoding="utf-8",
            bytes_in=len(data),
            bytes_out=len(clean),
            removals=result.removals,
            record=page.number,
            text_added=page.text_added,
        )
        original = result.original if self.options.keep_original else None
        return Outcome(report, _diff(result, page.label, page.output), text=result.text, original=original)

    def __call__(self, source: Source) -> Outcome:
        if source.error:
            return Outcome(FileReport(input=source.display, error=source.error))
        data = b""
        try:
            data = _read(source)
            read = read_input(data, self.options.encoding, self.options.max_line_chars)
            html = read.page is not None
            site = self._site(None, read.page, sub_folder_site(source), file_site(source), read.page_text)
            rules = self.rules_for(site, read.page_text, read.page)
            result = clean_page(read.page, rules, self.options.keep_structure) if read.page else clean_text(read.text, rules)
            input_encoding = read.encoding
            target, encoding = self._target(source, input_encoding, html)
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
            encoding=input_encoding,
            output_sha256=_sha256(clean),
            output_encoding=encoding,
            bytes_in=len(data),
            bytes_out=len(clean),
            removals=result.removals,
            text_sha256=_sha256(result.original.encode("utf-8")) if html else None,
        )
        original = result.original if self.options.keep_original else None
        printed = clean if target is None and not self.options.check else None
        return Outcome(report, _diff(result, source.display, output), printed, original=original)

    def target(self, source: Source, html: bool = False) -> Path:
        """Where an input's clean text goes: OUT/<relative path> (`.txt` for an `.html` page),
        or the input itself (in place, or as the name a check reports)."""
        assert source.path is not None
        if self.options.check:
            return source.path
        if self.options.in_place:
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
        keeps_encoding = (self.options.in_place or self.options.check) and not html
        return self.target(source, html), encoding if keeps_encoding else "utf-8"


def _diff(result: Result, before: str, after: str) -> str:
    return unified_diff(result.original, result.text, result.removals, before, after) if result.changed else ""


def _read(source: Source) -> bytes:
    if source.path is None:
        return sys.stdin.buffer.read()
    return read_bytes(source.path)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_installed: Worker | None = None


def install(worker: Worker) -> None:
    # Each worker process keeps one Worker, so rule data is loaded once per process.
    global _installed
    _installed = worker


def run_installed(source: Source) -> Outcome:
    assert _installed is not None
    return _installed(source)


def clean_installed(page: Page) -> Outcome:
    assert _installed is not None
    return _installed.clean_page(page)
