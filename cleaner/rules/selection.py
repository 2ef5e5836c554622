"""Which rules a run uses, and with which thresholds: ruff-style selectors and per-rule
settings applied to a rule set.

The choices arrive from the config file and the command line (`cleaner.config.Settings`),
but this module reads only the fields of `Choices`, so rules never depend on how a
config is found or parsed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from cleaner.rules.base import Rule, limits_of
from cleaner.text import kind_of

_SETTABLE_TYPES = (int, float, bool, str)
# Fields the run decides, not the user: TP01's learned model and site, BC01's preset mode.
_NOT_SETTINGS = frozenset({"model", "site"})
_PRESET_DECIDES = {"BC01": frozenset({"article"})}
_EXACT = 1_000  # a full code or a name beats any prefix


class SelectionError(ValueError):
    """A selector or rule setting the run cannot use; the message is one line naming the
    config file (when the culprit came from it) and the cause."""


class Choices(Protocol):
    """What selecting and configuring rules reads of the settings."""

    select: tuple[str, ...] | None
    ignore: tuple[str, ...]
    extend_select: tuple[str, ...]
    rules: Mapping[str, Mapping[str, object]]

    def where(self, selector: str | None = None) -> str:
        """The `file: ` prefix of an error about `selector`, empty when it came from the command line."""
        ...


def _specificity(selector: str, rule: Rule) -> int | None:
    """How closely `selector` names `rule` (higher is closer), or None when it does not name it."""
    if selector in (rule.code, rule.name):
        return _EXACT
    if selector == "ALL":
        return 0
    return len(selector) if rule.code.startswith(selector) else None


def select_rules(rules: Sequence[Rule], settings: Choices, known: Iterable[Rule] = ()) -> tuple[Rule, ...]:
    """The rules that `select`, `extend_select` and `ignore` leave on, in the given order (ruff's precedence).

    `known` lists rules a selector may name although they are not in this run (TP01 without a template).
    """
    every = (*rules, *known)
    chosen = (*(settings.select if settings.select is not None else ("ALL",)), *settings.extend_select)
    for selector in (*chosen, *settings.ignore):
        if selector != "ALL" and all(_specificity(selector, rule) is None for rule in every):
            raise SelectionError(f'{settings.where(selector)}unknown rule code or name "{selector}"')

    def on(rule: Rule) -> bool:
        picked = max((s for s in (_specificity(x, rule) for x in chosen) if s is not None), default=None)
        dropped = max((s for s in (_specificity(x, rule) for x in settings.ignore) if s is not None), default=None)
        # On equal specificity the ignore wins, as in ruff.
        return picked is not None and (dropped is None or picked > dropped)

    return tuple(rule for rule in rules if on(rule))


def settable_options(rule: Rule) -> dict[str, type]:
    """The thresholds a user may set on `rule`, with the type each takes."""
    if not dataclasses.is_dataclass(rule):
        return {}
    fixed = _NOT_SETTINGS | _PRESET_DECIDES.get(rule.code, frozenset())
    options = {}
    for f in dataclasses.fields(rule):
        default = f.default if f.default is not dataclasses.MISSING else getattr(rule, f.name)
        if f.init and f.name not in fixed and type(default) in _SETTABLE_TYPES:
            options[f.name] = type(default)
    return options


def configure_rules(rules: Sequence[Rule], settings: Choices, known: Iterable[Rule] = ()) -> tuple[Rule, ...]:
    """`rules` with the options of `settings.rules` applied; a rule named only in `known` is checked, not run."""
    configured, where = list(rules), settings.where()
    every = (*rules, *known)
    for key, options in settings.rules.items():
        target = next((rule for rule in every if key in (rule.code, rule.name)), None)
        if target is None:
            raise SelectionError(f'{where}unknown rule code or name "{key}" in rules')
        settable = settable_options(target)
        values = {}
        for option, value in options.items():
            if option not in settable:
                allowed = ", ".join(sorted(settable)) or "none"
                raise SelectionError(f'{where}rule "{target.name}" has no option "{option}" (settable: {allowed})')
            wanted = settable[option]
            if wanted is float and type(value) is int:
                value = float(value)
            if type(value) is not wanted:
                raise SelectionError(
                    f'{where}option "{option}" of rule "{target.name}" must be {kind_of(wanted())}, not {kind_of(value)}'
                )
            limits = limits_of(target, option)
            if limits is not None and not limits.allows(value):
                raise SelectionError(f'{where}option "{option}" of rule "{target.name}" is {value!r}; it must be {limits}')
            values[option] = value
        configured = [dataclasses.replace(r, **values) if key in (r.code, r.name) else r for r in configured]  # type: ignore[type-var]
    return tuple(configured)
