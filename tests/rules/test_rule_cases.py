"""Every rule's must-remove and must-keep cases, kept as data in tests/rules/cases/."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from cleaner.presets import Preset, preset_rules
from cleaner.segment import segment_text

CASES = Path(__file__).parent / "cases"
RULES = {rule.code: rule for preset in Preset for rule in preset_rules(preset)}


def _cases(kind: str) -> list:
    found = []
    for path in sorted(CASES.glob("*.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8"))
        for case in table.get(kind, []):
            found.append(pytest.param(table["rule"], case, id=f"{table['rule']}-{case['name']}"))
    return found


def _removed(code: str, case: dict) -> list[str]:
    """What the rule removes from the case's text, with the case's `options` set on the rule."""
    rule = dataclasses.replace(RULES[code], **case.get("options", {}))
    doc = segment_text(case["text"])
    return [doc.text[v.start : v.end].rstrip("\r\n") for v in sorted(rule.check(doc), key=lambda v: v.start)]


@pytest.mark.parametrize(("code", "case"), _cases("remove"))
def test_rule_removes(code: str, case: dict) -> None:
    assert _removed(code, case) == case["removed"]


@pytest.mark.parametrize(("code", "case"), _cases("keep"))
def test_rule_keeps(code: str, case: dict) -> None:
    assert _removed(code, case) == []


def test_every_rule_has_cases_of_both_kinds() -> None:
    codes_with = {kind: {p.values[0] for p in _cases(kind)} for kind in ("remove", "keep")}
    assert codes_with["remove"] == set(RULES)
    assert codes_with["keep"] == set(RULES)
