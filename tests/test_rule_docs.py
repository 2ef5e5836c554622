"""`cleaner rules` and `cleaner explain`: what a user needs to configure a rule, and nothing of its code."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

from cleaner.config import load_config
from cleaner.report.model import ExitCode
from cleaner.rules import catalogue
from cleaner.rules.docs import config_table, rule_settings
from cleaner.rules.selection import configure_rules
from tests.cli_runs import invoke

pytestmark = pytest.mark.usefixtures("in_tmp")

CONFIGURABLE = [rule.code for rule in catalogue() if rule_settings(rule)]


def test_rules_json_lists_every_rule_with_its_settings_at_their_defaults() -> None:
    result = invoke("rules", "--output-format", "json")
    assert result.exit_code == ExitCode.OK
    listed = {rule["code"]: rule for rule in json.loads(result.stdout)}
    assert list(listed) == [rule.code for rule in catalogue()]
    assert listed["TP01"]["name"] == "site-template" and listed["TP01"]["description"]
    assert listed["TP01"]["settings"] == {"min_docs": 3, "min_share": 0.05, "prose_words": 12, "prose_share": 0.5, "terse_share": 0.5}
    assert listed["WS01"]["settings"] == {}


def test_explain_lists_each_setting_with_its_default_and_allowed_range() -> None:
    text = invoke("explain", "site-template").stdout
    assert "  min_docs     default 3; an integer, at least 2\n" in text
    assert "  min_share    default 0.05; a float, above 0 and at most 1\n" in text
    assert text.endswith("[tool.cleaner.rules.site-template]\nmin_docs = 3\nmin_share = 0.05\nprose_words = 12\nprose_share = 0.5\nterse_share = 0.5\n")
    assert "Settings: none." in invoke("explain", "WS01").stdout


@pytest.mark.parametrize("code", CONFIGURABLE)
def test_the_table_explain_prints_is_toml_the_config_loader_accepts_unchanged(code: str) -> None:
    rule = next(r for r in catalogue() if r.code == code)
    table = invoke("explain", code).stdout.split("\n\n")[-1]
    assert table == config_table(rule)
    assert tomllib.loads(table)["tool"]["cleaner"]["rules"][rule.name]
    Path("pyproject.toml").write_text(table, encoding="utf-8")
    settings = load_config(Path("pyproject.toml"))
    assert configure_rules(catalogue(), settings) == catalogue()


@pytest.mark.parametrize("code", [rule.code for rule in catalogue()])
def test_explain_names_no_class_or_module_of_the_code(code: str) -> None:
    text = invoke("explain", code).stdout
    classes = {
        name
        for module_name, module in list(sys.modules.items())
        if module_name.startswith("cleaner") and module is not None
        for name, value in vars(module).items()
        if isinstance(value, type) and value.__module__.startswith("cleaner") and re.fullmatch(r"_?[A-Z][a-z]+[A-Z]\w*", name)
    }
    assert "OutsideMainContent" in classes  # the check sees the rule classes
    assert not {word for word in re.findall(r"\w+", text) if word in classes}
    assert set(re.findall(r"(?<![\w.])cleaner\.\w+", text)) <= {"cleaner.toml"}  # no module path


def test_explain_json_carries_the_explanation_settings_and_table() -> None:
    explained = json.loads(invoke("explain", "IC01", "--output-format", "json").stdout)
    assert explained["code"] == "IC01" and explained["explanation"].startswith("What it removes:")
    assert {"name": "min_share", "default": 0.6, "allowed": "a float, above 0 and at most 1"} in explained["settings"]
    assert explained["config"].startswith("[tool.cleaner.rules.icon-run]\n")
