"""The rule registry: every rule, in the order the pipeline gives it priority."""

from __future__ import annotations

from functools import cache

from cleaner.rules.base import Rule
from cleaner.rules.chrome import Breadcrumb, ShareBar, TeaserLine, UiPhrase
from cleaner.rules.headlines import DuplicateHeadline
from cleaner.rules.icons import IconRun
from cleaner.rules.repeats import RepeatedBlock
from cleaner.rules.whitespace import BlankLines, StraySeparator, TrailingWhitespace


@cache
def default_rules() -> tuple[Rule, ...]:
    """Every line rule with its default thresholds (immutable, so built once per process).

    The paragraph classifier BC01 is added by the presets (`cleaner.presets`).

    Where two rules claim the same text, the earlier one in this tuple is credited.
    """
    return (
        IconRun(),
        DuplicateHeadline(),
        TeaserLine(),
        UiPhrase(),
        ShareBar(),
        Breadcrumb(),
        RepeatedBlock(),
        StraySeparator(),
        TrailingWhitespace(),
        BlankLines(),
    )


__all__ = ["Rule", "default_rules"]
