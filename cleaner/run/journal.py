"""The run's report as a write-ahead journal: every output becomes visible only after
the report line that can undo it.

Order of writes for one input:

1. the clean bytes go to a temporary file beside their target (hidden, `.NAME.*.tmp`);
2. the input's report line (and its diff) is appended to the report and handed to
   the operating system;
3. the temporary file is renamed over the target.

A run killed between any two steps leaves every visible output described by a
report line, so it restores; a line cut off by the kill describes an output that
was never renamed into place, and the next run into the same report drops it.

Durability against power loss: with -o/--output the inputs are never at stake, so
the report and outputs are synced once, when the run ends (a thread starts writing
them back as the run goes, `Writeback`, so that little is left to write then). In place, the input
itself is replaced, so each replacement waits until its data and its report line
are on disk: the run commits its inputs in batches, each batch's outputs and lines
synced at once before its renames (a group commit, `Journal.commit`).

One run at a time writes a report: the report file is locked (an advisory lock,
released by the operating system however the run ends), and a second run into it
is refused.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from cleaner._speedups import compiled
from cleaner.report.model import FileReport
from cleaner.run.output import Staged, os_cause

__all__ = ["Entry", "Journal", "JournalError", "ReportLocked", "Writeback", "diff_path", "report_line"]


def diff_path(report_path: Path) -> Path:
    """The unified diff is written beside the JSON Lines report, as `<name>.diff`."""
    return report_path.with_suffix(".diff")


@dataclass(frozen=True)
class Entry:
    """One input as the journal commits it: its report line's record, its diff, its staged output."""

    report: FileReport
    diff: str = ""
    output: Staged | None = None
    line: bytes | None = None
    """The report line, if made already (`report_line`, by a worker process)."""


class ReportLocked(Exception):
    """Another run is writing the same report."""


class JournalError(Exception):
    """The report could not be written; the run stops, and nothing it has not described is visible."""


class Journal:
    """The JSON Lines report and the unified diff beside it, appended to as the run goes."""

    def __init__(self, report_path: Path, durable: bool = False) -> None:
        self.path = report_path
        self.durable = durable
        """Sync the report before each output replaces an input (in place)."""
        self._report: IO[bytes] | None = None
        self._diff: IO[bytes] | None = None
        self._writeback: Writeback | None = None
        self.appended = False
        """The report already held earlier runs' lines."""

    def __enter__(self) -> Journal:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Unbuffered: a line is handed to the operating system whole, or cut back off.
        report = open(self.path, "a+b", buffering=0)  # noqa: SIM115 - closed in __exit__
        try:
            _lock(report, self.path)
            self.appended = _drop_torn_line(report) > 0
            self._diff = open(diff_path(self.path), "a+b", buffering=0)  # noqa: SIM115
            _drop_torn_line(self._diff)
        except BaseException:
            report.close()
            raise
        self._report = report
        if not self.durable:
            self._writeback = Writeback(report.fileno())
        return self

    def commit(self, entries: Sequence[Entry]) -> None:
        """Describe a batch of inputs in the report, then make their outputs visible.

        In place (`durable`), the batch's staged outputs and its report lines are put on
        disk with one sync before any output replaces its input: a group commit, one
        sync a batch instead of two a file. Raises JournalError when the report cannot
        be written; the batch's outputs are then discarded, since nothing could restore
        them (lines already written describe outputs never made visible, as after a kill).
        """
        report, diff_file = self._report, self._diff
        if report is None or diff_file is None:
            raise RuntimeError("journal written outside its with block")
        try:
            for entry in entries:
                _append(report, entry.line if entry.line is not None else report_line(entry.report))
                if entry.diff:
                    _append(diff_file, entry.diff.encode("utf-8", "backslashreplace"))
            if self.durable and any(entry.output is not None for entry in entries):
                # One call for the staged files' data (written unsynced) and the report's lines.
                os.sync()
        except OSError as error:
            for entry in entries:
                if entry.output is not None:
                    entry.output.discard()
            raise JournalError(f"cannot write the report {self.path}: {os_cause(error)}") from None
        for entry in entries:
            if entry.output is not None:
                entry.output.publish()

    def sync(self) -> None:
        """Put the report on disk (before a JSON Lines file replaces its input)."""
        if self._report is not None:
            os.fsync(self._report.fileno())

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        files = [f for f in (self._report, self._diff) if f is not None]
        self._report = self._diff = None
        if self._writeback is not None:
            self._writeback.stop()
            self._writeback = None
        try:
            for file in files:
                os.fsync(file.fileno())
            # The outputs were renamed without a sync of their own: one for the whole run.
            os.sync()
        except OSError:
            if kind is None:
                raise
        finally:
            for file in files:
                file.close()  # closing the report releases its lock


WRITEBACK_PAUSE = 0.2
"""Seconds between two syncs of a run's writes so far (`Writeback`)."""


class Writeback:
    """Writes back the filesystem that holds the report (and, unless `--report` puts it
    elsewhere, the outputs) every `WRITEBACK_PAUSE` seconds, in a thread of its own, until
    stopped: the outputs and report lines a run with -o writes reach the disk while it
    cleans, not all in the sync that ends it (0.02-0.03 s for the 724 benchmark dumps on
    ext4, 0.006-0.009 s after this). That sync stays the run's one durability point; these
    only start early. Only that filesystem (`syncfs`): a run does not make every other
    program's writes on the machine go to disk five times a second."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cleaner-writeback", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stopped.wait(WRITEBACK_PAUSE):
            # Releases the GIL: the run goes on while the disk is written.
            if not sync_filesystem(self._fd):
                return  # no syncfs here: the sync that ends the run does it all

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()


def sync_filesystem_py(fd: int) -> bool:
    """`syncfs(fd)` through ctypes: write back the filesystem that holds the open file
    `fd`; False where it cannot be made. (`sync_filesystem` is its compiled twin,
    `cleaner._speedups.process`, when built.)"""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.syncfs(fd) == 0
    except (OSError, AttributeError):
        return False


def sync_filesystem(fd: int) -> bool:
    """`sync_filesystem_py`, through its compiled twin when built."""
    kernel = compiled("process")
    return (kernel.sync_filesystem if kernel else sync_filesystem_py)(fd)


def report_line(report: FileReport) -> bytes:
    """One input's line of the JSON Lines report, as written."""
    return report.to_line()


def _lock(report: IO[bytes], path: Path) -> None:
    try:
        fcntl.flock(report.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise ReportLocked(
            f"another cleaner run is writing {path}; wait for it to finish, or write elsewhere"
        ) from None


def _append(file: IO[bytes], data: bytes) -> None:
    """Append `data` whole or not at all: a failed write is cut back off."""
    size = file.seek(0, os.SEEK_END)
    try:
        view = memoryview(data)
        while view:
            view = view[file.write(view) :]
    except OSError:
        try:
            file.truncate(size)
        except OSError:
            pass
        raise


def _drop_torn_line(file: IO[bytes]) -> int:
    """Cut a last line that a killed run left unfinished; return the size left."""
    size = file.seek(0, os.SEEK_END)
    if size == 0:
        return 0
    file.seek(size - 1)
    if file.read(1) == b"\n":
        return size
    # Read backwards in blocks to the last line break.
    end = size
    while end > 0:
        start = max(0, end - 65536)
        file.seek(start)
        block = file.read(end - start)
        at = block.rfind(b"\n")
        if at >= 0:
            file.truncate(start + at + 1)
            return start + at + 1
        end = start
    file.truncate(0)
    return 0

