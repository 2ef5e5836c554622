"""The `cleaner` command: parses arguments, calls the library, prints. Nothing else."""

# No `from __future__ import annotations` here: typer reads the commands' annotations on
# every run, and evaluating them from strings took about 10 ms of each start. The few
# names only the type checker imports are quoted.
import copy
import json
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cleaner.cli_values import PlainValuesCommand, PlainValuesGroup
from cleaner.readers.files import MAX_LINE_CHARS
from cleaner.report.formats import ListingFormat, OutputFormat
from cleaner.report.model import ExitCode
from cleaner.run.engines import Engine
from cleaner.text import plural, printable
from cleaner.version import installed_version

if TYPE_CHECKING:
    # The commands import what they use when they run, so that --help, --version and a
    # one-file check do not pay for the HTML parser, numpy or the report page's templates.
    from cleaner.config import Settings
    from cleaner.readers.records import Fields
    from cleaner.report.html import ReportedFile
    from cleaner.report.model import RunReport
    from cleaner.run.batch import Options, RunPlan
    from cleaner.sites.model import TemplateModel
    from cleaner.sites.parts import Written


app = typer.Typer(
    help="Strip UI boilerplate from scraped web-page dumps and report every removal.",
    no_args_is_help=True,
    cls=PlainValuesGroup,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cleaner {installed_version()}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Strip UI boilerplate from scraped web-page dumps and report every removal."""


def only(name: str) -> typer.Typer:
    """The app with just the command the command line names first (`name`), or the whole
    app when no command has that name.

    typer builds the options of every command on each start, about 8 ms for the six
    (1.7 for `clean` alone); a process runs one. What the command parses, prints and
    answers to --help is the same from either; the group's own help and its "No such
    command" come from the whole app. For the process's entry (`cleaner.__main__`).
    """
    # With its subcommands ("profile merge"), registered under their two words.
    chosen = [
        info for info in app.registered_commands
        if (info.name or typer.main.get_command_name(info.callback.__name__)).split(" ")[0] == name  # type: ignore[union-attr]
    ]
    if not chosen:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed


def _stderr():  # type: ignore[no-untyped-def]
    from cleaner.terminal import stderr_console

    return stderr_console()


class _Errors:
    """Standard error's console for a run's messages, made on first use: a run that has nothing
    to say there never loads rich."""

    def __init__(self) -> None:
        self._console = None

    def print(self, message: str) -> None:
        if self._console is None:
            self._console = _stderr()
        self._console.print(message)


def _fail_usage(message: str) -> typer.Exit:
    _stderr().print(f"cleaner: error: {printable(message)}")
    return typer.Exit(ExitCode.USAGE)


# Options that clean and check share, declared once.
Paths = Annotated[Optional[list[str]], typer.Argument(metavar="PATH", show_default=False, help="Files or folders; - reads standard input.")]
Jobs = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, show_default=False, help="Worker processes (default: one per core). The output is the same whatever the number.")]
ShowDiff = Annotated[bool, typer.Option("--diff", help="Also print the unified diff to standard output.")]
Encoding = Annotated[Optional[str], typer.Option("--encoding", help="Decode inputs with this encoding instead of detecting it.")]
MaxLineChars = Annotated[int, typer.Option("--max-line-chars", min=1, help="Refuse files with a longer line.")]
Article = Annotated[bool, typer.Option("--article", help="Keep only the main article text (preset 'article').")]
KeepStructure = Annotated[bool, typer.Option("--keep-structure", help="HTML inputs: keep headings (##) and list items (-) as light markdown.")]
Reflow = Annotated[bool, typer.Option("--reflow", help="Text inputs: join lines the dump broke inside a sentence (at links); each join is in the report, so restore stays exact.")]
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
StdinFilename = Annotated[Optional[Path], typer.Option("--stdin-filename", metavar="PATH", help="The file that standard input stands for: where the config is looked for, its site, and its name in messages and the report. Reads standard input when no PATH is given.")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Also print which config was read, what was found and read, and which sites the learn pass saw.")]
ExitZero = Annotated[bool, typer.Option("--exit-zero", help="Exit 0 even when inputs would change (failures still exit 123).")]
ForceExclude = Annotated[Optional[bool], typer.Option("--force-exclude/--no-force-exclude", help="Apply the excludes to files named on the command line too (as pre-commit names them).")]
Keep = Annotated[Optional[list[str]], typer.Option("--keep", metavar="PATTERN", help="Never remove a line containing this phrase (any case), or matching re:REGEX (repeatable; added to the config's keep).")]
KeepSelector = Annotated[Optional[list[str]], typer.Option("--keep-selector", metavar="CSS", help="HTML: never remove text inside elements matching this CSS selector (repeatable; added to the config's keep-selectors).")]
ShowKept = Annotated[bool, typer.Option("--show-kept", help="Print each line a keep pattern or selector saved, and the rule that wanted it.")]
# Runs shared out between machines or jobs (`cleaner.run.shards`, `cleaner.run.resume`).
ShardOption = Annotated[Optional[str], typer.Option("--shard", metavar="I/N|slurm", show_default=False, help="Take only shard I of N of the inputs (chosen by a hash of each input's path, the same on every machine); slurm: this Slurm array task's. With -o, the report is OUT/cleaner-report.shard-I-of-N.jsonl and a finished shard writes OUT/.cleaner/shard-I-of-N.done.")]
Resume = Annotated[bool, typer.Option("--resume", help="Skip the inputs an earlier run into the same report finished (same input bytes, output in place); clean the rest.")]
# --engine dask: the run's tasks on a Dask cluster (cleaner.run.dask_engine); the same outputs and report.
EngineChoice = Annotated[Engine, typer.Option("--engine", help="local: this machine's processes (-j N); dask: a Dask cluster, the same outputs and report (pip install 'scrape-cleaner[dask]').")]
Scheduler = Annotated[Optional[str], typer.Option("--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler to use (tcp://host:8786); default: a LocalCluster of -j N worker processes.")]


@app.command(cls=PlainValuesCommand)
def clean(
    paths: Paths = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Folder for the clean files and the report.")] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Overwrite the inputs (atomically).")] = False,
    report: Annotated[Optional[Path], typer.Option("--report", help="Report path (default OUT/cleaner-report.jsonl).")] = None,
    jobs: Jobs = None,
    diff: ShowDiff = False,
    encoding: Encoding = None,
    max_line_chars: MaxLineChars = MAX_LINE_CHARS,
    article: Article = False,
    keep_structure: KeepStructure = False,
    reflow: Reflow = False,
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
    keep: Keep = None,
    keep_selector: KeepSelector = None,
    show_kept: ShowKept = False,
    stdin_filename: StdinFilename = None,
    exit_zero: ExitZero = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
    shard: ShardOption = None,
    resume: Resume = False,
    engine: EngineChoice = Engine.LOCAL,
    scheduler: Scheduler = None,
) -> None:
    """Clean scraped dumps into OUT, mirroring the input tree, and write the removal report.

    HTML inputs (recognised by their content) are cleaned into text files named
    like the page with a .txt suffix; the report names each removal's element.

    Given a folder or a JSON Lines file, it first learns each site's template lines
    from all of its pages (rule TP01), unless --profile gives them.
    """
    from cleaner.readers.records import Fields

    paths = _paths(paths, stdin_filename)
    fields = Fields(text=text_field, html=html_field, url=url_field, id=id_field)
    selection = _command_line(select, ignore, extend_select, exclude, extend_exclude, force_exclude, output_format, keep, keep_selector)
    options, output_format = _configure(paths, config, article, selection, fields, stdin_filename, verbose=verbose, quiet=quiet)
    if "-" in paths and (diff or output_format not in (None, OutputFormat.TEXT)):
        raise _fail_usage("--diff and --output-format print to standard output, which - already uses for the clean text")
    options = replace(
        options, out=output, in_place=in_place, encoding=encoding, max_line_chars=max_line_chars, jobs=_jobs(jobs),
        keep_structure=keep_structure, reflow=reflow, report_html=report_html, engine=engine, scheduler=scheduler,
    )
    options = replace(options, shard=_shard(shard), resume=resume)
    _run(
        paths, options, report, profile, output_format,
        diff=diff, statistics=statistics, color=color, quiet=quiet, verbose=verbose, exit_zero=exit_zero, show_kept=show_kept,
    )


@app.command(cls=PlainValuesCommand)
def check(
    paths: Paths = None,
    jobs: Jobs = None,
    diff: ShowDiff = False,
    encoding: Encoding = None,
    max_line_chars: MaxLineChars = MAX_LINE_CHARS,
    article: Article = False,
    keep_structure: KeepStructure = False,
    reflow: Reflow = False,
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
    keep: Keep = None,
    keep_selector: KeepSelector = None,
    show_kept: ShowKept = False,
    stdin_filename: StdinFilename = None,
    exit_zero: ExitZero = False,
    verbose: Verbose = False,
    quiet: Quiet = False,
    shard: ShardOption = None,
    resume: Annotated[bool, typer.Option("--resume", hidden=True)] = False,
    engine: EngineChoice = Engine.LOCAL,
    scheduler: Scheduler = None,
) -> None:
    """Report what clean would remove, and write nothing but the --report-html page if asked.

    Exit code 0: nothing would change; 1: some input would change; 123: an input
    could not be read; 2: bad command line or configuration.
    """
    from cleaner.readers.records import Fields

    paths = _paths(paths, stdin_filename)
    fields = Fields(text=text_field, html=html_field, url=url_field, id=id_field)
    selection = _command_line(select, ignore, extend_select, exclude, extend_exclude, force_exclude, output_format, keep, keep_selector)
    options, output_format = _configure(paths, config, article, selection, fields, stdin_filename, verbose=verbose, quiet=quiet)
    options = replace(
        options, encoding=encoding, max_line_chars=max_line_chars, jobs=_jobs(jobs), check=True, keep_structure=keep_structure,
        reflow=reflow, report_html=report_html, engine=engine, scheduler=scheduler,
    )
    if resume:
        raise _fail_usage("--resume: check writes nothing, so there is nothing to resume")
    options = replace(options, shard=_shard(shard))
    _run(
        paths, options, None, profile, output_format,
        diff=diff, statistics=statistics, color=color, quiet=quiet, verbose=verbose, exit_zero=exit_zero, show_kept=show_kept,
    )


def _paths(paths: list[str] | None, stdin_filename: Path | None) -> list[str]:
    """The inputs named; with --stdin-filename and none named, standard input (as ruff and black do)."""
    if paths:
        return paths
    if stdin_filename is not None:
        return ["-"]
    raise _fail_usage("give the files or folders to read (PATH...), or - for standard input")


def _shard(shard: str | None):  # type: ignore[no-untyped-def]
    """--shard's shard (`cleaner.run.shards.parse_shard`); a usage error when it names none."""
    if shard is None:
        return None
    from cleaner.run.shards import ShardError, parse_shard

    try:
        return parse_shard(shard)
    except ShardError as error:
        raise _fail_usage(str(error)) from None


def _plan_notes(plan: "RunPlan", verbose: bool, quiet: bool) -> None:
    """What a shard or a resumed run takes of the inputs: the resumed count unless --quiet, the shard's with --verbose."""
    from cleaner.run.resume import resume_note
    from cleaner.run.shards import shard_note

    notes = [resume_note(plan) if not quiet else None, shard_note(plan) if verbose and not quiet else None]
    for note in filter(None, notes):
        _stderr().print(printable(note))


def _jobs(jobs: int | None) -> int:
    """-j, else the cores this process may run on (fewer than the machine has, in a container or under taskset)."""
    if jobs is not None:
        return jobs
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _configure(
    paths: list[str],
    config: Path | None,
    article: bool,
    cli: "Settings",
    fields: "Fields",
    stdin_filename: Path | None = None,
    *,
    verbose: bool = False,
    quiet: bool = False,
) -> "tuple[Options, OutputFormat | None]":
    """What clean and check share: the config file's settings with the command line's (`cli`) on
    top, the rules and files they choose, and the output format (None: not chosen)."""
    from cleaner.config import ConfigError, load_settings
    from cleaner.rules.presets import Preset, configured_rules
    from cleaner.rules.selection import SelectionError
    from cleaner.run.batch import Options

    preset = Preset.ARTICLE if article else Preset.DEFAULT
    try:
        settings = load_settings(paths, config, stdin_filename).merged(cli)
        rules, template = configured_rules(preset, settings)
        keep = settings.keep_list()
    except (ConfigError, SelectionError) as error:
        raise _fail_usage(str(error)) from None
    if verbose and not quiet:
        console = _stderr()
        console.print(f"cleaner: config: {printable(str(settings.path)) if settings.path else 'none found, defaults'}")
        codes = [rule.code for rule in rules or ()] + (["TP01"] if template is not None else [])
        console.print(f"cleaner: rules: {', '.join(codes)}")
    options = Options(
        preset=preset, fields=fields, rules=rules, template=template, files=settings.file_filter(), keep=keep,
        stdin_filename=stdin_filename,
    )
    if settings.output_format == OutputFormat.TEXT.value and not quiet:
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
    keep: list[str] | None = None,
    keep_selectors: list[str] | None = None,
) -> "Settings":
    """The settings given on the command line, to be merged over the config file's."""
    from cleaner.config import Settings

    return Settings(
        select=_selectors(select) if select is not None else None,
        ignore=_selectors(ignore),
        extend_select=_selectors(extend_select),
        exclude=_selectors(exclude) if exclude is not None else None,
        extend_exclude=_selectors(extend_exclude),
        force_exclude=force_exclude,
        output_format=output_format.value if output_format else None,
        # Not split at commas as selectors are: a phrase, a regex or CSS may hold one.
        keep=tuple(keep or ()),
        keep_selectors=tuple(keep_selectors or ()),
    )


