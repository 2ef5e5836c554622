"""Writing files without ever leaving a half-written one behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO


def new_file_mode() -> int:
    """The permissions a plain `open(path, "w")` would give a new file under the current umask.

    Temporary files are created owner-only; the renamed result must not stay so.
    """
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename.

    A reader sees the old file or the new one, never a mix; a crash leaves the old one.
    Without `mode`, the file gets the permissions a new file gets under the umask.
    """
    stage(path, data, mode, durable=True).publish()


class Staged:
    """Bytes written to a hidden temporary file beside their target, not yet visible there."""

    def __init__(self, path: Path, temporary: Path) -> None:
        self.path = path
        self.temporary = temporary

    def publish(self) -> None:
        """Rename the temporary file over the target, atomically."""
        try:
            os.replace(self.temporary, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        self.temporary.unlink(missing_ok=True)


def stage(path: Path, data: bytes, mode: int | None = None, durable: bool = False) -> Staged:
    """Write `data` to a temporary file beside `path`; `Staged.publish` makes it `path`.

    `durable` syncs the data before returning, for a file about to replace one that
    exists nowhere else (an input cleaned in place).
    """
    handle, temporary = _create_beside(path, mode)
    try:
        try:
            # Written straight to the descriptor: a buffered file object for one write cost
            # as much again as the write (0.01-0.02 ms a file).
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
            if durable:
                os.fsync(handle)
        finally:
            os.close(handle)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return Staged(path, temporary)


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _create_beside(path: Path, mode: int | None) -> tuple[int, Path]:
    """A new hidden file beside `path`, open for writing, with its permissions set.

    Its name, `.NAME.PID.tmp`, is made from the target, which one run writes once: one
    `open` that gives the file a new file's permissions under the umask, where `mkstemp`
    tried random names, made the file owner-only and needed a `chmod` and two `umask`
    calls after it (0.04 ms a file of the 0.2 that staging cost). A name left taken by
    a killed run of the same process number falls back to `mkstemp`. The folder is
    made only when the open finds it missing.
    """
    temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        try:
            handle = os.open(temporary, _CREATE, 0o666)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(temporary, _CREATE, 0o666)
    except FileExistsError:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        temporary = Path(name)
        if mode is None:
            mode = new_file_mode()
    if mode is not None:
        try:
            os.fchmod(handle, mode)
        except BaseException:
            os.close(handle)
            temporary.unlink(missing_ok=True)
            raise
    return handle, temporary


class AtomicWriter:
    """A file written bit by bit that replaces `path` only when its `with` block ends cleanly.

    Until then the bytes go to a temporary file beside `path`; on an exception it is
    deleted and any old `path` is left as it was.
    """

    def __init__(self, path: Path, mode: int | None = None, before_replace: Callable[[], None] | None = None) -> None:
        self.path = path
        self._mode = mode
        self._before_replace = before_replace
        """Called just before the rename (the run's journal syncs the report lines that describe the file)."""
        self._temporary: Path | None = None
        self.file: IO[bytes] | None = None

    def __enter__(self) -> AtomicWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
        self._temporary, self.file = Path(name), os.fdopen(handle, "wb")
        return self

    def write(self, data: bytes) -> None:
        if self.file is None:
            raise RuntimeError(f"{self.path}: written outside its with block")
        self.file.write(data)

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        temporary, file = self._temporary, self.file
        self._temporary = self.file = None
        if temporary is None or file is None:
            return
        committed = False
        try:
            if kind is None:
                file.flush()
                os.fsync(file.fileno())
                file.close()
                os.chmod(temporary, self._mode if self._mode is not None else new_file_mode())
                if self._before_replace is not None:
                    self._before_replace()
                os.replace(temporary, self.path)
                committed = True
        finally:
            if not committed:
                temporary.unlink(missing_ok=True)
                # Closing flushes what is buffered, which fails again on a full disk;
                # the file is gone already, and the first error is the one to report.
                with contextlib.suppress(OSError):
                    file.close()


def os_cause(error: OSError) -> str:
    """The operating system's reason for `error`, as messages print it: "no space left on device"."""
    return (error.strerror or str(error)).lower()


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies below it, after resolving links."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


class StagingWriter(AtomicWriter):
    """An `AtomicWriter` that leaves its finished file hidden beside `path`, synced, as
    `staged`, for another process to publish once the report describes it (a cluster's
    client, `cleaner.run.dask_engine`); a failed one is deleted."""

    staged: Staged | None = None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        temporary, file = self._temporary, self.file
        self._temporary = self.file = None
        if temporary is None or file is None:
            return
        try:
            if kind is None:
                file.flush()
                os.fsync(file.fileno())
                os.chmod(temporary, self._mode if self._mode is not None else new_file_mode())
                self.staged = Staged(self.path, temporary)
        finally:
            with contextlib.suppress(OSError):
                file.close()
            if self.staged is None:
                temporary.unlink(missing_ok=True)
