"""Finding input files and reading their bytes; every failure is a value, not a crash."""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.readers.excludes import FileFilter, git_ignored, is_own_output
from cleaner.run.output import os_cause

STDIN = "-"
STDIN_DISPLAY = "<stdin>"
"""How standard input is named in messages and the report when no --stdin-filename names it."""
TEXT_SUFFIXES = frozenset({"", ".txt", ".text", ".md", ".markdown", ".dump"})
"""Files a folder walk picks up; a file named on the command line is read whatever its suffix."""
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
"""HTML pages a folder walk picks up; any input is read as HTML when its content is HTML."""
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz", ".ndjson", ".ndjson.gz")
"""Names read as one JSON record per line (cleaner.readers.records), compared case-insensitively."""
MAX_LINE_CHARS = 1_000_000
"""A longer line is not a text dump but minified code or an embedded blob."""



class InputError(Exception):
    """A file that cannot be cleaned; the message is one line naming the cause."""


@dataclass(frozen=True)
class Source:
    """One input: where to read it, where its output goes relative to OUT, or why it failed."""

    display: str
    """The path as the user would name it, for messages and the report."""
    path: Path | None
    """None for standard input."""
    relative: Path
    error: str | None = None
    root: Path | None = None
    """The folder named on the command line that the walk found this file in; None for a named file."""

    @property
    def output_relative(self) -> Path:
        """Where under OUT the clean text goes: the same path, or for an HTML page
        (`.html`, `.htm`, ...) the same name with `.txt`, since its output is text.
        Decided by the name, so that two inputs bound for one output are refused
        before the run starts."""
        if self.relative.suffix.lower() in HTML_SUFFIXES:
            return self.relative.with_suffix(".txt")
        return self.relative

    @property
    def is_stdin(self) -> bool:
        return self.path is None and self.error is None

    @property
    def holds_records(self) -> bool:
        """A readable JSON Lines file: cleaned record by record, and counted in bytes of the file."""
        return self.path is not None and self.error is None and is_jsonl(self.path)

    @property
    def folder(self) -> str:
        """The input sub-folder the file belongs to: the first folder below the folder named
        on the command line, else the name of the folder that holds the file.

        `scrape/www.ledger.example/2031/03/a.txt` belongs to `www.ledger.example` whether
        `scrape` or `scrape/www.ledger.example` was named.
        """
        if self.root is not None and len(self.relative.parts) > 1:
            return self.relative.parts[0]
        if self.path is None:
            # Standard input named by --stdin-filename belongs where that file would.
            return Path(self.display).absolute().parent.name if self.display != STDIN_DISPLAY else STDIN_DISPLAY
        return self.path.absolute().parent.name if self.root is None else self.root.absolute().name


def find_sources(
    arguments: Sequence[str], skip: Sequence[Path] = (), files: FileFilter | None = None, stdin_name: Path | None = None
) -> list[Source]:
    """Expand command-line paths into sources: folders recursively in sorted order.

    `skip` holds paths never to read (the output folder, the report files). A walk
    leaves out hidden files and folders (".git", ".cache"), what `files` excludes,
    what git ignores, and cleaner's own outputs (reports, diffs, HTML reports); a
    file named on the command line is left out only when it is one of cleaner's
    outputs, or `files.force_exclude` is set and an exclude pattern matches it.
    """
    files = files or FileFilter()
    skipped = {file_identity(p) for p in skip if file_identity(p) is not None}
    sources: list[Source] = []
    for argument in arguments:
        if argument == STDIN:
            sources.append(stdin_source(stdin_name))
            continue
        path = Path(argument)
        if files.force_exclude and files.excludes(_spellings(path, files)):
            continue
        problem = _problem(path)
        if problem:
            sources.append(Source(argument, path, Path(path.name), problem))
        elif path.is_dir():
            walk = _Walk(path, skipped, files, git_ignored(path) if files.gitignore else frozenset(), files.anchor(path))
            sources.extend(_walk(path, walk, ancestors=(file_identity(path),)))
        elif not stat.S_ISREG(path.stat().st_mode):
            sources.append(Source(argument, path, Path(path.name), "not a regular file"))
        elif file_identity(path) not in skipped and not is_own_output(path):
            sources.append(Source(argument, path, Path(path.name)))
    return sources


def stdin_source(name: Path | None = None) -> Source:
    """Standard input, under the name `--stdin-filename` gives it (in messages and the report)."""
    if name is None:
        return Source(STDIN_DISPLAY, None, Path("stdin.txt"))
    return Source(str(name), None, Path(name.name))


def _spellings(path: Path, files: FileFilter) -> tuple[str, ...]:
    """A named file's path as typed, and relative to the project root when it lies below it."""
    typed = Path(os.path.normpath(path)).as_posix()
    anchor = files.anchor(path.parent)
    return (typed,) if anchor is None else (typed, f"{anchor}/{path.name}".lstrip("/"))