def _selectors(values: list[str] | None) -> tuple[str, ...]:
    """`--ignore UI01,UI02 --ignore WS` as one tuple (also `--exclude`, as in ruff)."""
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def _run(
    paths: list[str],
    options: "Options",
    report: Path | None,
    profile: Path | None,
    output_format: OutputFormat | None,
    *,
    diff: bool,
    statistics: bool,
    color: bool | None,
    quiet: bool,
    verbose: bool = False,
    exit_zero: bool = False,
    show_kept: bool = False,
) -> None:
    """What clean and check share: run, print as the run goes, summarise, exit."""
    from cleaner.engine.keep import kept_lines
    from cleaner.report import formats
    from cleaner.report.diff import colour_diff
    from cleaner.report.formats import Printer
    from cleaner.run.batch import Hooks, Interrupted, Outcome, UsageError, execute, plan_run
    from cleaner.run.options import Mode
    from cleaner.run.stopping import stop_on_signals
    from cleaner.terminal import print_summary, progress_for, verbose_hooks

    model = _load_profile(profile)
    errors = _Errors()
    checking = options.mode is Mode.CHECK
    printer = Printer(output_format or OutputFormat.CONCISE, sys.stdout, check=checking, chosen=output_format is not None)
    # A check writes no report, so its diffs are made only to be printed.
    # Only printing, --verbose and the HTML report read each outcome's removals; the summary counts them.
    options = replace(
        options, locate_sources=printer.prints_removals, diffs=diff or not checking,
        removals_read=printer.prints_removals or verbose or options.report_html is not None,
    )
    colour = _colour(color)
    # Saved lines print beside the findings where people read them; where standard
    # output carries JSON or the clean text, on standard error.
    shared_stdout = output_format in (OutputFormat.JSON, OutputFormat.JSONL) or ("-" in paths and not checking)
    kept_stream = sys.stderr if shared_stdout else sys.stdout
    # The HTML page shows each input whole, so the run hands the originals back for it.
    report_html = options.report_html
    shown: "list[ReportedFile] | None" = None
    if report_html is not None:
        from cleaner.report.html import ReportedFile

        shown = []
        options = replace(options, keep_original=True)

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
        if show_kept and outcome.report.kept:
            kept_stream.write("".join(line + "\n" for line in kept_lines(outcome.report)))
        if shown is not None:
            shown.append(ReportedFile(outcome.report.input, outcome.original, outcome.report.removals, outcome.report.error))

    hooks = Hooks(done=done)
    if verbose and not quiet:
        hooks = hooks.joined(verbose_hooks(_stderr()))
    progress = progress_for(checking, quiet)
    if progress is not None:
        hooks = hooks.joined(progress.hooks())
    _collect_garbage_rarely()
    try:
        with stop_on_signals():
            plan = plan_run(paths, options, report, model)
            _plan_notes(plan, verbose, quiet)
            result = execute(plan, hooks)
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
        _write_html_report(report_html, shown, f"cleaner {'check' if checking else 'clean'}: {' '.join(paths)}")
    if statistics:
        stream = sys.stdout if output_format not in (OutputFormat.JSON, OutputFormat.JSONL) else sys.stderr
        stream.write("".join(line + "\n" for line in formats.statistics(result)))
    if not quiet:
        print_summary(result, styled=_styled(color))
    if result.interrupted:
        errors.print(f"cleaner: {result.interrupted}; stopped after {plural(result.documents, 'input')}, every output written is in the report")
    raise typer.Exit(_exit_code(result, exit_zero))


