"""Span algebra on a text and its removals: the way back from clean text to the original.

Beside the model, not in the engine: restoring needs only the report's removals, so
`cleaner restore`, the run's own check after each input and JSON Lines rebuilding use it
without loading any rule.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.model.document import Removal


def restore_text(clean: str, removals: Iterable[Removal]) -> str:
    """Rebuild the original text from the clean text and the removals of its report."""
    pieces, position, shift = [], 0, 0
    for removal in sorted(removals, key=lambda r: r.start):
        at = removal.start - shift
        if at < position or at > len(clean):
            raise ValueError(f"removal at offset {removal.start} does not fit the clean text")
        pieces += [clean[position:at], removal.text]
        position = at
        shift += len(removal.text)
    pieces.append(clean[position:])
    return "".join(pieces)
