"""Running the `cleaner` command in-process, as the command-line tests do."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from cleaner.cli import app


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    """`cleaner ARGS...` with `input` on standard input; stdout and stderr apart."""
    return CliRunner().invoke(app, list(args), input=input, prog_name="cleaner")
