"""Writing files without ever leaving a half-written one behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode if mode is not None else new_file_mode())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path` is `folder` or lies below it, after resolving links."""
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents
