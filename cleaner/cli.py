"""The `cleaner` command: parses arguments, calls the library, prints. Nothing else."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from cleaner import formats
from cleaner.batch import Options, Outcome, UsageError, learn_run, run_clean
from cleaner.diff import colour_diff
from cleaner.formats import OutputFormat, Printer
from cleaner.html_report import ReportedFile, write_report
from cleaner.output import os_cause
from cleaner.config import ConfigError, Settings, load_settings
from cleaner.presets import Preset, configured_rules
from cleaner.profile import ProfileError, load_profile, save_profile
from cleaner.readers import MAX_LINE_CHARS, InputError, read_bytes
from cleaner.record_run import rebuild_records
from cleaner.records import Fields, JsonlWriter, is_jsonl
from cleaner.report import ExitCode, RestoreError, RunReport, read_report, rebuild_original
from cleaner.rule_docs import ListingFormat, explain_record, explain_text, rule_record
from cleaner.rules import catalogue
from cleaner.stopping import Interrupted, stop_on_signals
from cleaner.text import printable

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
    _stderr().print(f"cleaner: error: {printable(message)}")
    return typer.Exit(ExitCode.USAGE)


# Options that clean and check share, declared once.
Paths = Annotated[list[str], typer.Argument(metavar="PATH", help="Files or folders; - reads standard input.")]
Jobs = Annotated[int, typer.Option("--jobs", "-j", min=1, help="Worker processes.")]
ShowDiff = Annotated[bool, typer.Option("--diff", help="Also print the unified diff to standard output.")]
Encoding = Annotated[Optional[str], typer.Option("--encoding", help="Decode inputs with this encoding instead of detecting it.")]
MaxLineChars = Annotated[int, typer.Option("--max-line-chars", min=1, help="Refuse files with a longer line.")]
Article = Annotated[bool, typer.Option("--article", help="Keep only the main article text (preset 'article').")]
KeepStructure = Annotated[bool, typer.Option("--keep-structure", help="HTML inputs: keep headings (##) and list items (-) as light markdown.")]
SiteProfile = Annotated[Optional[Path], typer.Option("--profile", help="Use this site profile (from 'cleaner profile') instead of learning one.")]
TextField = Annotated[str, typer.Option("--text-field", help="JSON Lines: the field with the page text.")]
HtmlField = Annotated[str, typer.Option("--html-field", help="JSON Lines: the field with the page HTML, used when there is no text.")]
UrlField = Annotated[str, typer.Option("--url-field", help="JSON Lines: the field with the page URL (its host is the site).")]
IdField = Annotated[str, typer.Option("--id-field", help="JSON Lines: the field that names a record in messages.")]
Format = Annotated[Optional[OutputFormat], typer.Option("--output-format", help="How findings print: concise (the default: a line per removal, under check only unless asked for), full (also the removed text), json, jsonl or github (annotations). text is the old name of the default.")]
Statistics = Annotated[bool, typer.Option("--statistics", help="Print removals per rule: count, code, name.")]
Color = Annotated[Optional[bool], typer.Option("--color/--no-color", help="Colour the diff (default: on a terminal, unless NO_COLOR is set).")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]
Select = Annotated[Optional[list[str]], typer.Option("--select", help="Rules to run, by code, prefix or name (comma-separated; replaces the config's).")]
Ignore = Annotated[Optional[list[str]], typer.Option("--ignore", help="Rules not to run (comma-separated; added to the config's).")]
ExtendSelect = Annotated[Optional[list[str]], typer.Option("--extend-select", help="Rules to run on top of the selection.")]
ReportHtml = Annotated[Optional[Path], typer.Option("--report-html", help="Also write a self-contained HTML page showing each input with its removals highlighted.")]
ConfigFile = Annotated[Optional[Path], typer.Option("--config", help="Read settings from this file instead of the cleaner.toml or pyproject.toml found above the inputs.")]
Exclude = Annotated[Optional[list[str]], typer.Option("--exclude", metavar="PATTERN", help="Files and folders a folder walk leaves out (comma-separated globs; replace the config's and the default excludes).")]
ExtendExclude = Annotated[Optional[list[str]], typer.Option("--extend-exclude", metavar="PATTERN", help="Globs to leave out on top of the excludes.")]
ForceExclude = Annotated[Optional[bool], typer.Option("--force-exclude/--no-force-exclude", help="Apply the excludes to files named on the command line too (as pre-commit names them).")]


@app.command()
def clean(
    paths: Paths,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder for the clean files and the report.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Overwrite the inputs (atomically).")] = False,
    report: Annotated[Optional[Path], typer.Option("--report", help="Report path (default OUT/cleaner-report.jsonl).")] = None,
    jobs: Jobs = 1,
    diff: ShowDiff = False,
    encoding: Encoding = None,
    max_line_chars: MaxLineChars = MAX_LINE_CHARS,
    article: Article = False,
    keep_structure: KeepStructure = False,
    profile: SiteProfile = None,
    text_field: TextField = "text",
    html_field: HtmlField = "html",
    url_field: UrlField = "url",
    id_field: IdField = "id",
    output_format: Format = None,
    statistics: Statistics = False,
    color: Color = None,
    select: Select = None,
    ignore: Ignore = None,
    extend_select: ExtendSelect = None,
    config: ConfigFile = None,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    force_exclude: ForceExclude = None,
    report_html: ReportHtml = None,
    quiet: Quiet = False,
) -> None:
    """Clean scraped dumps into OUT, mirroring the input tree, and write the removal report.

    HTML inputs (recognised by their content) are cleaned into text files named
    like the page with a .txt suffix; the report names each removal's element.

    Given a folder or a JSON Lines file, it first learns each site's template lines
    from all of its pages (rule TP01), unless --profile gives them.
    """
    fields = Fields(text=text_field, html=html_field, url=url_field, id=id_field)
    selection = _command_line(select, ignore, extend_select, exclude, extend_exclude, force_exclude, output_format)
    options, output_format = _configure(paths, config, article, selection, fields)
    if "-" in paths and (diff or output_format not in (None, OutputFormat.TEXT)):
        raise _fail_usage("--diff and --output-format print to standard output, which - already uses for the clean text")
    options = replace(
        options, out=output, in_place=in_place, encoding=encoding, max_line_chars=max_line_chars, jobs=jobs,
        keep_structure=keep_structure, report_html=report_html,
    )
    _run(paths, options, report, profile, output_format, diff=diff, statistics=statistics, color=color, quiet=quiet)


@app.command()
def check(
    paths: Paths,
    jobs: Jobs = 1,
    diff: ShowDiff = False,
    encoding: Encoding = None,
    max_line_chars: MaxLineChars = MAX_LINE_CHARS,
    article: Article = False,
    keep_structure: KeepStructure = False,
    profile: SiteProfile = None,
    text_field: TextField = "text",
    html_field: HtmlField = "html",
    url_field: UrlField = "url",
    id_field: IdField = "id",
    output_format: Format = None,
    statistics: Statistics = False,
    color: Color = None,
    select: Select = None,
    ignore: Ignore = None,
    extend_select: ExtendSelect = None,
    config: ConfigFile = None,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    force_exclude: ForceExclude = None,
    report_html: ReportHtml = None,
    quiet: Quiet = False,
) -> None:
    """Report what clean would remove, and write nothing but the --report-html page if asked.

    Exit code 0: nothing would change; 1: some input would change; 123: an input
    could not be read; 2: bad command line or configuration.
    """
    fields = Fields(text=text_field, html=html_field, url=url_field, id=id_field)
    selection = _command_line(select, ignore, extend_select, exclude, extend_exclude, force_exclude, output_format)
    options, output_format = _configure(paths, config, article, selection, fields)
    options = replace(
        options, encoding=encoding, max_line_chars=max_line_chars, jobs=jobs, check=True, keep_structure=keep_structure,
        report_html=report_html,
    )
    _run(paths, options, None, profile, output_format, diff=diff, statistics=statistics, color=color, quiet=quiet)


def _configure(paths: list[str], config: Path | None, article: bool, cli: Settings, fields: Fields) -> tuple[Options, OutputFormat | None]:
    """What clean and check share: the config file's settings with the command line's (`cli`) on
    top, the rules and files they choose, and the output format (None: not chosen)."""
    preset = Preset.ARTICLE if article else Preset.DEFAULT
    try:
        settings = load_settings(paths, config).merged(cli)
        rules, template = configured_rules(preset, settings)
    except ConfigError as error:
        raise _fail_usage(str(error)) from None
    options = Options(preset=preset, fields=fields, rules=rules, template=template, files=settings.file_filter())
    if settings.output_format == OutputFormat.TEXT.value:
        _stderr().print('cleaner: warning: output format "text" is deprecated; it is the default, "concise"')
    return options, OutputFormat(settings.output_format) if settings.output_format else None


def _command_line(
    select: list[str] | None,
    ignore: list[str] | None,
    extend_select: list[str] | None,
    exclude: list[str] | None,
    extend_exclude: list[str] | None,
    force_exclude: bool | None,
    output_format: OutputFormat | None = None,
) -> Settings:
    """The settings given on the command line, to be merged over the config file's."""
    return Settings(
        select=_selectors(select) if select is not None else None,
        ignore=_selectors(ignore),
        extend_select=_selectors(extend_select),
        exclude=_selectors(exclude) if exclude is not None else None,
        extend_exclude=_selectors(extend_exclude),
        force_exclude=force_exclude,
        output_format=output_format.value if output_format else None,
    )


