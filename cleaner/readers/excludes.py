"""Which files a run leaves out: exclude and include globs, `.gitignore`, and cleaner's own outputs.

Patterns follow ruff's `exclude`: one without a `/` ("drafts", "*.md") matches any
file or folder of that name; one with a `/` ("scrape/drafts/", "**/old/*") matches
a path relative to the folder named on the command line or to the project root (the
folder of the config file, else the current folder). A folder's pattern covers every
file below it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase, translate
from functools import cached_property
from pathlib import Path

REPORT_NAME = "cleaner-report.jsonl"
DIFF_NAME = "cleaner-report.diff"
LOCK_NAME = ".cleaner.lock"
_SHARD_REPORT = re.compile(r"cleaner-report\.shard-[0-9]+-of-[0-9]+\.(?:jsonl|diff)")
"""A shard's report and diff (`cleaner.run.shards.shard_report_name`), known by name even while empty."""
HTML_REPORT_MARKER = b'<meta name="generator" content="cleaner">'
"""Written by templates/report.html.j2 near the top of every HTML report."""
DEFAULT_EXCLUDE = ("__pycache__", "__pypackages__", "node_modules", "site-packages", "venv")
"""Folders no scrape lives in, full of files a walk would pick up (LICENSE, METADATA, *.md).
Hidden files and folders (".git", ".venv") are never walked whatever the excludes say."""

_HEAD_BYTES = 16_384
_OUTPUT_PREFIXES = (b'{"input": ', b"<!doctype html>")
_PREFIX_BYTES = max(map(len, _OUTPUT_PREFIXES))
_HTML_HEAD_BYTES = 256
_JSON_STRING = rb'"(?:[^"\\]|\\.)*"'
# The first keys of a report record, in the order FileReport.to_json writes them.
_REPORT_RECORD = re.compile(rb'\{"input": ' + _JSON_STRING + rb', "output": (?:' + _JSON_STRING + rb'|null), "sha256": ')


@dataclass(frozen=True)
class FileFilter:
    """Which files a run reads, besides the suffixes a walk picks up."""

    include: tuple[str, ...] = ()
    """When set, a walked file must match one of these."""
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    """Files and folders a walk leaves out: `exclude` (or the defaults) plus `extend-exclude`."""
    force_exclude: bool = False
    """Leave out files named on the command line that `exclude` matches, as pre-commit names them."""
    root: Path | None = None
    """The project root that patterns with a `/` may be relative to; None: the current folder."""
    gitignore: bool = True
    """In a git work tree, leave out what git ignores."""

    def excludes(self, spellings: Iterable[str]) -> bool:
        """Whether a path named on the command line, or one of its folders, matches an exclude pattern."""
        spellings = [s.removeprefix("./") for s in spellings]
        return any(matches(s, p) for s in spellings for p in self.exclude)

    def excludes_entry(self, name: str, spellings: Iterable[str]) -> bool:
        """Whether a walk's file or folder matches an exclude pattern by itself.

        Its folders were matched when the walk reached them, and an excluded one is
        not entered; the folder named on the command line is walked whatever it is called.
        """
        by_name, by_path = self._entry_patterns
        if by_name is not None and by_name.match(name):
            return True
        return any(fnmatchcase(s, p) for s in spellings for p in by_path)

    @cached_property
    def _entry_patterns(self) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
        """The excludes as `excludes_entry` matches them: those without a `/` as one regex
        over an entry's name (a walk asks for each of its entries, and one match cost
        less than one `fnmatchcase` a pattern), the others as globs over its path."""
        patterns = [pattern.rstrip("/") for pattern in self.exclude]
        names = [translate(pattern) for pattern in patterns if "/" not in pattern]
        by_name = re.compile("|".join(f"(?:{glob})" for glob in names)) if names else None
        return by_name, tuple(p for pattern in patterns if "/" in pattern for p in _anchored(pattern))

    def includes(self, spellings: Iterable[str]) -> bool:
        """Whether a walked file passes `include` (always, when it is not set)."""
        if not self.include:
            return True
        spellings = [s.removeprefix("./") for s in spellings]
        return any(matches(s, p) for s in spellings for p in self.include)

    def anchor(self, folder: Path) -> str | None:
        """`folder` relative to the project root, as a POSIX prefix ("" for the root), or None outside it."""
        root = (self.root or Path.cwd()).absolute()
        try:
            relative = Path(os.path.normpath(folder.absolute())).relative_to(os.path.normpath(root))
        except ValueError:
            return None
        return "" if relative == Path(".") else relative.as_posix()


