"""What every rule is: a code, a name, a description and a pure `check`."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from typing import ClassVar, Protocol, TypeVar, runtime_checkable

from cleaner.model.document import Document, Verdict

T = TypeVar("T", int, float)


class Kind(str, Enum):
    """The inputs a rule judges."""

    TEXT = "text"
    """A text dump's lines, and the text of a page after its first pass."""
    HTML = "html"
    """A parsed page's blocks, with their elements and DOM features."""


class Stage(IntEnum):
    """When in the passes over an input a rule judges."""

    MARKUP = 0
    """A page's first pass only, the one that sees its markup (the HTML rules)."""
    LINES = 1
    """Every pass, until the rules find nothing more."""
    PARAGRAPHS = 2
    """Once the line rules are done, so that it judges the page without its UI lines."""


class Reads(str, Enum):
    """What a rule's verdicts on a document follow from: the pipeline re-judges a rule
    after a pass only where what it reads may have changed."""

    LINE = "line"
    """Each line by its text alone: given `Document.fresh`, it judges only those lines."""
    LAYOUT = "layout"
    """The non-blank lines in order and, between two of them, whether a blank line
    separates them (not how many): a pass that only took blank lines, or the spaces on
    them, leaving one between every two non-blank lines it found, changes nothing it reads."""
    WHOLE = "whole"
    """Anything in the document (how many blank lines, where): judged afresh after every pass."""


def reads_of(rule: object) -> Reads:
    """What `rule` declares it reads; WHOLE, which is always safe, when it declares nothing."""
    return getattr(rule, "reads", Reads.WHOLE)


def settles(rule: object) -> bool:
    """Whether `rule` declares that it settles (`Rule.settles`); False, which is always safe,
    when it declares nothing."""
    return getattr(rule, "settles", False)


TEXT_AND_HTML = frozenset({Kind.TEXT, Kind.HTML})
TEXT_ONLY = frozenset({Kind.TEXT})
HTML_ONLY = frozenset({Kind.HTML})


@runtime_checkable
class Rule(Protocol):
    """A rule judges a document and returns verdicts; it never changes the document."""

    code: ClassVar[str]
    name: ClassVar[str]
    description: ClassVar[str]
    stage: ClassVar[Stage]
    kinds: ClassVar[frozenset[Kind]]
    reads: ClassVar[Reads]
    """Optional (`reads_of`): a rule that declares nothing is re-judged whole after every pass."""
    settles: ClassVar[bool]
    """Optional (`settles`): True when cutting its verdicts, with those of other settling
    rules and nothing else, from a text without CR leaves it nothing to find in the result,
    so that the pipeline need not ask it again after a pass that only such rules found
    anything in."""

    def check(self, doc: Document) -> list[Verdict]: ...


class RuleError(ValueError):
    """A rule that declares what the engine cannot run as declared; the message names it."""


def checked_rules(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """`rules`, once each declares all it must and consistently: a rule the engine would
    otherwise pass over without a word (an HTML rule outside the markup stage never sees
    a page's markup) is refused."""
    rules = tuple(rules)
    for rule in rules:
        label = getattr(rule, "code", type(rule).__name__)
        for attribute in ("code", "name", "description", "stage", "kinds"):
            if not hasattr(rule, attribute):
                raise RuleError(f"rule {label} declares no {attribute}")
        if not isinstance(rule.stage, Stage):
            raise RuleError(f"rule {label}: stage {rule.stage!r} is none of {', '.join(s.name for s in Stage)}")
        if not rule.kinds or not set(rule.kinds) <= set(Kind):
            raise RuleError(f"rule {label}: kinds {set(rule.kinds)!r} must name text, html or both")
        if (rule.stage is Stage.MARKUP) != (rule.kinds == HTML_ONLY):
            raise RuleError(
                f"rule {label}: a rule judges a page's markup (stage MARKUP) exactly when it judges HTML only; "
                f"it declares stage {rule.stage.name} and kinds {sorted(k.value for k in rule.kinds)}"
            )
    return rules


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
