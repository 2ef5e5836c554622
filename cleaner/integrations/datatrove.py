"""A datatrove pipeline step that cleans each document's text and keeps every removal in its metadata.

    pipeline = [JsonlReader("scrape/"), CleanerFormatter(profile="site-profile.json"), JsonlWriter("clean/")]

Each document is cleaned as `cleaner clean` cleans a JSON Lines record with the same text
and URL (`cleaner.run.worker.Worker.clean_record`, the same code), so a corpus cleaned in
datatrove and one cleaned by the command are the same text. What went, and why, goes into
`doc.metadata["cleaner"]` as JSON-ready values, from which `restore_document` rebuilds the
text the step was given. Only this module imports datatrove (`pip install 'scrape-cleaner[datatrove]'`).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.writers.disk_base import DiskWriter
from datatrove.utils.typeshelper import StatHints
from loguru import logger

from cleaner.model.document import Removal
from cleaner.model.spans import restore_text, restores
from cleaner.readers.records import url_site
from cleaner.report.model import FileReport, RestoreError
from cleaner.run.options import Options
from cleaner.run.worker import RecordText, Worker
from cleaner.text import printable

__all__ = ["CleanerFormatter", "RestoreError", "restore_document"]

METADATA_KEY = "cleaner"
EMPTIED = "cleaned_empty"
"""The reason a document emptied by cleaning is dropped (`drop_emptied`): datatrove counts
it as `dropped_cleaned_empty` and writes it under `filter_reason` to the exclusion writer."""


class CleanerFormatter(PipelineStep):
    """Removes the UI boilerplate of each document's text, keeping every removal in its metadata.

    `preset` is "default" or "article" (`cleaner clean --article`); `select`, `ignore` and
    `extend_select` choose rules as the command's options of those names do, over the
    settings of `config` (a cleaner.toml or pyproject.toml, as `--config`). `profile` is a
    site profile from `cleaner profile` (or `cleaner profile merge`): the site-template rule
    TP01 then removes each site's template lines, the site being the host of
    `doc.metadata[url_key]`; without one TP01 does not run, since a streaming step cannot
    first count a site's pages. A document without a URL has no site unless `folder` names
    the folder whose pages without one the profile grouped by their shared lines, as
    `cleaner profile scrape/` groups those of "scrape". `html`: the documents' text is an
    HTML page, cleaned as the command cleans a record's `html` field; the markup is kept
    in the metadata.
    `drop_emptied` drops documents that cleaning emptied (counted, and written to
    `exclusion_writer` if given, as datatrove's filters do); by default they go on, empty.
    """

    name = "🧹 cleaner"
    type = "✂️ - FORMAT"

    def __init__(
        self,
        preset: str = "default",
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
        extend_select: Sequence[str] = (),
        config: str | Path | None = None,
        profile: str | Path | None = None,
        url_key: str = "url",
        folder: str | None = None,
        html: bool = False,
        metadata_key: str = METADATA_KEY,
        drop_emptied: bool = False,
        exclusion_writer: DiskWriter | None = None,
    ) -> None:
        super().__init__()
        self.preset = preset
        self.select = tuple(select) if select is not None else None
        self.ignore = tuple(ignore)
        self.extend_select = tuple(extend_select)
        self.config = str(config) if config is not None else None
        self.profile = str(profile) if profile is not None else None
        self.url_key = url_key
        self.folder = folder
        self.html = html
        self.metadata_key = metadata_key
        self.drop_emptied = drop_emptied
        self.exclusion_writer = exclusion_writer
        # A bad preset, selector or config fails here, where the pipeline is built, not in each task.
        _options(self.preset, self.select, self.ignore, self.extend_select, self.config)
        if self.profile is not None and not Path(self.profile).is_file():
            raise ValueError(f"cleaner: profile {printable(self.profile)}: no such file")
        self._worker: Worker | None = None
        """Built on first use, in the task that runs the step: the rules and the profile's model
        are never pickled with the pipeline (Slurm and the local executor's workers unpickle it)."""

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_worker"] = None
        return state

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as excluded:
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    emptied = self.clean_document(doc)
                if emptied and self.drop_emptied:
                    self.stat_update(StatHints.dropped, f"dropped_{EMPTIED}")
                    if excluded is not None:
                        doc.metadata["filter_reason"] = EMPTIED
                        excluded.write(doc, rank)
                    continue
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc

    def clean_document(self, doc: Document) -> bool:
        """Clean `doc` in place: its text, and the record of what went in its metadata.
        Returns whether cleaning emptied it (it had text, and has none left)."""
        earlier = doc.metadata.get(self.metadata_key)
        # A document this step cleaned from HTML holds text now: a second pass reads it as text.
        html = self.html and not _cleaned_from_html(earlier)
        url = doc.metadata.get(self.url_key)
        site = url_site(url) if isinstance(url, str) else None
        text, markup = ("", doc.text) if html else (doc.text, None)
        page = RecordText(printable(str(doc.id)), str(doc.id), site, text, 0, html, markup, self.folder or "")
        outcome = self.worker.clean_record(page)
        report, clean = outcome.report, outcome.text or ""
        if not _restores(clean, report, None if html else text):
            # Nothing is replaced that its record could not give back: the document goes on as
            # it was, and the log names it and the cause, as the command's message would.
            logger.warning(f"cleaner: document {printable(str(doc.id))}: its clean text would not restore; left as it was")
            self.stat_update("failed")
            return False
        if report.removals or html:
            record = _record(report, doc.text if html else None)
            if isinstance(earlier, dict):
                record["earlier"] = earlier  # cleaned before: `restore_document` undoes this pass, then that one
            doc.metadata[self.metadata_key] = record
            self.stat_update("changed")
            self.stat_update("removals", value=len(report.removals))
            self.stat_update("chars_removed", value=sum(len(r.text) for r in report.removals))
            for code, count in report.counts().items():
                self.stat_update(f"removed_{code}", value=count)
        elif earlier is None:
            doc.metadata[self.metadata_key] = _record(report, None)
        doc.text = clean
        # It had text if something visible was removed and nothing visible is left.
        emptied = not clean.strip() and any(not r.text.isspace() for r in report.removals)
        if emptied:
            self.stat_update("emptied")
        return emptied

    @property
    def worker(self) -> Worker:
        """The cleaner `cleaner clean` would use for these settings, built once per task."""
        if self._worker is None:
            model = None
            if self.profile is not None:
                from cleaner.sites.profile import load_profile

                model = load_profile(Path(self.profile))
            options = _options(self.preset, self.select, self.ignore, self.extend_select, self.config)
            self._worker = Worker(options, model=model)
        return self._worker


def restore_document(doc: Document, metadata_key: str = METADATA_KEY) -> str:
    """The text `doc` had before `CleanerFormatter` cleaned it (before the first of its passes),
    rebuilt from its clean text and the removals in its metadata, and checked against the
    checksum recorded there; RestoreError if they do not rebuild it."""
    text = doc.text
    record = doc.metadata.get(metadata_key)
    while isinstance(record, dict):
        removals = [Removal.from_dict(r) for r in record["removals"]]
        try:
            text = restore_text(text, removals)
        except ValueError as error:
            raise RestoreError(f"document {printable(str(doc.id))}: {error}") from None
        if _sha256(text) != record["sha256"]:
            raise RestoreError(f"document {printable(str(doc.id))}: rebuilt text does not match the checksum in its metadata")
        if "html" in record:
            text = record["html"]  # the page's text is back; the markup it was read from was kept whole
        record = record.get("earlier")
    return text


def _options(preset: str, select: tuple[str, ...] | None, ignore: tuple[str, ...], extend_select: tuple[str, ...], config: str | None) -> Options:
    """The options `cleaner clean` builds for the same preset, selection and config file."""
    from cleaner.config import ConfigError, Settings, load_config
    from cleaner.rules.presets import Preset, configured_rules
    from cleaner.rules.selection import SelectionError

    if preset not in {p.value for p in Preset}:
        raise ValueError(f"cleaner: preset must be one of {', '.join(p.value for p in Preset)}, not {preset!r}")
    chosen = Preset(preset)
    try:
        settings = load_config(Path(config)) if config is not None else Settings()
        settings = settings.merged(Settings(select=select, ignore=ignore, extend_select=extend_select))
        rules, template = configured_rules(chosen, settings)
        keep = settings.keep_list()
    except (ConfigError, SelectionError) as error:
        raise ValueError(f"cleaner: {error}") from None
    # No diffs: nothing prints them, and a record's diff would be made for nothing.
    return Options(preset=chosen, rules=rules, template=template, keep=keep, diffs=False)


def _record(report: FileReport, markup: str | None) -> dict[str, Any]:
    """What the metadata keeps of one pass: the removals as the report writes them (rule code
    and name, reason, text, offsets and line in the text the pass was given), the checksum of
    that text, the counts by rule and the report's assessment of what is left."""
    record: dict[str, Any] = {
        "sha256": report.sha256,
        "counts": report.counts(),
        "removals": [removal.to_dict() for removal in report.removals],
        "kept_share": report.kept_share,
        "language": report.language,
        "confidence": report.confidence,
    }
    if report.kept:
        record["kept"] = [kept.to_dict() for kept in report.kept]
    if markup is not None:
        record["html"] = markup
    return record


def _restores(clean: str, report: FileReport, original: str | None) -> bool:
    """Whether the clean text and the removals rebuild the text cleaned: `original`, when the
    caller has it (compared in place by the compiled kernel), else by its checksum, as
    `restore_document` will check."""
    if original is not None:
        return restores(clean, report.removals, original)
    try:
        return _sha256(restore_text(clean, report.removals)) == report.sha256
    except ValueError:
        return False


def _cleaned_from_html(record: object) -> bool:
    while isinstance(record, dict):
        if "html" in record:
            return True
        record = record.get("earlier")
    return False


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