def _collect_garbage_rarely() -> None:
    """Let the cyclic garbage collector run far less often in this process and its workers.

    A run makes millions of short-lived objects (lines, blocks, verdicts) that reference
    counting frees, and almost no cycles; at the default threshold (a young collection
    every 700 allocations) the collector rescanned them throughout, 5-10% of a text run's
    CPU. Freezing first leaves the imported modules out of the older collections too.
    The process is the command's own, so the setting is not the library's business.
    """
    import gc

    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


def _exit_code(result: "RunReport", exit_zero: bool) -> int:
    """The run's exit code; --exit-zero turns "would change" into success, never a failure."""
    if exit_zero and result.exit_code == ExitCode.CHANGES:
        return ExitCode.OK
    return result.exit_code


def _load_profile(profile: Path | None):  # type: ignore[no-untyped-def]
    if profile is None:
        return None
    from cleaner.sites.profile import ProfileError, load_profile

    try:
        return load_profile(profile)
    except ProfileError as error:
        raise _fail_usage(f"profile {printable(str(profile))}: {error}") from None


def _write_html_report(path: Path, shown: "list[ReportedFile]", title: str) -> None:
    from cleaner.report.html import write_report
    from cleaner.run.output import os_cause

    try:
        write_report(path, shown, title=title)
    except OSError as error:
        _stderr().print(f"cleaner: cannot write {printable(str(path))}: {os_cause(error)}")
        raise typer.Exit(ExitCode.INPUT_FAILED) from None


