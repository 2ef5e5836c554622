"""Native kernels (Cython) of the hottest loops; each has a pure-Python twin beside its caller."""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def compiled(name: str) -> ModuleType | None:
    """The kernel module `cleaner._speedups.<name>`, or None: it is not built, or
    `CLEANER_PURE_PYTHON=1` asks for the pure-Python twins."""
    if os.environ.get("CLEANER_PURE_PYTHON") == "1":
        return None
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ImportError:
        return None
