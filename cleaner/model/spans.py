"""Span algebra on a text and its removals: the way back from clean text to the original.

Beside the model, not in the engine: restoring needs only the report's removals, so
`cleaner restore`, the run's own check after each input and JSON Lines rebuilding use it
without loading any rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter

from cleaner._speedups import compiled
from cleaner.model.document import Removal

JOINED = "RF01"
"""The code of a line break that `--reflow` replaced by a space (`cleaner.engine.reflow`):
the one removal whose place in the clean text is not empty but holds that space, which
restoring takes out as it puts the break back."""
UNSPACED = "RF02"
"""The code of a line break that `--reflow` removed with nothing in its place."""


def restore_text(clean: str, removals: Iterable[Removal]) -> str:
    """Rebuild the original text from the clean text and the removals of its report."""
    pieces: list[str] = []
    add = pieces.append
    position, shift, length = 0, 0, len(clean)
    for removal in sorted(removals, key=_START):
        start, text = removal.start, removal.text
        at = start - shift
        held = removal.code == JOINED
        if at < position or at + held > length or (held and clean[at] != " "):
            raise ValueError(f"removal at offset {start} does not fit the clean text")
        add(clean[position:at])
        add(text)
        position = at + held
        shift += len(text) - held
    add(clean[position:])
    return "".join(pieces)


_START = attrgetter("start")


def restores_py(clean: str, removals: Sequence[Removal], original: str) -> bool:
    """Whether the clean text and its removals rebuild `original` (`restore_text`), as the run
    checks each input before writing anything.

    (`restores` is its compiled twin, `cleaner._speedups.spans`, when built: it compares the
    pieces with the original where they lie, without building the restored text.)"""
    return restore_text(clean, removals) == original


_spans_kernel = compiled("spans")
restores: Callable[[str, Sequence[Removal], str], bool] = _spans_kernel.restores if _spans_kernel else restores_py