ListingOutput = Annotated[ListingFormat, typer.Option("--output-format", help="text for people, or json.")]


@app.command("rules", cls=PlainValuesCommand)
def rules_command(output_format: ListingOutput = ListingFormat.TEXT) -> None:
    """List every rule: code, name and what it removes (json: also its settings and their defaults)."""
    from cleaner.rules import catalogue
    from cleaner.rules.docs import rule_record

    if output_format is ListingFormat.JSON:
        sys.stdout.write(json.dumps([rule_record(rule) for rule in catalogue()], ensure_ascii=False, indent=1) + "\n")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("code", "name", "removes", box=None, show_edge=False)
    for rule in catalogue():
        table.add_row(rule.code, rule.name, rule.description)
    Console(markup=False, highlight=False, soft_wrap=True).print(table)


@app.command(cls=PlainValuesCommand)
def explain(
    rule: Annotated[str, typer.Argument(metavar="CODE|NAME", help="A rule's code (UI01) or name (ui-phrase).")],
    output_format: ListingOutput = ListingFormat.TEXT,
) -> None:
    """Print what a rule removes, why, an example, what it must keep, and its settings with
    their defaults and ranges, as a table to paste into pyproject.toml."""
    from cleaner.rules import catalogue
    from cleaner.rules.docs import explain_record, explain_text

    found = next((r for r in catalogue() if rule.upper() == r.code or rule.lower() == r.name), None)
    if found is None and _reflow_code(rule):
        # Not a rule: --reflow's joins, which reports and summaries list beside the rules' removals.
        from cleaner.engine import reflow

        sys.stdout.write(f"{_reflow_code(rule)} {reflow.NAMES[_reflow_code(rule)]}: not a rule but a join made by --reflow.\n\n{reflow.__doc__}")
        return
    if found is None:
        known = ", ".join(f"{r.code} {r.name}" for r in catalogue())
        raise _fail_usage(f"unknown rule {rule!r} (known: {known})")
    if output_format is ListingFormat.JSON:
        sys.stdout.write(json.dumps(explain_record(found), ensure_ascii=False, indent=1) + "\n")
        return
    sys.stdout.write(explain_text(found))


