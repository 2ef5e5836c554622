"""What a run shows on the terminal while it goes and when it ends: progress bars, --verbose lines, the summary.

Everything goes to standard error, so that standard output carries only what was asked
for (clean text, a diff, findings). Scraped text is printed with markup off and escaped.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cleaner.readers.files import Source
from cleaner.report.model import RunReport
from cleaner.run.batch import Hooks
from cleaner.run.worker import Outcome
from cleaner.sites.model import TemplateModel
from cleaner.sites.pages import stored_size
from cleaner.text import plural, printable

if TYPE_CHECKING:
    # rich is imported where it draws: a quiet run, or one whose standard error is no
    # terminal and that fails nothing, never loads it.
    from rich.console import Console
    from rich.progress import Task, TaskID

PROGRESS_MIN_FILES = 20
"""Fewer files finish before a progress bar would be worth drawing."""
PROGRESS_MIN_BYTES = 5_000_000
"""A learn pass or JSON Lines file smaller than this is read before a bar would be worth drawing."""
VERBOSE_SITES = 20
"""Sites --verbose names one by one; the rest are counted."""


def stderr_console(styled: bool = True) -> Console:
    """A console for messages: markup off, since scraped text such as "[video]" must print as it
    is; one line each, whatever the terminal's width, for scripts that read them. Unstyled, it
    writes no escape sequence at all, even where FORCE_COLOR asks for them."""
    from rich.console import Console

    return Console(
        stderr=True, markup=False, highlight=False, soft_wrap=True,
        no_color=not styled, color_system="auto" if styled else None,
    )


class RunProgress:
    """Progress bars for the learn pass (bytes read), the files cleaned, and the records of
    JSON Lines files (records, records per second, bytes of the file read: compressed, for gzip).

    One rich Progress holds them all (a console shows one live display at a time); each
    bar writes its own counts into its `counts` field, in its own unit."""

    def __init__(self, check: bool) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.verb = "checking" if check else "cleaning"
        self.bars = Progress(
            TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[counts]}"), TimeRemainingColumn(),
            console=Console(stderr=True), transient=True,
        )
        self._learn: TaskID | None = None
        self._files: TaskID | None = None
        self._records: TaskID | None = None
        self._records_done = 0
        self._position: dict[str, int] = {}

    def hooks(self) -> Hooks:
        """What draws the bars as the run goes."""

        def learning(total: int) -> None:
            if total >= PROGRESS_MIN_BYTES:
                self._learn = self._add("learning site templates", total)

        def learn_read(count: int) -> None:
            if self._learn is not None:
                self._advance(self._learn, count, "")

        def learned(model: TemplateModel) -> None:
            if self._learn is not None:
                self.bars.remove_task(self._learn)
                self._learn = None

        def cleaning(sources: Sequence[Source]) -> None:
            files = [s for s in sources if not s.holds_records]
            if len(files) >= PROGRESS_MIN_FILES:
                self._files = self._add(f"{self.verb} files", len(files))
                self.bars.update(self._files, counts=f"0/{len(files):,} files")
            size = stored_size([s for s in sources if s.holds_records])
            if size >= PROGRESS_MIN_BYTES:
                self._records = self._add(f"{self.verb} records", size)

        def finished(outcome: Outcome) -> None:
            if outcome.position is None and self._files is not None:
                self.bars.advance(self._files)
                task = self._task(self._files)
                self.bars.update(self._files, counts=f"{task.completed:,.0f}/{task.total:,.0f} files")
            elif outcome.position is not None and self._records is not None:
                self._record_done(self._records, outcome)

        return Hooks(learning=learning, learn_read=learn_read, learned=learned, cleaning=cleaning, done=finished)

    def _add(self, description: str, total: int) -> TaskID:
        if not self.bars.live.is_started:
            self.bars.start()
        return self.bars.add_task(description, total=total, counts="")

    def _advance(self, task: TaskID, count: int, extra: str) -> None:
        self.bars.advance(task, count)
        done = self._task(task)
        read = f"{_megabytes(done.completed)}/{_megabytes(done.total or 0)} MB read"
        self.bars.update(task, counts=f"{read}{extra}")

    def _record_done(self, task: TaskID, outcome: Outcome) -> None:
        assert outcome.position is not None
        # A record's input is "FILE:LINE (id ID)": progress is how far into its file the reader is.
        file = outcome.report.input.rsplit(f":{outcome.report.record}", 1)[0]
        self._records_done += 1
        elapsed = self._task(task).elapsed or 0.0
        rate = f", {self._records_done / elapsed:,.0f} records/s" if elapsed > 0 else ""
        step = max(0, outcome.position - self._position.get(file, 0))
        self._position[file] = max(outcome.position, self._position.get(file, 0))
        self._advance(task, step, f", {plural(self._records_done, 'record')}{rate}")

    def _task(self, task: TaskID) -> Task:
        # Progress.tasks lists the tasks still shown, so a task's place in it is not its id.
        return next(shown for shown in self.bars.tasks if shown.id == task)

    def stop(self) -> None:
        self.bars.stop()


def progress_for(check: bool, quiet: bool) -> RunProgress | None:
    """Bars only where someone watches: on a terminal, unless --quiet."""
    if quiet or not sys.stderr.isatty():
        return None
    return RunProgress(check)


def verbose_hooks(console: Console) -> Hooks:
    """--verbose: what was found and read, and which sites the learn pass saw."""

    def found(sources: Sequence[Source]) -> None:
        failed = sum(1 for s in sources if s.error)
        records = sum(s.holds_records for s in sources)
        console.print(
            f"cleaner: found {plural(len(sources), 'input')} ({plural(records, 'JSON Lines file')}, {failed:,} unreadable)"
        )

    def learned(model: TemplateModel) -> None:
        pages = sum(model.pages.values())
        console.print(f"cleaner: learn pass: {plural(pages, 'page')} of {plural(len(model.pages), 'site')}")
        ranked = sorted(model.pages.items(), key=lambda item: (-item[1], item[0]))
        for site, count in ranked[:VERBOSE_SITES]:
            template = sum(1 for seen in model.lines.get(site, {}).values() if seen >= 2)
            console.print(f"cleaner:   site {printable(site)}: {plural(count, 'page')}, {plural(template, 'repeated line')}")
        if len(ranked) > VERBOSE_SITES:
            console.print(f"cleaner:   ... and {plural(len(ranked) - VERBOSE_SITES, 'more site')}")

    def done(outcome: Outcome) -> None:
        report = outcome.report
        if report.error:
            return  # printed as an error already
        encoding = f", {report.encoding}" if report.encoding else ""
        console.print(f"cleaner: read {printable(report.input)} ({plural(report.bytes_in, 'byte')}{encoding}): {plural(len(report.removals), 'removal')}")

    return Hooks(found=found, learned=learned, done=done)


def print_summary(report: RunReport, styled: bool) -> None:
    """The run in one line (what was counted, in its own unit), what to look at, removals per rule."""
    console = stderr_console(styled)
    failed_records = sum(1 for failure in report.failed if failure.record is not None)
    records = report.records - failed_records
    files = report.documents - report.records - (len(report.failed) - failed_records)
    taken = " and ".join(
        [plural(files, "file")] * bool(files or not records) + [plural(records, "JSON Lines record")] * bool(records)
    )
    verb = "would change" if report.check else "changed"
    extras = "".join(
        f", {count:,} {label}" for count, label in ((report.empty, "empty"), (report.warned, "with warnings")) if count
    )
    console.print(
        f"{taken} {'checked' if report.check else 'cleaned'}: {report.changed:,} {verb}{extras}, {len(report.failed):,} failed; "
        f"{plural(report.bytes_in, 'byte')} in, {plural(report.bytes_out, 'byte')} out"
    )
    for listed in report.listed:
        notes = ["empty"] if listed.empty else list(listed.warnings)
        console.print(f"  {printable(listed.input)}: {'; '.join(notes)}")
    unlisted = report.empty + report.warned - len(report.listed)
    if unlisted > 0:
        console.print(f"  ... and {unlisted:,} more in the report")
    counts = report.counts()
    if not counts:
        return
    from rich.table import Table

    names = report.rule_names()
    table = Table("rule", "name", "removals", title="Removals per rule", title_justify="left")
    if not styled:
        table.header_style = table.title_style = ""
    for code, count in counts.items():
        table.add_row(code, names[code], f"{count:,}")
    console.print(table)


def _megabytes(count: float) -> str:
    return f"{count / 1e6:,.1f}"