def _selectors(values: list[str] | None) -> tuple[str, ...]:
    """`--ignore UI01,UI02 --ignore WS` as one tuple (also `--exclude`, as in ruff)."""
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def _run(
    paths: list[str],
    options: Options,
    report: Path | None,
    profile: Path | None,
    output_format: OutputFormat | None,
    *,
    diff: bool,
    statistics: bool,
    color: bool | None,
    quiet: bool,
) -> None:
    """What clean and check share: run, print as the run goes, summarise, exit."""
    model = None
    if profile is not None:
        try:
            model = load_profile(profile)
        except ProfileError as error:
            raise _fail_usage(f"profile {printable(str(profile))}: {error}") from None
    errors = _stderr()
    progress = _progress(quiet)
    printer = Printer(output_format or OutputFormat.CONCISE, sys.stdout, check=options.check, chosen=output_format is not None)
    colour = _colour(color)
    # The HTML page shows each input whole, so the run hands the originals back for it.
    report_html = options.report_html
    shown: list[ReportedFile] | None = [] if report_html else None
    if shown is not None:
        options = replace(options, keep_original=True)

    def started(total: int) -> None:
        if progress is not None and total >= PROGRESS_MIN_FILES:
            progress.start()
            progress.add_task("checking" if options.check else "cleaning", total=total)

    def done(outcome: Outcome) -> None:
        if outcome.report.error:
            errors.print(printable(f"cleaner: {outcome.report.input}: {outcome.report.error}"))
        if outcome.clean is not None:
            sys.stdout.buffer.write(outcome.clean)
            sys.stdout.buffer.flush()
        if diff and outcome.diff:
            text = colour_diff(outcome.diff) if colour else outcome.diff
            sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
            sys.stdout.buffer.flush()
        printer.file_done(outcome.report)
        if shown is not None:
            shown.append(ReportedFile(outcome.report.input, outcome.original, outcome.report.removals, outcome.report.error))
        if progress is not None and progress.tasks:
            progress.advance(progress.tasks[0].id)

    try:
        with stop_on_signals():
            result = run_clean(paths, options, report, on_start=started, on_done=done, model=model)
    except UsageError as error:
        raise _fail_usage(str(error)) from None
    except Interrupted as stop:
        # Stopped before cleaning began (in the learn pass): nothing was written.
        errors.print(f"cleaner: {stop}; nothing was written")
        raise typer.Exit(stop.exit_code) from None
    finally:
        if progress is not None:
            progress.stop()
    printer.finish(result)
    if report_html is not None and shown is not None:
        try:
            write_report(report_html, shown, title=f"cleaner {'check' if options.check else 'clean'}: {' '.join(paths)}")
        except OSError as error:
            errors.print(f"cleaner: cannot write {printable(str(report_html))}: {os_cause(error)}")
            raise typer.Exit(ExitCode.INPUT_FAILED) from None
    if statistics:
        stream = sys.stdout if output_format not in (OutputFormat.JSON, OutputFormat.JSONL) else sys.stderr
        stream.write("".join(line + "\n" for line in formats.statistics(result)))
    if not quiet:
        _print_summary(result)
    if result.interrupted:
        errors.print(f"cleaner: {result.interrupted}; stopped after {result.documents:,} input(s), every output written is in the report")
    raise typer.Exit(result.exit_code)


