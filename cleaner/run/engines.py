"""Which engine runs a run's tasks: its own module, free of imports, since the CLI's options name it."""

from __future__ import annotations

from enum import Enum


class Engine(str, Enum):
    """What runs a run's tasks: this machine's processes, or a Dask cluster (`cleaner.run.dask_engine`)."""

    LOCAL = "local"
    DASK = "dask"