def _reflow_code(asked: str) -> str | None:
    """The --reflow code that `asked` names (RF01 reflow-space, RF02 reflow), if it names one."""
    from cleaner.engine.reflow import NAMES

    return next((code for code, name in NAMES.items() if asked.upper() == code or asked.lower() == name), None)


# Profile parts (`cleaner.sites.parts`): the shards of a scrape learned apart, then merged.
WritePart = Annotated[bool, typer.Option("--part", help="Write a profile part instead: every line's count (gzip-compressed JSON), for 'cleaner profile merge' to merge with the other shards' parts.")]
MergeToPart = Annotated[bool, typer.Option("--part", help="Write the merged counts as a part again, to be merged further, instead of a site profile.")]


@app.command("profile", cls=PlainValuesCommand)
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
    verbose: Verbose = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    shard: Annotated[Optional[str], typer.Option("--shard", metavar="I/N|slurm", show_default=False, help="Learn from shard I of N of the inputs only (the slice 'clean --shard I/N' takes), for a profile made of parts.")] = None,
    part: WritePart = False,
    jobs: Jobs = None,
    engine: EngineChoice = Engine.LOCAL,
    scheduler: Scheduler = None,
) -> None:
    """Learn each site's template lines from PATH... and save them, for 'cleaner clean --profile'.

    A scrape learned in shards: 'cleaner profile SHARD... --part -o part-N.json.gz' for each,
    then 'cleaner profile merge part-*.json.gz -o site-profile.json'."""
    from cleaner.config import ConfigError, load_settings
    from cleaner.readers.records import Fields
    from cleaner.run.batch import Hooks, Options, UsageError, count_run, learn_run
    from cleaner.run.output import os_cause
    from cleaner.sites.parts import Part, reading_settings, save_part
    from cleaner.sites.profile import save_profile
    from cleaner.terminal import progress_for, verbose_hooks

    try:
        files = load_settings(paths, config).merged(_command_line(None, None, None, exclude, extend_exclude, force_exclude)).file_filter()
    except ConfigError as error:
        raise _fail_usage(str(error)) from None
    fields = Fields(text=text_field, html=html_field, url=url_field)
    options = Options(
        encoding=encoding, max_line_chars=max_line_chars, fields=fields, files=files, shard=_shard(shard), jobs=_jobs(jobs),
        engine=engine, scheduler=scheduler,
    )
    hooks = verbose_hooks(_stderr()) if verbose and not quiet else Hooks()
    progress = progress_for(False, quiet)
    if progress is not None:
        hooks = hooks.joined(progress.hooks())
    try:
        if part:
            written = save_part(Part(count_run(paths, options, output, hooks), reading_settings(options.reading)), output)
        else:
            model = learn_run(paths, options, output, hooks)
            save_profile(model, output)
    except UsageError as error:
        raise _fail_usage(str(error)) from None
    except OSError as error:
        raise _fail_usage(f"cannot write {printable(str(output))}: {os_cause(error)}") from None
    finally:
        if progress is not None:
            progress.stop()
    if quiet:
        return
    if part:
        _print_part_written(written, output)
    else:
        _print_profile_written(model, output)


