"""Stopping a run on SIGINT or SIGTERM without tearing a report line from its output.

The command installs `stop_on_signals` for the run; the journal wraps each commit
(report line, then output) in `uninterrupted`, so a signal that arrives in between
waits until the output is in place. Python runs signal handlers in the main thread
only, between bytecodes, which is what makes a plain counter enough.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Interrupted", "checkpoint", "deferred", "stop_on_signals", "uninterrupted"]

_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_critical = 0
_deferred = 0
_pending: int | None = None


class Interrupted(Exception):
    """The run was stopped by a signal; what it finished is in its report."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"interrupted by {signal.Signals(signum).name}")
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal's number, as shells report a process a signal ended."""
        return 128 + self.signum


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise Interrupted (deferred inside `uninterrupted`)."""

    def handle(signum: int, frame: object) -> None:
        global _pending
        if _critical or _deferred:
            _pending = signum
            return
        raise Interrupted(signum)

    global _pending
    _pending = None  # a signal an earlier run in this process took note of is not this run's
    previous = {number: signal.signal(number, handle) for number in _SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """A stretch where a stop signal only takes note, to take effect at the next `uninterrupted`
    stretch's end (or this one's).

    For the time a process pool runs: an exception raised at an arbitrary bytecode of
    the pool's machinery can leave one of its locks held (a `with lock:` is not atomic
    against asynchronous exceptions), and the shutdown that follows would wait on it
    forever. Results come back an input at a time, so the stop is not delayed for long.
    """
    global _deferred
    _deferred += 1
    try:
        yield
    finally:
        _deferred -= 1
    _raise_pending()


@contextmanager
def uninterrupted() -> Iterator[None]:
    """A stretch that a stop signal must not cut; it takes effect right after."""
    global _critical, _pending
    _critical += 1
    try:
        yield
    finally:
        _critical -= 1
    _raise_pending()


def checkpoint() -> None:
    """A point where a stop signal that only took note (`deferred`) takes effect: code of the
    run's own between two steps, such as the learn pass's shares coming back from the pool."""
    _raise_pending()


def _raise_pending() -> None:
    global _pending
    if not _critical and _pending is not None:
        signum, _pending = _pending, None
        raise Interrupted(signum)
