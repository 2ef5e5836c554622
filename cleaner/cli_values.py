"""Turning the command line's strings into the types `cleaner`'s commands declare, without
pydantic where a plain conversion gives the same value.

typer 0.29 (the one installed) converts every parameter that is not a bare flag through
a pydantic TypeAdapter, built when the command runs, even for a parameter left at its
default: on `cleaner clean DIR -o OUT` that is 28 adapters and pydantic's import, about
0.1 s of a start-up of 0.3 s. The values of those parameters here are strings, lists of
strings, paths, counts, choices and None, for which the adapter's answer is plain
Python's. So each command converts those itself and hands anything else (a choice
spelt in another case, a count out of range or with a sign, bytes) to typer's own
conversion, built only then; every error message stays typer's.

The hook is typer's per-parameter converter slot (`_runtime_param`), which typer fills
lazily. With a typer that has no such slot the commands simply keep typer's conversion.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any

from typer.core import TyperCommand, TyperGroup

_UNHANDLED = object()


class _PlainValues:
    """One parameter's converter: plain Python for the common values, typer's otherwise."""

    def __init__(self, param: Any) -> None:
        self._param = param
        self._descriptor = param.type_descriptor
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if param.multiple or param.nargs == -1 else None
        plain = self._plain(value, param, ctx)
        if plain is not _UNHANDLED:
            return plain
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self._descriptor)
        return self._typer.coerce(value, param=param, ctx=ctx)

    def _plain(self, value: Any, param: Any, ctx: Any) -> Any:
        annotation = self._descriptor.annotation
        if annotation is str:
            return value if type(value) is str else _UNHANDLED
        if annotation == list[str]:
            if isinstance(value, (list, tuple)) and all(type(item) is str for item in value):
                return list(value)
            return _UNHANDLED
        if annotation is int:
            return self._count(value)
        if isinstance(annotation, type) and issubclass(annotation, Enum):
            return self._choice(annotation, value, ctx)
        if annotation is Path and type(value) is str:
            # typer's own path checks (exists, readable, ...), given the Path that
            # pydantic would have made from the string.
            from typer._param_types import coerce_cli_path

            return coerce_cli_path(Path(value), self._descriptor.parameter_info, path_type=Path, param=param, ctx=ctx)
        return _UNHANDLED

    def _choice(self, choices: type[Enum], value: Any, ctx: Any) -> Any:
        if isinstance(value, choices):
            return value  # a default
        if type(value) is str and self._descriptor.parameter_info.case_sensitive and ctx.token_normalize_func is None:
            return next((member for member in choices if str(member.value) == value), _UNHANDLED)
        return _UNHANDLED

    def _count(self, value: Any) -> Any:
        if type(value) is int:
            number = value
        elif type(value) is str and value.isascii() and value.isdigit():
            number = int(value)
        else:
            return _UNHANDLED  # signs, spaces, underscores: as typer reads them
        info = self._descriptor.parameter_info
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            return _UNHANDLED  # out of range: typer's message, or its clamp
        return number


def _plain_values(params: list[Any]) -> None:
    """Give each parameter typer has not yet given a converter the plain one."""
    for param in params:
        if getattr(param, "_runtime_param", _UNHANDLED) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = _PlainValues(param)


class PlainValuesCommand(TyperCommand):
    """A typer command whose parameters convert common values without pydantic (see the module)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)


class PlainValuesGroup(TyperGroup):
    """The same for the options before the command (--version, typer's completion options)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _plain_values(self.get_params(ctx))
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        # `cleaner profile merge` is its own command, registered as "profile merge", while
        # `cleaner profile PATH...` learns: a group for `profile` would read its PATH as a command name.
        if len(args) >= 2 and f"{args[0]} {args[1]}" in self.commands:
            return super().resolve_command(ctx, [f"{args[0]} {args[1]}", *args[2:]])
        return super().resolve_command(ctx, args)
