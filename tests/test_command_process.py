"""The `cleaner` command as a process (`cleaner/__main__.py`): what it loads, how it ends.

No timings here: these pin the behaviour that keeps start-up cheap (docs/benchmarks.md,
"Start-up time"), so that a new import at the top of a module does not silently slow
every command.
"""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import typer.main

from cleaner.cli import app, only
from cleaner.version import DISTRIBUTION, installed_version

# The process ends with os._exit, which runs no atexit hook: the wrapper writes the
# modules it holds from there.
_WRAPPER = """
import os, runpy, sys
exit_now, listing = os._exit, sys.argv.pop(1)
def ended(status):
    with open(listing, "w") as file:
        file.write("\\n".join(sys.modules))
    exit_now(status)
os._exit = ended
sys.argv[0] = "cleaner"
runpy.run_module("cleaner", run_name="__main__", alter_sys=True)
"""


def _run(tmp_path: Path, *args: str, stdin: str = "") -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """`python -m cleaner ARGS` and the modules it held when it ended."""
    listing = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(listing), *args], input=stdin, capture_output=True, text=True, cwd=tmp_path
    )
    return done, set(listing.read_text(encoding="utf-8").split())


def _text_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    stories = ("The council agreed the budget on Tuesday.", "Rain closed the harbour road.", "A new library opens in May.")
    for n, story in enumerate(stories):
        (folder / f"{n}.txt").write_text(f"Home\nShare on Facebook\n{story}\n", encoding="utf-8")
    return folder


def test_version_loads_neither_typer_nor_the_commands(tmp_path: Path) -> None:
    for flag in ("--version", "-V"):
        done, loaded = _run(tmp_path, flag)
        assert (done.returncode, done.stdout, done.stderr) == (0, f"cleaner {version(DISTRIBUTION)}\n", "")
        assert {"typer", "cleaner.cli", "importlib.metadata"} & loaded == set()


def test_the_version_read_from_the_install_is_importlib_metadatas() -> None:
    assert installed_version() == version(DISTRIBUTION)


def test_a_text_run_loads_neither_the_html_reader_nor_a_heavy_library(tmp_path: Path) -> None:
    folder = _text_folder(tmp_path)
    done, loaded = _run(tmp_path, "clean", str(folder), "-o", str(tmp_path / "out"), "-q", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "0.txt").read_text(encoding="utf-8") == "The council agreed the budget on Tuesday.\n"
    assert "cleaner.run.batch" in loaded
    unneeded = {"cleaner.readers.dom", "cleaner.report.page_source", "selectolax", "numpy", "jinja2", "rich", "charset_normalizer", "pydantic", "importlib.metadata"}
    assert unneeded & loaded == set()


def test_an_html_run_loads_the_html_reader(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text("<html><body><p>The council met on Tuesday and agreed the budget.</p></body></html>", encoding="utf-8")
    done, loaded = _run(tmp_path, "clean", str(folder), "-o", str(tmp_path / "out"), "-q", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert {"cleaner.readers.dom", "selectolax"} <= loaded


def test_the_exit_status_and_the_output_survive_the_quick_exit(tmp_path: Path) -> None:
    folder = _text_folder(tmp_path)
    would_change, _ = _run(tmp_path, "check", str(folder / "0.txt"))
    assert would_change.returncode == 1
    assert "UI01" in would_change.stdout and "1 would change" in would_change.stderr
    usage, _ = _run(tmp_path, "clean", str(folder), "--no-such-option")
    assert usage.returncode == 2 and "No such option" in usage.stderr
    # Standard output written in blocks: the tail is still flushed.
    page = "".join(f"Paragraph {n} of a long page that the council agreed on Tuesday.\n" for n in range(20_000))
    piped, _ = _run(tmp_path, "clean", "-", stdin=page)
    assert piped.returncode == 0 and piped.stdout == page


_WHOLE_APP = "from cleaner.cli import app; app(prog_name='cleaner')"


@pytest.mark.parametrize("command", ["clean", "check", "rules", "explain", "profile", "restore"])
def test_the_process_builds_only_the_command_it_runs_and_answers_as_the_whole_app(command: str, tmp_path: Path) -> None:
    narrowed = only(command)
    with_subcommands = {"profile": ["profile", "profile merge"]}.get(command, [command])
    assert [typer.main.get_command_name(info.name or info.callback.__name__) for info in narrowed.registered_commands] == with_subcommands
    for args in ([command, "--help"], [command, "--no-such-option"]):
        whole = subprocess.run([sys.executable, "-c", _WHOLE_APP, *args], capture_output=True, text=True, cwd=tmp_path)
        done, _ = _run(tmp_path, *args)
        assert (done.returncode, done.stdout, done.stderr) == (whole.returncode, whole.stdout, whole.stderr)
        assert done.stdout.startswith(f"Usage: cleaner {command} ") or "No such option" in done.stderr


def test_profile_merge_in_the_process_answers_as_the_whole_app(tmp_path: Path) -> None:
    for args in (["profile", "merge", "--help"], ["profile", "merge", "--no-such-option"]):
        whole = subprocess.run([sys.executable, "-c", _WHOLE_APP, *args], capture_output=True, text=True, cwd=tmp_path)
        done, _ = _run(tmp_path, *args)
        assert (done.returncode, done.stdout, done.stderr) == (whole.returncode, whole.stdout, whole.stderr)
        assert done.stdout.startswith("Usage: cleaner profile merge ") or "No such option" in done.stderr


def test_a_name_that_is_no_command_gets_the_whole_app() -> None:
    assert only("clen") is app and only("") is app and only("--help") is app
