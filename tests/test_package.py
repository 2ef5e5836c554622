from __future__ import annotations

import subprocess
import sys


def test_library_does_not_import_the_cli_framework() -> None:
    code = "import sys, cleaner; cleaner.clean_text('x'); sys.exit('typer' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run([sys.executable, "-m", "cleaner", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "clean" in result.stdout and "restore" in result.stdout