ListingOutput = Annotated[ListingFormat, typer.Option("--output-format", help="text for people, or json.")]


@app.command("rules")
def rules_command(output_format: ListingOutput = ListingFormat.TEXT) -> None:
    """List every rule: code, name and what it removes (json: also its settings and their defaults)."""
    if output_format is ListingFormat.JSON:
        sys.stdout.write(json.dumps([rule_record(rule) for rule in catalogue()], ensure_ascii=False, indent=1) + "\n")
        return
    table = Table("code", "name", "removes", box=None, show_edge=False)
    for rule in catalogue():
        table.add_row(rule.code, rule.name, rule.description)
    Console(markup=False, highlight=False, soft_wrap=True).print(table)


@app.command()
def explain(
    rule: Annotated[str, typer.Argument(metavar="CODE|NAME", help="A rule's code (UI01) or name (ui-phrase).")],
    output_format: ListingOutput = ListingFormat.TEXT,
) -> None:
    """Print what a rule removes, why, an example, what it must keep, and its settings with
    their defaults and ranges, as a table to paste into pyproject.toml."""
    found = next((r for r in catalogue() if rule.upper() == r.code or rule.lower() == r.name), None)
    if found is None:
        known = ", ".join(f"{r.code} {r.name}" for r in catalogue())
        raise _fail_usage(f"unknown rule {rule!r} (known: {known})")
    if output_format is ListingFormat.JSON:
        sys.stdout.write(json.dumps(explain_record(found), ensure_ascii=False, indent=1) + "\n")
        return
    sys.stdout.write(explain_text(found))