def matches(relative: str, pattern: str) -> bool:
    """Whether `relative` or one of its folders matches `pattern`; a pattern without `/` may match one part."""
    pattern, parts = pattern.rstrip("/"), relative.split("/")
    # A folder's pattern ("drafts/", "**/build") covers every file under it.
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    if "/" not in pattern:
        candidates += parts
    return any(fnmatchcase(candidate, p) for candidate in candidates for p in _anchored(pattern))


def _anchored(pattern: str) -> tuple[str, ...]:
    """A leading `**/` matches at the anchor too, as in gitignore."""
    return (pattern[3:], "*/" + pattern[3:]) if pattern.startswith("**/") else (pattern,)


def is_own_output(path: Path | str) -> bool:
    """Whether `path` is a file cleaner writes: a report, its diff, an HTML report, the lock file.

    Known by the default names, by a report record at the top (a report moved with
    `--report`), or by the generator marker of the HTML report.
    """
    name = os.path.basename(path)
    if name in (REPORT_NAME, DIFF_NAME, LOCK_NAME) or _SHARD_REPORT.fullmatch(name):
        return True
    try:
        # os.open and a short read: a walk asks this of every file it picks up, and
        # almost none starts like an output, so the rest of the head is rarely read.
        descriptor = os.open(path, os.O_RDONLY)
        try:
            head = os.read(descriptor, _PREFIX_BYTES)
            if head.startswith(_OUTPUT_PREFIXES):
                head += _read_up_to(descriptor, _HEAD_BYTES - len(head))
        finally:
            os.close(descriptor)
    except OSError:
        return False  # the read that follows reports why
    if head.startswith(b'{"input": '):
        return _REPORT_RECORD.match(head) is not None
    # Only in the head the template writes, so a scraped page with such a meta is still read.
    return head.startswith(b"<!doctype html>") and HTML_REPORT_MARKER in head[:_HTML_HEAD_BYTES]


def _read_up_to(descriptor: int, size: int) -> bytes:
    """Up to `size` bytes more, fewer only at the end of the file."""
    parts = []
    while size > 0:
        part = os.read(descriptor, size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def in_work_tree(folder: Path) -> bool:
    """Whether `folder` may lie in a git work tree: it or a folder above it holds a `.git`.

    Git finds its repository the same way, so where this says no, `git ls-files` would
    fail; where it says yes, git decides (a `.git` may be no repository)."""
    current = os.path.realpath(folder)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return True
        parent = os.path.dirname(current)
        if parent == current:
            return False
        current = parent


def git_ignored(folder: Path) -> frozenset[str]:
    """What git ignores below `folder`, as POSIX paths relative to it (an ignored folder stands for its files).

    Empty outside a git work tree, without git, or when `folder` is itself ignored:
    a folder named on the command line is walked whole.
    """
    # Outside a work tree git would only say so, after a process start (7-15 ms).
    git = shutil.which("git") if in_work_tree(folder) else None
    if git is None:
        return frozenset()
    command = [git, "ls-files", "--others", "--ignored", "--exclude-standard", "--directory", "-z"]
    # A git hook exports where its repository is, relative to the work tree's top: found
    # from `folder` instead, git places the paths right.
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    try:
        done = subprocess.run(command, cwd=folder, env=env, capture_output=True, check=False)
    except OSError:
        return frozenset()
    if done.returncode != 0:
        return frozenset()  # not a work tree (or a repository git will not read): nothing changes
    listed = {os.fsdecode(entry).rstrip("/") for entry in done.stdout.split(b"\0") if entry}
    return frozenset() if "." in listed else frozenset(listed)
