"""What every rule is: a code, a name, a description and a pure `check`."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

from cleaner.document import Document, Verdict

T = TypeVar("T", int, float)


@runtime_checkable
class Rule(Protocol):
    """A rule judges a document and returns verdicts; it never changes the document."""

    code: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]

    def check(self, doc: Document) -> list[Verdict]: ...


@dataclass(frozen=True)
class Limits:
    """The values a rule's numeric setting may take, declared once beside its default."""

    at_least: float | None = None
    above: float | None = None
    at_most: float | None = None

    def allows(self, value: float) -> bool:
        # Not NaN, not infinite (TOML can spell both), then the bounds.
        if not math.isfinite(value):
            return False
        return (
            (self.at_least is None or value >= self.at_least)
            and (self.above is None or value > self.above)
            and (self.at_most is None or value <= self.at_most)
        )

    def __str__(self) -> str:
        bounds = [
            *([f"at least {self.at_least:g}"] if self.at_least is not None else []),
            *([f"above {self.above:g}"] if self.above is not None else []),
            *([f"at most {self.at_most:g}"] if self.at_most is not None else []),
        ]
        return " and ".join(bounds) or "a finite number"


def setting(default: T, *, at_least: float | None = None, above: float | None = None, at_most: float | None = None) -> T:
    """A rule threshold users may set in the config, with the range it must fall in."""
    limits = Limits(at_least, above, at_most)
    return field(default=default, metadata={"limits": limits})  # type: ignore[no-any-return]


def limits_of(rule: object, option: str) -> Limits | None:
    """The declared range of `rule`'s setting `option`, if it has one."""
    if not dataclasses.is_dataclass(rule):
        return None
    found = next((f for f in dataclasses.fields(rule) if f.name == option), None)
    return found.metadata.get("limits") if found is not None else None
