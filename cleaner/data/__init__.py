"""Word lists and phrase tables the rules read; data, so a new language is a new file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

# The files sit beside this module: the package ships compiled kernels, so it is never
# imported from a zip, and importlib.resources (with zipfile behind it) would cost every
# start a few milliseconds for nothing.
FOLDER = Path(__file__).parent


def load_table(name: str) -> dict[str, Any]:
    """Read `cleaner/data/<name>.toml`."""
    with (FOLDER / f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


def load_tables(folder: str) -> dict[str, dict[str, Any]]:
    """Read every `cleaner/data/<folder>/*.toml`, keyed by file stem (a language code)."""
    tables: dict[str, dict[str, Any]] = {}
    for entry in sorted((FOLDER / folder).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            with entry.open("rb") as handle:
                tables[entry.name.removesuffix(".toml")] = tomllib.load(handle)
    return tables
