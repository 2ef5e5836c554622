"""What `cleaner rules` and `cleaner explain` tell about a rule: its settings, their
defaults and ranges, and a config table to paste, as data the command prints."""

from __future__ import annotations

import json
from dataclasses import dataclass

from cleaner.rules import Rule, explanation
from cleaner.rules.base import Limits, limits_of
from cleaner.rules.selection import settable_options

_KINDS = {bool: "a boolean", int: "an integer", float: "a float", str: "a string"}


@dataclass(frozen=True)
class RuleSetting:
    """One threshold a user may set in `[tool.cleaner.rules.<name>]`."""

    name: str
    default: bool | int | float | str
    limits: Limits | None

    @property
    def kind(self) -> str:
        return _KINDS[type(self.default)]

    @property
    def allowed(self) -> str:
        """The values the config loader accepts: "an integer, at least 1"."""
        if self.limits is None or isinstance(self.default, (bool, str)):
            return self.kind
        return f"{self.kind}, {self.limits}"


def rule_settings(rule: Rule) -> list[RuleSetting]:
    """`rule`'s settable thresholds with the values `rule` has (its defaults, for a catalogue rule)."""
    return [RuleSetting(name, getattr(rule, name), limits_of(rule, name)) for name in settable_options(rule)]


def config_table(rule: Rule, table: str = "tool.cleaner.rules") -> str:
    """`[tool.cleaner.rules.<name>]` with every setting at its value, as TOML to paste
    into pyproject.toml; empty for a rule without settings."""
    settings = rule_settings(rule)
    if not settings:
        return ""
    return f"[{table}.{rule.name}]\n" + "".join(f"{s.name} = {_toml(s.default)}\n" for s in settings)


def _toml(value: bool | int | float | str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value)  # a TOML basic string reads JSON's escapes


def rule_record(rule: Rule) -> dict[str, object]:
    """A rule as `cleaner rules --output-format json` lists it."""
    return {
        "code": rule.code,
        "name": rule.name,
        "description": rule.description,
        "settings": {s.name: s.default for s in rule_settings(rule)},
    }


def explain_record(rule: Rule) -> dict[str, object]:
    """A rule as `cleaner explain --output-format json` prints it."""
    return {
        **rule_record(rule),
        "explanation": explanation(rule),
        "settings": [{"name": s.name, "default": s.default, "allowed": s.allowed} for s in rule_settings(rule)],
        "config": config_table(rule),
    }


def explain_text(rule: Rule) -> str:
    """What `cleaner explain` prints: the rule, its explanation, its settings and the table to paste."""
    text = f"{rule.code} {rule.name}: {rule.description}\n\n{explanation(rule)}\n\n"
    settings = rule_settings(rule)
    if not settings:
        return text + "Settings: none.\n"
    width = max(len(s.name) for s in settings)
    lines = "".join(f"  {s.name:<{width}}  default {_toml(s.default)}; {s.allowed}\n" for s in settings)
    return (
        f"{text}Settings:\n{lines}\n"
        f"In pyproject.toml (in cleaner.toml, the table is [rules.{rule.name}]):\n\n{config_table(rule)}"
    )
