"""What a run is asked to do, decided once by the caller (the CLI or a library user)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from cleaner.engine.keep import KeepList
from cleaner.readers import Reading
from cleaner.readers.excludes import FileFilter
from cleaner.readers.files import MAX_LINE_CHARS
from cleaner.readers.records import Fields
from cleaner.rules import Rule
from cleaner.rules.presets import Preset
from cleaner.rules.template import SiteTemplate
from cleaner.run.engines import Engine
from cleaner.run.shards import Shard


class Mode(Enum):
    """Where a run's clean text goes, decided by the caller's options once (as black's WriteBack)."""

    OUT = "out"
    """Into the -o/--output folder, mirroring the inputs, with the report there."""
    IN_PLACE = "in-place"
    """Over the inputs, atomically, with the report in the working folder."""
    STDOUT = "stdout"
    """Standard input's clean text to standard output; no file is written."""
    CHECK = "check"
    """Nothing written: what would be removed is reported."""


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
    files: FileFilter = FileFilter()
    """Which files are read: include/exclude globs, .gitignore (config and command line)."""
    report_html: Path | None = None
    """The HTML report the caller writes after the run, refused where it would land on an input."""
    keep_structure: bool = False
    """HTML inputs: mark headings ("## ") and list items ("- ") in the clean text."""
    reflow: bool = False
    """Text inputs: join lines the dump broke inside a sentence (`cleaner.engine.reflow`)."""
    keep_original: bool = False
    """Hand each input's original text back in its Outcome (for the HTML report)."""
    diffs: bool = True
    """Each outcome carries its diff; the caller turns it off for a check that prints none."""
    removals_read: bool = True
    """The caller reads each outcome's removals (printing them, the HTML report, --verbose).
    When not, a worker process of `-j N` sends each report with its removals counted by
    rule (`Outcome.removed`), not listed: the parent writes the report line the worker made
    and only counts them, and unpickling every removal was 40-60 ms of its CPU for the
    181 benchmark pages, while both workers needed the two cores."""
    locate_sources: bool = False
    """HTML inputs: find where each removal sits in the .html file (`source_line`), for output
    that points there; it costs about a third of an HTML page's cleaning time."""
    stdin_filename: Path | None = None
    """The file standard input stands for: its name in messages and the report, and its site."""
    keep: KeepList = KeepList()
    """Lines and elements no rule may remove (`keep`, `keep-selectors`, `--keep`, `--keep-selector`)."""
    shard: Shard | None = None
    """Clean only this shard's slice of the inputs (`cleaner.run.shards`), learning from all of them."""
    resume: bool = False
    """Skip the inputs an earlier run into the same report finished (`cleaner.run.resume`)."""
    engine: Engine = Engine.LOCAL
    """Where the passes run: here (`-j N` processes) or on a Dask cluster of `jobs` workers..."""
    scheduler: str | None = None
    """...the one at this address (`tcp://host:8786`); None: a LocalCluster the run starts."""

    @property
    def mode(self) -> Mode:
        if self.check:
            return Mode.CHECK
        if self.in_place:
            return Mode.IN_PLACE
        return Mode.OUT if self.out is not None else Mode.STDOUT

    @property
    def reading(self) -> Reading:
        return Reading(self.encoding, self.max_line_chars, fields=self.fields)