@app.command("profile")
def profile_command(
    paths: Annotated[list[str], typer.Argument(metavar="PATH", help="Folders, files or JSON Lines files of one or more sites.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the profile (JSON).")],
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Decode inputs with this encoding instead of detecting it.")] = None,
    max_line_chars: Annotated[int, typer.Option("--max-line-chars", min=1, help="Skip files with a longer line.")] = MAX_LINE_CHARS,
    text_field: Annotated[str, typer.Option("--text-field", help="JSON Lines: the field with the page text.")] = "text",
    html_field: Annotated[str, typer.Option("--html-field", help="JSON Lines: the field with the page HTML.")] = "html",
    url_field: Annotated[str, typer.Option("--url-field", help="JSON Lines: the field with the page URL.")] = "url",
    config: ConfigFile = None,
    exclude: Exclude = None,
    extend_exclude: ExtendExclude = None,
    force_exclude: ForceExclude = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
) -> None:
    """Learn each site's template lines from PATH... and save them, for 'cleaner clean --profile'."""
    try:
        files = load_settings(paths, config).merged(_command_line(None, None, None, exclude, extend_exclude, force_exclude)).file_filter()
    except ConfigError as error:
        raise _fail_usage(str(error)) from None
    fields = Fields(text=text_field, html=html_field, url=url_field)
    options = Options(encoding=encoding, max_line_chars=max_line_chars, fields=fields, files=files)
    try:
        model = learn_run(paths, options, output)
        save_profile(model, output)
    except UsageError as error:
        raise _fail_usage(str(error)) from None
    except OSError as error:
        raise _fail_usage(f"cannot write {printable(str(output))}: {os_cause(error)}") from None
    if not quiet:
        lines = sum(len(v) for v in model.lines.values())
        _stderr().print(f"profile of {len(model.pages)} site(s), {sum(model.pages.values()):,} page(s), {lines:,} repeated line(s) written to {printable(str(output))}")


