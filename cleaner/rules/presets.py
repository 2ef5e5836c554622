"""Presets: which rules a run uses, chosen once."""

from __future__ import annotations

from dataclasses import replace
from enum import Enum
from functools import cache

from cleaner.rules import Rule, catalogue, default_rules
from cleaner.rules.base import checked_rules
from cleaner.rules.blocks import BoilerplateBlock
from cleaner.rules.html import LinkList, OutsideMainContent, PageHeadline, PageTemplate, RepeatedElement
from cleaner.rules.selection import Choices, configure_rules, select_rules
from cleaner.rules.template import SiteTemplate


class Preset(str, Enum):
    """`default` removes what is clearly boilerplate; `article` keeps only the main article text."""

    DEFAULT = "default"
    ARTICLE = "article"

    @property
    def flag(self) -> str:
        return "--article" if self is Preset.ARTICLE else "default"


@cache
def preset_rules(preset: Preset = Preset.DEFAULT) -> tuple[Rule, ...]:
    """The rules of a preset, in priority order."""
    if preset is Preset.ARTICLE:
        return checked_rules((*default_rules(), PageHeadline(), RepeatedElement(), BoilerplateBlock(article=True)))
    # The default bets on no single region: outside it, only what is marked as template
    # goes; inside it, lists of links stay (a listing's items) and only template names
    # and elements go.
    conservative = tuple(
        PageTemplate() if isinstance(rule, OutsideMainContent) else replace(rule, article=False) if rule.code in ("HT03", "HT04") else rule
        for rule in default_rules()
        if not isinstance(rule, LinkList)
    )
    return checked_rules((*conservative, BoilerplateBlock(article=False)))


def configured_rules(preset: Preset, settings: Choices) -> tuple[tuple[Rule, ...], SiteTemplate | None]:
    """The rules a run uses after `select`/`ignore` and per-rule settings: the preset's rules,
    and TP01 apart (None when deselected), since it needs a learned model to run."""
    candidates = (*preset_rules(preset), SiteTemplate())
    chosen = checked_rules(configure_rules(select_rules(candidates, settings, known=catalogue()), settings, known=catalogue()))
    template = next((rule for rule in chosen if isinstance(rule, SiteTemplate)), None)
    return tuple(rule for rule in chosen if not isinstance(rule, SiteTemplate)), template