@app.command("profile merge", cls=PlainValuesCommand, hidden=True)
def profile_merge_command(
    parts: Annotated[list[Path], typer.Argument(metavar="PART", help="Profile parts written by 'cleaner profile --part', one per shard of the scrape.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the site profile (JSON).")],
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    part: MergeToPart = False,
) -> None:
    """Merge the profile parts of shards into a site profile: the one 'cleaner profile' writes from
    all their inputs at once, byte for byte, so 'cleaner clean --profile' cleans alike with it.

    Learn each shard with 'cleaner profile SHARD... --part -o part-N.json.gz', then merge
    the parts in any order or grouping (--part writes a part again). A site profile keeps
    only the lines seen on two pages or more, so it cannot be merged: learn its shard
    again with --part."""
    from contextlib import ExitStack

    from cleaner.run.output import os_cause
    from cleaner.sites.parts import merge_parts, model_of, write_entries
    from cleaner.sites.profile import ProfileError, save_profile

    if any(given.absolute() == output.absolute() for given in parts):
        raise _fail_usage(f"-o/--output {printable(str(output))} is one of the parts merged")
    try:
        with ExitStack() as stack:
            reading, entries = merge_parts(parts, stack)
            if part:
                written = write_entries(reading, entries, output)
            else:
                model = model_of(entries)
                save_profile(model, output)
    except ProfileError as error:
        raise _fail_usage(f"profile part {error}") from None
    except OSError as error:
        raise _fail_usage(f"cannot write {printable(str(output))}: {os_cause(error)}") from None
    if quiet:
        return
    if part:
        _print_part_written(written, output)
    else:
        _print_profile_written(model, output)