@app.command()
def restore(
    clean_file: Annotated[Path, typer.Argument(metavar="CLEAN", help="A clean file that cleaner wrote.")],
    report: Annotated[Path, typer.Argument(metavar="REPORT", help="The cleaner-report.jsonl of the run that wrote it.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output (required for JSON Lines).")] = None,
    text_field: TextField = "text",
) -> None:
    """Rebuild the original input from a clean file and its report: a text file byte for byte,
    a JSON Lines file record by record (each text checked against its checksum)."""
    try:
        records = read_report(report.read_text(encoding="utf-8"))
        if is_jsonl(clean_file):
            if output is None:
                raise _fail_usage("restoring JSON Lines needs -o/--output")
            with JsonlWriter(output) as writer:
                count = rebuild_records(clean_file, records, Fields(text=text_field), writer)
            _stderr().print(printable(f"restored {count:,} record(s) of {clean_file} (checksums verified) to {output}"))
            return
        original, record = rebuild_original(read_bytes(clean_file), records, clean_file)
    except (OSError, InputError, RestoreError, ValueError, KeyError, RecursionError) as error:
        _stderr().print(printable(f"cleaner: {clean_file}: cannot restore: {error}"))
        raise typer.Exit(ExitCode.INPUT_FAILED) from None
    if output is None:
        sys.stdout.buffer.write(original)
    else:
        output.write_bytes(original)
        _stderr().print(printable(f"restored {record.input} ({len(original):,} bytes, checksum verified) to {output}"))


def _progress(quiet: bool) -> Progress | None:
    if quiet or not sys.stderr.isatty():
        return None
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    )


def _colour(flag: bool | None) -> bool:
    """--color/--no-color when given; else colour on a terminal, unless NO_COLOR is set (no-color.org)."""
    if flag is not None:
        return flag
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _print_summary(report: RunReport) -> None:
    console = Console(stderr=True, markup=False, highlight=False)
    processed = report.documents - len(report.failed)
    verb = "would change" if report.check else "changed"
    extras = "".join(
        f", {count:,} {label}" for count, label in ((report.empty, "empty"), (report.warned, "with warnings")) if count
    )
    console.print(
        f"{processed} file(s) {'checked' if report.check else 'cleaned'}, {report.changed} {verb}{extras}, {len(report.failed)} failed; "
        f"{report.bytes_in:,} bytes in, {report.bytes_out:,} bytes out",
        soft_wrap=True,  # one line each, whatever the terminal's width, for scripts that read them
    )
    for listed in report.listed:
        notes = ["empty"] if listed.empty else list(listed.warnings)
        console.print(f"  {printable(listed.input)}: {'; '.join(notes)}", soft_wrap=True)
    unlisted = report.empty + report.warned - len(report.listed)
    if unlisted > 0:
        console.print(f"  ... and {unlisted:,} more in the report", soft_wrap=True)
    counts = report.counts()
    if not counts:
        return
    names = report.rule_names()
    table = Table("rule", "name", "removals", title="Removals per rule", title_justify="left")
    for code, count in counts.items():
        table.add_row(code, names[code], str(count))
    console.print(table)
