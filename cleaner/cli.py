"""The `cleaner` command: parses arguments, calls the library, prints. Nothing else."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cleaner.batch import Options, Outcome, UsageError, learn_run, run_clean
from cleaner.presets import Preset
from cleaner.profile import ProfileError, load_profile, save_profile
from cleaner.readers import MAX_LINE_CHARS, InputError, read_bytes
from cleaner.records import Fields
from cleaner.report import ExitCode, RestoreError, RunReport, read_report, rebuild_original

app = typer.Typer(
    help="Strip UI boilerplate from scraped web-page dumps and report every removal.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

PROGRESS_MIN_FILES = 20
"""Fewer files finish before a progress bar would be worth drawing."""


def _stderr() -> Console:
    # markup off: scraped text such as "[video]" must print as it is.
    return Console(stderr=True, markup=False, highlight=False, soft_wrap=True)


def _fail_usage(message: str) -> typer.Exit:
    _stderr().print(f"cleaner: error: {message}")
    return typer.Exit(ExitCode.USAGE)


@app.command()
def clean(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Files or folders to clean; - reads standard input.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder for the clean files and the report.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Overwrite the inputs (atomically).")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")] = 1,
    diff: Annotated[bool, typer.Option("--diff", help="Also print the unified diff to standard output.")] = False,
    report: Annotated[Optional[Path], typer.Option("--report", help="Report path (default OUT/cleaner-report.jsonl).")] = None,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Decode inputs with this encoding instead of detecting it.")] = None,
    max_line_chars: Annotated[int, typer.Option("--max-line-chars", min=1, help="Refuse files with a longer line.")] = MAX_LINE_CHARS,
    article: Annotated[bool, typer.Option("--article", help="Keep only the main article text (preset 'article').")] = False,
    profile: Annotated[Optional[Path], typer.Option("--profile", help="Use this site profile (from 'cleaner profile') instead of learning one.")] = None,
    text_field: Annotated[str, typer.Option("--text-field", help="JSON Lines: the field with the page text.")] = "text",
    html_field: Annotated[str, typer.Option("--html-field", help="JSON Lines: the field with the page HTML, used when there is no text.")] = "html",
    url_field: Annotated[str, typer.Option("--url-field", help="JSON Lines: the field with the page URL (its host is the site).")] = "url",
    id_field: Annotated[str, typer.Option("--id-field", help="JSON Lines: the field that names a record in messages.")] = "id",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Clean scraped dumps into OUT, mirroring the input tree, and write the removal report.

    Given a folder or a JSON Lines file, it first learns each site's template lines
    from all of its pages (rule TP01), unless --profile gives them.
    """
    if diff and "-" in paths:
        raise _fail_usage("--diff prints to standard output, which - already uses for the clean text")
    preset = Preset.ARTICLE if article else Preset.DEFAULT
    fields = Fields(text=text_field, html=html_field, url=url_field, id=id_field)
    options = Options(
        out=output, in_place=in_place, encoding=encoding, max_line_chars=max_line_chars, jobs=jobs, preset=preset, fields=fields
    )
    model = None
    if profile is not None:
        try:
            model = load_profile(profile)
        except ProfileError as error:
            raise _fail_usage(f"profile {_printable(str(profile))}: {error}") from None
    errors = _stderr()
    progress = _progress(quiet)

    def started(total: int) -> None:
        if progress is not None and total >= PROGRESS_MIN_FILES:
            progress.start()
            progress.add_task("cleaning", total=total)

    def done(outcome: Outcome) -> None:
        if outcome.report.error:
            errors.print(f"cleaner: {_printable(outcome.report.input)}: {outcome.report.error}")
        if outcome.clean is not None:
            sys.stdout.buffer.write(outcome.clean)
            sys.stdout.buffer.flush()
        if diff and outcome.diff:
            sys.stdout.buffer.write(outcome.diff.encode("utf-8", "backslashreplace"))
            sys.stdout.buffer.flush()
        if progress is not None and progress.tasks:
            progress.advance(progress.tasks[0].id)

    try:
        result = run_clean(paths, options, report, on_start=started, on_done=done, model=model)
    except UsageError as error:
        raise _fail_usage(str(error)) from None
    finally:
        if progress is not None:
            progress.stop()
    if not quiet:
        _print_summary(result)
    raise typer.Exit(result.exit_code)


@app.command("profile")
def profile_command(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Folders, files or JSON Lines files of one or more sites.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the profile (JSON).")],
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Decode inputs with this encoding instead of detecting it.")] = None,
    max_line_chars: Annotated[int, typer.Option("--max-line-chars", min=1, help="Skip files with a longer line.")] = MAX_LINE_CHARS,
    text_field: Annotated[str, typer.Option("--text-field", help="JSON Lines: the field with the page text.")] = "text",
    html_field: Annotated[str, typer.Option("--html-field", help="JSON Lines: the field with the page HTML.")] = "html",
    url_field: Annotated[str, typer.Option("--url-field", help="JSON Lines: the field with the page URL.")] = "url",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Learn each site's template lines from PATH... and save them, for 'cleaner clean --profile'."""
    options = Options(encoding=encoding, max_line_chars=max_line_chars, fields=Fields(text=text_field, html=html_field, url=url_field))
    try:
        model = learn_run(paths, options)
        save_profile(model, output)
    except UsageError as error:
        raise _fail_usage(str(error)) from None
    except OSError as error:
        raise _fail_usage(f"cannot write {_printable(str(output))}: {(error.strerror or str(error)).lower()}") from None
    if not quiet:
        lines = sum(len(v) for v in model.lines.values())
        _stderr().print(f"profile of {len(model.pages)} site(s), {sum(model.pages.values()):,} page(s), {lines:,} repeated line(s) written to {output}")


@app.command()
def restore(
    clean_file: Annotated[Path, typer.Argument(metavar="CLEAN", help="A clean file that cleaner wrote.")],
    report: Annotated[Path, typer.Argument(metavar="REPORT", help="The cleaner-report.jsonl of the run that wrote it.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Rebuild the original input, byte for byte, from a clean file and its report."""
    try:
        records = read_report(report.read_text(encoding="utf-8"))
        original, record = rebuild_original(read_bytes(clean_file), records, clean_file)
    except (OSError, InputError, RestoreError, ValueError, KeyError) as error:
        _stderr().print(f"cleaner: {_printable(str(clean_file))}: cannot restore: {error}")
        raise typer.Exit(ExitCode.INPUT_FAILED) from None
    if output is None:
        sys.stdout.buffer.write(original)
    else:
        output.write_bytes(original)
        _stderr().print(f"restored {record.input} ({len(original):,} bytes, checksum verified) to {output}")


def _printable(path: str) -> str:
    """The path with control characters escaped, so that an error stays on one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in path)


def _progress(quiet: bool) -> Progress | None:
    if quiet or not sys.stderr.isatty():
        return None
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )


def _print_summary(report: RunReport) -> None:
    console = Console(stderr=True, markup=False, highlight=False)
    processed = report.documents - len(report.failed)
    console.print(
        f"{processed} file(s) cleaned, {report.changed} changed, {len(report.failed)} failed; "
        f"{report.bytes_in:,} bytes in, {report.bytes_out:,} bytes out"
    )
    counts = report.counts()
    if not counts:
        return
    names = report.rule_names()
    table = Table("rule", "name", "removals", title="Removals per rule", title_justify="left")
    for code, count in counts.items():
        table.add_row(code, names[code], str(count))
    console.print(table)
