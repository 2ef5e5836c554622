"""The set-up of each worker process of the LocalCluster a run starts (a Dask `preload`)."""

from __future__ import annotations

import logging
import signal


def dask_setup(worker: object) -> None:
    """Ctrl-C reaches the whole process group: the client alone decides what to do with it,
    and stops the run between two commits (as the processes of `-j N` leave it to the parent);
    a worker that took it would die mid-task with a traceback on the terminal."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A stopped run cancels the tasks it no longer wants: that is no news for the terminal.
    logging.getLogger("distributed.worker").setLevel(logging.ERROR)
