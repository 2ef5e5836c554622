"""Presets: which rules a run uses, chosen once."""

from __future__ import annotations

from enum import Enum
from functools import cache

from cleaner.rules import Rule, default_rules
from cleaner.rules.blocks import BoilerplateBlock
from cleaner.rules.repeats import RepeatedBlock
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
    return (*default_rules(), BoilerplateBlock(article=preset is Preset.ARTICLE))


def with_site_template(rules: tuple[Rule, ...], template: SiteTemplate) -> tuple[Rule, ...]:
    """`rules` with TP01 just before RB01: a line that a UI rule names is credited to that rule."""
    at = next((i for i, rule in enumerate(rules) if isinstance(rule, RepeatedBlock)), len(rules))
    return (*rules[:at], template, *rules[at:])