def _print_profile_written(model: "TemplateModel", output: Path) -> None:
    lines = sum(len(v) for v in model.lines.values())
    _stderr().print(
        f"profile of {plural(len(model.pages), 'site')}, {plural(sum(model.pages.values()), 'page')}, "
        f"{plural(lines, 'repeated line')} written to {printable(str(output))}"
    )


def _print_part_written(written: "Written", output: Path) -> None:
    _stderr().print(
        f"profile part of {plural(written.sites, 'site')} and {plural(written.folders, 'flat folder')}, "
        f"{plural(written.pages, 'page')}, {plural(written.lines, 'distinct line')} written to {printable(str(output))}"
    )


@app.command(cls=PlainValuesCommand)
def restore(
    clean_file: Annotated[Path, typer.Argument(metavar="CLEAN", help="A clean file that cleaner wrote.")],
    report: Annotated[Path, typer.Argument(metavar="REPORT", help="The cleaner-report.jsonl of the run that wrote it.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write here instead of standard output (required for JSON Lines).")] = None,
    text_field: TextField = "text",
) -> None:
    """Rebuild the original input from a clean file and its report: a text file byte for byte,
    a JSON Lines file record by record (each text checked against its checksum)."""
    from cleaner.readers.files import InputError, read_bytes
    from cleaner.readers.records import Fields, JsonlWriter, is_jsonl
    from cleaner.report.model import RestoreError, read_report_for, rebuild_original
    from cleaner.run.records import rebuild_records

    try:
        records = read_report_for(report, clean_file)
        if is_jsonl(clean_file):
            if output is None:
                raise _fail_usage("restoring JSON Lines needs -o/--output")
            with JsonlWriter(output) as writer:
                count = rebuild_records(clean_file, records, Fields(text=text_field), writer)
            _stderr().print(printable(f"restored {plural(count, 'record')} of {clean_file} (checksums verified) to {output}"))
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


def _colour(flag: bool | None) -> bool:
    """--color/--no-color when given; else colour on a terminal, unless NO_COLOR is set (no-color.org)."""
    if flag is not None:
        return flag
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _styled(flag: bool | None) -> bool:
    """Whether the summary on standard error may be styled: not after --no-color or with NO_COLOR set
    (rich itself decides whether standard error is a terminal)."""
    return flag is not False and not os.environ.get("NO_COLOR")
