from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest


def test_library_does_not_import_the_cli_framework() -> None:
    code = "import sys, cleaner; cleaner.clean_text('x'); sys.exit('typer' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run([sys.executable, "-m", "cleaner", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "clean" in result.stdout and "restore" in result.stdout


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


# What start-up must not pay for unless a run uses it (docs/benchmarks.md, "Start-up time"):
# numpy for the learn pass, Jinja2 for --report-html, selectolax for HTML inputs,
# charset_normalizer for inputs that are not UTF-8, the process pool for -j 2 and up;
# pydantic, which typer converts option values with, for no run (`cleaner.cli_values`).
HEAVY = {"numpy", "jinja2", "selectolax", "charset_normalizer", "concurrent.futures.process", "rich", "typer", "pydantic"}


def test_import_cleaner_loads_no_submodule_and_no_heavy_library() -> None:
    loaded = _modules_after("import cleaner")
    assert {m for m in loaded if m.startswith("cleaner.")} == set()
    assert loaded & HEAVY == set()


def test_public_names_load_on_first_use() -> None:
    import cleaner

    for name in cleaner.__all__:
        assert getattr(cleaner, name).__name__ == name
    assert set(cleaner.__all__) <= set(dir(cleaner))
    with pytest.raises(AttributeError, match="no attribute 'clean_txt'"):
        cleaner.clean_txt  # noqa: B018


def test_checking_one_text_file_loads_no_heavy_library(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Share on Facebook\nThe council met on Tuesday and agreed the budget for the coming year.\n", encoding="utf-8")
    code = (
        "from cleaner import Options, run_clean\n"
        f"report = run_clean([{str(page)!r}], Options(check=True))\n"
        "assert (report.documents, report.changed) == (1, 1), report"
    )
    assert _modules_after(code) & HEAVY == set()


def test_help_loads_no_rule_and_no_heavy_library() -> None:
    code = (
        "import contextlib, io\n"
        "from cleaner.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()) as shown, contextlib.suppress(SystemExit):\n"
        "    app(['--help'], prog_name='cleaner')\n"
        "assert 'Usage: cleaner' in shown.getvalue(), shown.getvalue()"
    )
    loaded = _modules_after(code)
    assert "cleaner.rules" not in loaded
    assert loaded & (HEAVY - {"typer"}) == set()


def test_the_install_builds_every_native_kernel() -> None:
    # The README's install compiles them; were one missing, its twin would run unseen
    # and the tests that compare a kernel with its twin would skip.
    from pathlib import Path

    import cleaner._speedups

    folder = Path(cleaner._speedups.__file__).parent
    for source in sorted(folder.glob("*.pyx")):
        importlib.import_module(f"cleaner._speedups.{source.stem}")


def _modules_after_clean(arguments: list[str]) -> set[str]:
    code = (
        "import contextlib\n"
        "from cleaner.cli import app\n"
        "with contextlib.suppress(SystemExit):\n"
        f"    app({arguments!r}, prog_name='cleaner')\n"
    )
    return _modules_after(code)


def test_a_quiet_folder_run_loads_no_terminal_library(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(f"Home\nThe council met on Tuesday and agreed budget number {n}.\n", encoding="utf-8")
    loaded = _modules_after_clean(["clean", str(folder), "-o", str(tmp_path / "out"), "-q"])
    assert "cleaner.run.batch" in loaded and "rich" not in loaded


def test_a_run_over_a_folder_with_nothing_to_learn_from_loads_no_numpy(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    loaded = _modules_after_clean(["clean", str(tmp_path / "empty"), "-o", str(tmp_path / "out"), "-q"])
    assert "cleaner.run.batch" in loaded and "numpy" not in loaded


def test_a_folder_run_with_options_loads_no_pydantic(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    arguments = ["clean", str(tmp_path / "empty"), "-o", str(tmp_path / "out"), "-q", "-j", "1", "--select", "UI,WS"]
    loaded = _modules_after_clean([*arguments, "--max-line-chars", "500", "--output-format", "json", "--text-field", "body"])
    assert "cleaner.run.batch" in loaded and "pydantic" not in loaded
