"""The commands' own conversion of command-line values (`cleaner.cli_values`) gives what
typer's pydantic-based one gives: the same value of the same type, or the same error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer import BadParameter

from cleaner.cli import app
from cleaner.cli_values import _PlainValues

# typer's own converters, which the plain ones stand in for (typers that convert with pydantic).
build_runtime_param = pytest.importorskip("typer._coercion").build_runtime_param

RAW = [
    None, "", "x", "-", "0", "1", "12", "-3", " 4", "1_0", "４", "999999999999",
    "concise", "json", "JSON", "text", "nope", "a b", "UI01,WS", "~/x", "re:[a-z]+",
    ("a", "b"), ["c"], (), 7, 0, 1_000_000, True, False, b"bytes", Path("p"),
]


def _parameters() -> list[tuple[str, Any]]:
    group = typer.main.get_command(app)
    found = [("(group)", param) for param in group.params]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        found += [(f"{name} {param.name}", param) for param in command.params]
    return found


def _outcome(converter: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = converter.coerce(value, param=param, ctx=ctx)
    except BadParameter as error:
        return "error", error.format_message()
    return type(result).__name__, result


@pytest.mark.parametrize(("label", "param"), _parameters(), ids=[label for label, _ in _parameters()])
def test_each_parameter_converts_as_typer_does(label: str, param: Any, tmp_path: Path) -> None:
    readable = tmp_path / "here.txt"
    readable.write_text("x", encoding="utf-8")
    ctx = typer.main.get_command(app).context_class(typer.main.get_command(app))
    for value in [*RAW, str(readable), str(tmp_path), param.default]:
        wanted = _outcome(build_runtime_param(param.type_descriptor), value, param, ctx)
        assert _outcome(_PlainValues(param), value, param, ctx) == wanted, (label, value)


def test_the_commands_use_the_plain_conversion() -> None:
    group = typer.main.get_command(app)
    assert type(group).__name__ == "PlainValuesGroup"
    assert {type(command).__name__ for command in group.commands.values()} == {"PlainValuesCommand"}  # type: ignore[attr-defined]