@dataclass(frozen=True)
class _Walk:
    """What stays the same over one folder argument's walk."""

    root: Path
    skipped: set
    files: FileFilter
    ignored: frozenset[str]
    """What git ignores, relative to `root`."""
    anchor: str | None
    """`root` relative to the project root, for patterns anchored there."""

    def spellings(self, relative: str) -> tuple[str, ...]:
        return (relative,) if self.anchor is None else (relative, f"{self.anchor}/{relative}".lstrip("/"))

    def leaves_out(self, name: str, relative: str) -> bool:
        return relative in self.ignored or self.files.excludes_entry(name, self.spellings(relative))

    def picks_up(self, entry: os.DirEntry[str], relative: str) -> bool:
        """A walked file is read when its suffix is one of ours, `include` lets it in, and cleaner did not write it."""
        return _picked_up(entry.name) and self.files.includes(self.spellings(relative)) and not is_own_output(entry.path)


def _walk(folder: Path, walk: _Walk, ancestors: tuple) -> Iterator[Source]:
    root = walk.root
    # Relative paths are built as strings: pathlib's relative_to parses both paths again.
    prefix = "" if folder == root else folder.relative_to(root).as_posix() + "/"
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as error:
        yield Source(str(folder), folder, folder.relative_to(root), f"cannot list folder: {os_cause(error)}", root)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relative = prefix + entry.name
        if walk.leaves_out(entry.name, relative):
            continue
        # One stat an entry answers all: can it be opened, is it to be skipped, a folder, a file.
        try:
            info = os.stat(entry.path)
        except OSError as error:
            path = Path(entry.path)
            yield Source(str(path), path, Path(relative), _stat_problem(path, error), root)
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in walk.skipped:
            continue
        if stat.S_ISDIR(info.st_mode):
            path = Path(entry.path)
            if identity in ancestors:
                yield Source(str(path), path, Path(relative), f"symlink loop: {path} leads back to {os.readlink(path)}", root)
                continue
            yield from _walk(path, walk, (*ancestors, identity))
        elif stat.S_ISREG(info.st_mode) and walk.picks_up(entry, relative):
            path = Path(entry.path)
            yield Source(str(path), path, Path(relative), root=root)


def _picked_up(name: str) -> bool:
    # The suffix as pathlib reads it: none for "a." and for ".a".
    dot = name.rfind(".")
    suffix = name[dot:].lower() if 0 < dot < len(name) - 1 else ""
    return suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES or name.lower().endswith(JSONL_SUFFIXES)


def is_jsonl(path: Path) -> bool:
    """Whether `path` names a JSON Lines file, plain or gzip-compressed."""
    return path.name.lower().endswith(JSONL_SUFFIXES)


def _problem(path: Path) -> str | None:
    """Why `path` cannot be opened at all, or None."""
    try:
        path.stat()
    except OSError as error:
        return _stat_problem(path, error)
    return None


def _stat_problem(path: Path, error: OSError) -> str:
    """Why `path` cannot be opened, given the error its stat raised."""
    if isinstance(error, FileNotFoundError):
        if path.is_symlink():
            return f"broken symlink (points to {os.readlink(path)}, which does not exist)"
        return "no such file or folder"
    if error.errno == errno.ELOOP:
        return "symlink loop (too many levels of symbolic links)"
    return os_cause(error)


def file_identity(path: Path) -> tuple[int, int] | None:
    """The device and inode `path` leads to, through links; None when it cannot be reached."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a failure is an InputError with the operating system's reason."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {os_cause(error)}") from None


Stamp = tuple[int, int, int, int, int]
"""A file's device, inode, size, modification and change times (ns): `stamp`."""

SETTLED_NS = 3_000_000_000
"""How long before a read a file must have last changed for its stamp to be trusted: a
filesystem's clock ticks coarsely (up to 2 s on FAT), so a file changed in the tick of
the read, just after it, could keep the times it had."""


def read_stamped(path: Path) -> tuple[bytes, Stamp | None]:
    """The file's bytes (as `read_bytes`), and its `stamp` as it was when they were read, if
    it had settled by then (`SETTLED_NS`): a later write changes its change time at least,
    which no program can set back. None: a file changed lately, which a stamp cannot vouch for."""
    started = time.time_ns()
    try:
        with open(path, "rb") as file:
            status = os.fstat(file.fileno())
            data = file.read()
    except OSError as error:
        raise InputError(f"cannot read: {os_cause(error)}") from None
    if max(status.st_mtime_ns, status.st_ctime_ns) >= started - SETTLED_NS or len(data) != status.st_size:
        return data, None
    return data, _stamp(status)


def stamp(path: Path) -> Stamp | None:
    """The file's `Stamp` now; None if it cannot be read."""
    try:
        return _stamp(os.stat(path))
    except OSError:
        return None


def _stamp(status: os.stat_result) -> Stamp:
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns
