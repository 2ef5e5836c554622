"""The rule registry: every rule, in the order the pipeline gives it priority."""

from __future__ import annotations

import inspect
import sys
from functools import cache

from cleaner.rules.base import Rule
from cleaner.rules.blocks import BoilerplateBlock
from cleaner.rules.chrome import Breadcrumb, ShareBar, TeaserLine, UiPhrase
from cleaner.rules.headlines import DuplicateHeadline
from cleaner.rules.html import (
    BoilerplateContainer,
    LinkList,
    NonContentElement,
    OutsideMainContent,
    PageHeadline,
    PageTemplate,
    RepeatedElement,
)
from cleaner.rules.icons import IconRun
from cleaner.rules.repeats import RepeatedBlock
from cleaner.rules.template import SiteTemplate
from cleaner.rules.whitespace import BlankLines, StraySeparator, TrailingWhitespace


@cache
def default_rules() -> tuple[Rule, ...]:
    """Every line rule with its default thresholds (immutable, so built once per process).

    The paragraph classifier BC01 is added by the presets (`cleaner.rules.presets`).

    Where two rules claim the same text, the earlier one in this tuple is credited.
    The HTML rules come first: they judge a page's first pass, and find nothing in a
    text dump.
    """
    return (
        OutsideMainContent(),
        LinkList(),
        BoilerplateContainer(),
        NonContentElement(),
        IconRun(),
        DuplicateHeadline(),
        TeaserLine(),
        UiPhrase(),
        ShareBar(),
        Breadcrumb(),
        RepeatedBlock(),
        StraySeparator(),
        # Before WS01, so that a run of blank lines holding spaces goes as one removal
        # instead of one per line for its spaces and one per line break.
        BlankLines(),
        TrailingWhitespace(),
    )


def with_site_template(rules: tuple[Rule, ...], template: SiteTemplate) -> tuple[Rule, ...]:
    """`rules` with TP01 just before RB01: a line that a UI rule names is credited to that rule."""
    at = next((i for i, rule in enumerate(rules) if isinstance(rule, RepeatedBlock)), len(rules))
    return (*rules[:at], template, *rules[at:])


@cache
def catalogue() -> tuple[Rule, ...]:
    """Every rule cleaner has, with default settings, for `cleaner rules` and selection.

    TP01 runs only where a learn pass or a profile gives it a model; HT05, HT07 and
    BC01 are added by the presets.
    """
    return (*with_site_template(default_rules(), SiteTemplate()), PageHeadline(), RepeatedElement(), PageTemplate(), BoilerplateBlock())


EXPLAINED = ("What it removes:", "Why:", "How:", "Example:", "Must keep:")
"""The sections of a rule's docstring that `cleaner explain` prints. The docstring's
first line repeats the code and name, and its other paragraphs are notes for whoever
changes the code, naming classes and modules a user never sees."""


def explanation(rule: Rule) -> str:
    """What `cleaner explain` prints: the `EXPLAINED` sections of the rule's docstring
    where it says what the rule removes, else of its module's, which does for the rules
    that have a module each."""
    own = inspect.getdoc(type(rule)) or ""
    text = own if "What it removes" in own else inspect.getdoc(sys.modules[type(rule).__module__]) or own
    return "\n\n".join(part for part in text.split("\n\n") if part.startswith(EXPLAINED))


__all__ = ["Rule", "catalogue", "default_rules", "explanation", "with_site_template"]
