"""cleaner.run.output and the writes built on it: a write that cannot finish leaves the old file as it was.

A real failed write is made with RLIMIT_FSIZE in a child process: past the limit a
write fails with EFBIG (SIGXFSZ ignored), as on a full disk. A direct write would
already have truncated the file by then; an atomic one has only lost its temporary file.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

resource = pytest.importorskip("resource")

LIMIT = 64 * 1024
"""Bytes a child process may write to one file; the old files are smaller, the new data bigger."""
OLD = b"The old file, which must survive a failed write.\n" * 100
NEW = b"x" * (4 * LIMIT)


def _run_limited(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `code` in a child Python whose files may not grow past LIMIT bytes."""
    prelude = textwrap.dedent(
        f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({LIMIT}, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        """
    )
    script = prelude + textwrap.dedent(code)
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, timeout=120)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_that_fails_midway_leaves_the_old_file_intact_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "page.txt"
    target.write_bytes(OLD)
    child = _run_limited(
        f"""
        from pathlib import Path
        from cleaner.run.output import write_atomic
        try:
            write_atomic(Path("page.txt"), b"x" * {len(NEW)})
        except OSError as error:
            print("failed", error.errno)
        """,
        tmp_path,
    )
    assert child.stdout.startswith("failed"), child.stderr
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def _fail_atomic_writer(tmp_path: Path) -> Path:
    """Write more than LIMIT through an AtomicWriter, in 1 KiB pieces, over an old small file."""
    target = tmp_path / "report.jsonl"
    target.write_bytes(OLD)
    child = _run_limited(
        f"""
        from pathlib import Path
        from cleaner.run.output import AtomicWriter
        try:
            with AtomicWriter(Path("report.jsonl")) as writer:
                for _ in range({len(NEW) // 1024}):
                    writer.write(b"y" * 1024)
        except OSError as error:
            print("failed", error.errno)
        """,
        tmp_path,
    )
    assert child.stdout.startswith("failed"), child.stderr
    return target


def test_atomic_writer_that_fails_midway_leaves_the_old_file_intact(tmp_path: Path) -> None:
    assert _fail_atomic_writer(tmp_path).read_bytes() == OLD


def test_atomic_writer_that_fails_midway_leaves_no_temporary(tmp_path: Path) -> None:
    _fail_atomic_writer(tmp_path)
    assert _leftovers(tmp_path) == []


def test_write_atomic_and_atomic_writer_replace_the_file_when_they_succeed(tmp_path: Path) -> None:
    from cleaner.run.output import AtomicWriter, write_atomic

    target = tmp_path / "page.txt"
    target.write_bytes(OLD)
    write_atomic(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    with AtomicWriter(target) as writer:
        writer.write(b"newer ")
        writer.write(b"still\n")
        assert target.read_bytes() == b"new\n"  # nothing shows until the block ends
    assert target.read_bytes() == b"newer still\n"
    assert _leftovers(tmp_path) == []


def _big_article(lines: int) -> str:
    """An article of distinct sentences, none of them junk, so cleaning it keeps nearly every byte."""
    return "".join(
        f"The council met for session {hashlib.sha256(str(n).encode()).hexdigest()[:12]} and voted to keep the library open.\n"
        for n in range(lines)
    )


def _clean_in_place_limited(tmp_path: Path, name: str) -> subprocess.CompletedProcess[str]:
    return _run_limited(
        f"""
        from cleaner.cli import app
        app(["clean", "--in-place", "--quiet", {name!r}], prog_name="cleaner")
        """,
        tmp_path,
    )


def test_clean_in_place_that_cannot_write_leaves_a_big_text_input_byte_identical(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    page.write_bytes(("Advertisement\n" + _big_article(3000)).encode("utf-8"))
    before = page.read_bytes()
    assert len(before) > 2 * LIMIT
    child = _clean_in_place_limited(tmp_path, "big.txt")
    assert child.returncode == 123, child.stderr
    assert "big.txt" in child.stderr and "cannot write" in child.stderr
    assert page.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_clean_in_place_that_cannot_write_leaves_a_big_jsonl_input_byte_identical(tmp_path: Path) -> None:
    records = tmp_path / "big.jsonl"
    article = _big_article(3000).splitlines(keepends=True)
    lines = [json.dumps({"id": n, "text": "Advertisement\n" + "".join(article[n * 100 : (n + 1) * 100])}) for n in range(30)]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = records.read_bytes()
    assert len(before) > 2 * LIMIT
    child = _clean_in_place_limited(tmp_path, "big.jsonl")
    assert child.returncode != 0, child.stderr
    assert records.read_bytes() == before
    assert _leftovers(tmp_path) == []


def test_a_staged_file_gets_a_new_files_permissions_or_the_mode_given_and_survives_a_taken_name(tmp_path: Path) -> None:
    import os

    from cleaner.run.output import new_file_mode, stage

    stage(tmp_path / "a.txt", b"a").publish()
    stage(tmp_path / "b.txt", b"b", mode=0o640).publish()
    # A temporary name left by a killed run of the same process number.
    (tmp_path / f".c.txt.{os.getpid()}.tmp").write_bytes(b"left over")
    staged = stage(tmp_path / "new" / "c.txt", b"c")
    staged.publish()
    stage(tmp_path / "c.txt", b"c").publish()
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == new_file_mode()
    assert (tmp_path / "b.txt").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "new" / "c.txt").read_bytes() == (tmp_path / "c.txt").read_bytes() == b"c"
    assert (tmp_path / "c.txt").stat().st_mode & 0o777 == new_file_mode()
    assert _leftovers(tmp_path) == [f".c.txt.{os.getpid()}.tmp"] and _leftovers(tmp_path / "new") == []
