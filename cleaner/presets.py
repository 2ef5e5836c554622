"""Presets: which rules a run uses, chosen once."""

from __future__ import annotations

from enum import Enum
from functools import cache

from cleaner.rules import Rule, default_rules
from cleaner.rules.blocks import BoilerplateBlock


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
