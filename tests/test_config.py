"""Config files: where they are found, what they may say, and how they pick and tune rules and files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest

from cleaner.config import (
    ConfigError,
    Settings,
    find_config,
    load_config,
    load_settings,
)
from cleaner.model.document import Document, Verdict
from cleaner.readers.excludes import DEFAULT_EXCLUDE
from cleaner.rules import catalogue
from cleaner.rules.base import Rule, limits_of, setting
from cleaner.rules.presets import Preset, preset_rules
from cleaner.rules.repeats import RepeatedBlock
from cleaner.rules.selection import SelectionError, configure_rules, select_rules, settable_options
from cleaner.rules.template import SiteTemplate

RULES = preset_rules(Preset.DEFAULT)
ALL_CODES = [rule.code for rule in RULES]


@dataclass(frozen=True)
class Tidy:
    code: ClassVar[str] = "ZZ01"
    name: ClassVar[str] = "tidy"
    description: ClassVar[str] = "A fake rule with one threshold of each settable type."

    limit: int = 3
    share: float = 0.5
    strict: bool = False
    label: str = "x"
    model: str = "learned"

    def check(self, doc: Document) -> list[Verdict]:
        return []


class Plain:
    code = "ZZ02"
    name = "plain"
    description = "A fake rule that is not a dataclass."

    def check(self, doc: Document) -> list[Verdict]:
        return []


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _codes(rules: tuple[Rule, ...]) -> list[str]:
    return [rule.code for rule in rules]


# find_config


def test_find_config_walks_up_from_a_file_to_the_nearest_config(tmp_path: Path) -> None:
    config = _write(tmp_path / "cleaner.toml", "")
    page = _write(tmp_path / "a" / "b" / "page.txt", "text")
    assert find_config(page) == config.resolve()
    assert find_config(page.parent) == config.resolve()


def test_find_config_prefers_cleaner_toml_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.cleaner]\nselect = ['UI']\n")
    config = _write(tmp_path / "cleaner.toml", "")
    assert find_config(tmp_path) == config.resolve()


def test_find_config_skips_a_pyproject_without_a_cleaner_table(tmp_path: Path) -> None:
    outer = _write(tmp_path / "pyproject.toml", "[tool.cleaner]\n")
    _write(tmp_path / "inner" / "pyproject.toml", "[project]\nname = 'x'\n[tool.black]\n")
    assert find_config(tmp_path / "inner") == outer.resolve()


def test_find_config_returns_a_broken_pyproject_that_mentions_tool_cleaner(tmp_path: Path) -> None:
    broken = _write(tmp_path / "pyproject.toml", "[tool.cleaner]\nselect = [\n")
    assert find_config(tmp_path) == broken.resolve()


def test_find_config_skips_a_broken_pyproject_that_is_not_ours(tmp_path: Path) -> None:
    outer = _write(tmp_path / "cleaner.toml", "")
    _write(tmp_path / "inner" / "pyproject.toml", "[project\n")
    assert find_config(tmp_path / "inner") == outer.resolve()


def test_load_settings_reads_and_parses_a_found_pyproject_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "pyproject.toml", '[tool.cleaner]\nselect = ["UI"]\n')
    page = _write(tmp_path / "page.txt", "text")
    import tomllib

    parsed: list[str] = []
    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: parsed.append(text) or real(text))
    assert load_settings([str(page)]).select == ("UI",)
    assert len(parsed) == 1


def test_load_settings_reports_a_broken_pyproject_it_found(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.cleaner]\nselect = [\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings([str(_write(tmp_path / "page.txt", "text"))])


def test_find_config_finds_nothing_without_a_config(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert find_config(tmp_path) is None


# load_config


def test_load_config_reads_every_key_from_pyproject(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "pyproject.toml",
        """
[project]
name = "x"

[tool.cleaner]
select = ["UI", "RB01"]
ignore = ["UI04"]
extend-select = ["WS"]
include = ["*.txt"]
exclude = ["drafts/*"]
extend-exclude = ["*.md"]
force-exclude = true
output-format = "jsonl"

[tool.cleaner.rules.repeated-block]
min_words = 8
""",
    )
    assert load_config(path) == Settings(
        select=("UI", "RB01"),
        ignore=("UI04",),
        extend_select=("WS",),
        rules={"repeated-block": {"min_words": 8}},
        include=("*.txt",),
        exclude=("drafts/*",),
        extend_exclude=("*.md",),
        force_exclude=True,
        output_format="jsonl",
        path=path,
    )


def test_load_config_reads_the_whole_document_of_cleaner_toml(tmp_path: Path) -> None:
    path = _write(tmp_path / "cleaner.toml", "ignore = ['BC01']\n[rules.RB01]\nmin_words = 7\n")
    settings = load_config(path)
    assert (settings.select, settings.ignore, settings.rules) == (None, ("BC01",), {"RB01": {"min_words": 7}})


def test_load_config_of_a_pyproject_without_a_cleaner_table_is_empty(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    assert load_config(path) == Settings(path=path)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "pyproject.toml",
            "[tool.cleaner]\nselct = ['UI']\n",
            'unknown key "selct" in [tool.cleaner] (known: exclude, extend-exclude, extend-select, force-exclude, ignore, include, keep, keep-selectors, output-format, rules, select)',
        ),
        ("cleaner.toml", "extend_select = ['UI']\n", 'unknown key "extend_select" at the top level'),
        ("cleaner.toml", "select = 'UI'\n", '"select" at the top level must be a list of strings, not a string'),
        ("pyproject.toml", "[tool.cleaner]\nignore = ['UI', 3]\n", '"ignore" in [tool.cleaner] must be a list of strings, not a list holding an integer'),
        ("cleaner.toml", "exclude = {a = 1}\n", '"exclude" at the top level must be a list of strings, not a table'),
        ("cleaner.toml", "output-format = 'xml'\n", 'output-format "xml" at the top level is not one of concise, full, json, jsonl, github, text'),
        ("cleaner.toml", "output-format = 1\n", "output-format an integer at the top level is not one of"),
        ("pyproject.toml", "[tool]\ncleaner = 3\n", "[tool.cleaner] must be a table"),
        ("pyproject.toml", "[tool.cleaner]\nrules = 3\n", "[tool.cleaner.rules] must be a table of rule tables, not an integer"),
        ("cleaner.toml", "[rules]\nRB01 = 8\n", "[rules.RB01] must be a table, not an integer"),
        ("cleaner.toml", "force-exclude = 'yes'\n", '"force-exclude" at the top level must be a boolean, not a string'),
        ("cleaner.toml", "extend-exclude = 'drafts'\n", '"extend-exclude" at the top level must be a list of strings'),
        ("cleaner.toml", "select = [" + "1" * 5000 + "]\n", "unusable TOML: an integer too long to read"),
        ("cleaner.toml", "select = " + "[" * 100_000 + "]" * 100_000 + "\n", "unusable TOML: arrays or tables nested too deeply"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None,
)
def test_load_config_rejects_a_bad_key_or_value_naming_the_file(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = _write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_find_config_skips_a_pyproject_whose_tool_is_not_a_table(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "tool = 5\n")
    assert find_config(tmp_path) is None


def test_load_config_of_a_pyproject_whose_tool_is_not_a_table_has_no_settings(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "tool = 5\n")
    assert load_config(path) == Settings(path=path)


def test_load_config_reports_invalid_toml_with_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "cleaner.toml", "select = ['UI']\nignore = \n")
    with pytest.raises(ConfigError, match=r"cleaner\.toml:2:10: invalid TOML: Invalid value$"):
        load_config(path)


def test_load_config_reports_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing.toml: cannot read the config file"):
        load_config(tmp_path / "missing.toml")


# load_settings


def test_load_settings_prefers_the_explicit_config(tmp_path: Path) -> None:
    _write(tmp_path / "cleaner.toml", "ignore = ['UI']\n")
    explicit = _write(tmp_path / "other.toml", "ignore = ['RB01']\n")
    assert load_settings([str(tmp_path)], explicit).ignore == ("RB01",)


def test_load_settings_searches_from_the_first_path_that_is_not_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "site" / "cleaner.toml", "ignore = ['UI']\n")
    page = _write(tmp_path / "site" / "page.txt", "text")
    monkeypatch.chdir(tmp_path)
    assert load_settings(["-", str(page)]).ignore == ("UI",)


def test_load_settings_searches_from_the_current_folder_for_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path / "cleaner.toml", "ignore = ['WS']\n")
    monkeypatch.chdir(tmp_path)
    assert load_settings(["-"]).ignore == ("WS",)


def test_load_settings_without_a_config_is_the_defaults(tmp_path: Path) -> None:
    assert load_settings([str(tmp_path)]) == Settings()


# select_rules


@pytest.mark.parametrize(
    ("select", "ignore", "extend", "expected"),
    [
        (None, (), (), ALL_CODES),
        (("UI",), (), (), ["UI02", "UI01", "UI03", "UI04"]),
        (("UI",), ("UI",), (), []),
        (("UI01",), ("UI",), (), ["UI01"]),
        (("UI0",), ("UI",), (), ["UI02", "UI01", "UI03", "UI04"]),
        (("UI",), ("UI0",), (), []),
        (("ui-phrase", "repeated-block"), (), (), ["UI01", "RB01"]),
        (None, ("ui-phrase",), (), [c for c in ALL_CODES if c != "UI01"]),
        (("ALL",), ("W",), (), [c for c in ALL_CODES if not c.startswith("WS")]),
        (("W",), ("ALL",), (), ["WS03", "WS02", "WS01"]),
        (("ALL",), ("ALL",), (), []),
        (("UI",), (), ("RB01",), ["UI02", "UI01", "UI03", "UI04", "RB01"]),
        ((), (), ("BC01",), ["BC01"]),
        ((), (), (), []),
        (("UI04", "UI01"), (), (), ["UI01", "UI04"]),
    ],
)
def test_select_rules_follows_ruff_precedence(
    select: tuple[str, ...] | None, ignore: tuple[str, ...], extend: tuple[str, ...], expected: list[str]
) -> None:
    settings = Settings(select=select, ignore=ignore, extend_select=extend)
    assert _codes(select_rules(RULES, settings)) == expected


@pytest.mark.parametrize("field", ["select", "ignore", "extend_select"])
def test_select_rules_rejects_a_selector_that_names_no_rule(tmp_path: Path, field: str) -> None:
    settings = Settings(**{field: ("XX01",)}, path=tmp_path / "cleaner.toml")  # type: ignore[arg-type]
    with pytest.raises(SelectionError) as caught:
        select_rules(RULES, settings)
    assert str(caught.value) == f'{tmp_path / "cleaner.toml"}: unknown rule code or name "XX01"'


def test_select_rules_does_not_blame_the_file_for_a_command_line_selector(tmp_path: Path) -> None:
    settings = Settings(ignore=("UI",), path=tmp_path / "cleaner.toml").merged(Settings(select=("XX",)))
    with pytest.raises(SelectionError) as caught:
        select_rules(RULES, settings)
    assert str(caught.value) == 'unknown rule code or name "XX"'


def test_select_rules_accepts_a_known_rule_that_is_not_in_this_run() -> None:
    settings = Settings(ignore=("TP01",))
    assert _codes(select_rules(RULES, settings, known=[SiteTemplate()])) == ALL_CODES
    with pytest.raises(SelectionError, match='"TP01"'):
        select_rules(RULES, settings)


def test_select_rules_of_no_rules_is_empty_not_an_error() -> None:
    assert select_rules((), Settings()) == ()


# Settings.merged


def test_merged_lets_command_line_values_win_over_the_file() -> None:
    file = Settings(
        select=("UI",),
        ignore=("UI04",),
        extend_select=("RB01",),
        rules={"RB01": {"min_words": 8, "min_sentence_words": 10}},
        include=("*.txt",),
        exclude=("drafts/*",),
        output_format="json",
        path=Path("cleaner.toml"),
    )
    cli = Settings(
        select=("W",),
        ignore=("WS02",),
        extend_select=("BC01",),
        rules={"RB01": {"min_words": 9}},
        include=("*.html",),
        exclude=("*.md",),
        output_format="github",
    )
    assert file.merged(cli) == Settings(
        select=("W",),
        ignore=("UI04", "WS02"),
        extend_select=("RB01", "BC01"),
        rules={"RB01": {"min_words": 9, "min_sentence_words": 10}},
        include=("*.html",),
        exclude=("*.md",),
        output_format="github",
        path=Path("cleaner.toml"),
    )


def test_merged_exclude_replaces_and_extend_exclude_adds_as_in_ruff() -> None:
    file = Settings(exclude=("drafts",), extend_exclude=("*.md",), force_exclude=True, path=Path("cleaner.toml"))
    merged = file.merged(Settings(exclude=("old",), extend_exclude=("*.log",)))
    assert (merged.exclude, merged.extend_exclude, merged.force_exclude) == (("old",), ("*.md", "*.log"), True)
    assert file.merged(Settings(force_exclude=False)).force_exclude is False


def test_file_filter_puts_the_default_excludes_under_extend_exclude_unless_exclude_is_set(tmp_path: Path) -> None:
    assert Settings(extend_exclude=("*.md",)).file_filter().exclude == (*DEFAULT_EXCLUDE, "*.md")
    assert Settings(exclude=(), extend_exclude=("*.md",)).file_filter().exclude == ("*.md",)
    files = Settings(include=("*.txt",), force_exclude=True, path=tmp_path / "cleaner.toml").file_filter()
    assert (files.include, files.force_exclude, files.root) == (("*.txt",), True, tmp_path)


def test_merged_keeps_file_values_the_command_line_leaves_unset() -> None:
    file = Settings(select=("UI",), include=("*.txt",), output_format="json", path=Path("cleaner.toml"))
    assert file.merged(Settings()) == file


# configure_rules


def test_configure_rules_replaces_thresholds_by_name_or_code() -> None:
    rules = (Tidy(), RepeatedBlock(), Plain())
    settings = Settings(rules={"repeated-block": {"min_words": 8}, "ZZ01": {"limit": 5, "share": 1, "strict": True, "label": "y"}})
    configured = configure_rules(rules, settings)
    assert configured[0] == Tidy(limit=5, share=1.0, strict=True, label="y")
    assert isinstance(configured[0].share, float)  # type: ignore[attr-defined]
    assert configured[1] == RepeatedBlock(min_words=8)
    assert configured[2] is rules[2]


def test_configure_rules_checks_a_known_rule_that_is_not_in_this_run() -> None:
    settings = Settings(rules={"site-template": {"min_docs": 5}})
    assert configure_rules(RULES, settings, known=[SiteTemplate()]) == RULES
    with pytest.raises(SelectionError, match='"site-template"'):
        configure_rules(RULES, settings)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"nope": {"limit": 1}}, 'cleaner.toml: unknown rule code or name "nope" in rules'),
        ({"tidy": {"limt": 1}}, 'cleaner.toml: rule "tidy" has no option "limt" (settable: label, limit, share, strict)'),
        ({"tidy": {"model": "x"}}, 'rule "tidy" has no option "model"'),
        ({"BC01": {"article": False}}, 'rule "boilerplate-block" has no option "article" (settable: none)'),
        ({"UI01": {"lexicon": "x"}}, 'rule "ui-phrase" has no option "lexicon" (settable: max_chars)'),
        ({"plain": {"limit": 1}}, 'rule "plain" has no option "limit" (settable: none)'),
        ({"tidy": {"limit": "5"}}, 'option "limit" of rule "tidy" must be an integer, not a string'),
        ({"tidy": {"limit": True}}, 'option "limit" of rule "tidy" must be an integer, not a boolean'),
        ({"tidy": {"limit": 2.5}}, 'option "limit" of rule "tidy" must be an integer, not a float'),
        ({"tidy": {"strict": 1}}, 'option "strict" of rule "tidy" must be a boolean, not an integer'),
        ({"tidy": {"share": "0.5"}}, 'option "share" of rule "tidy" must be a float, not a string'),
        ({"tidy": {"label": 3}}, 'option "label" of rule "tidy" must be a string, not an integer'),
    ],
)
def test_configure_rules_rejects_an_unknown_rule_option_or_type(rules: dict[str, dict[str, object]], message: str) -> None:
    settings = Settings(rules=rules, path=Path("cleaner.toml"))
    with pytest.raises(SelectionError) as caught:
        configure_rules((*RULES, Tidy(), Plain()), settings)
    assert message in str(caught.value)


# setting ranges


@pytest.mark.parametrize("rule", [r for r in catalogue() if settable_options(r)], ids=lambda r: r.code)
def test_every_numeric_rule_setting_declares_its_range_and_its_default_is_in_it(rule: Rule) -> None:
    for option, kind in settable_options(rule).items():
        if kind in (int, float):
            limits = limits_of(rule, option)
            assert limits is not None, f"{rule.code}.{option} has no declared range"
            assert limits.allows(getattr(rule, option)), f"{rule.code}.{option} default is outside {limits}"


@pytest.mark.parametrize(
    ("rule", "option", "value", "allowed"),
    [
        ("site-template", "min_share", float("nan"), "above 0 and at most 1"),
        ("site-template", "min_share", float("-inf"), "above 0 and at most 1"),
        ("site-template", "min_share", float("inf"), "above 0 and at most 1"),
        ("site-template", "min_share", 0, "above 0 and at most 1"),
        ("site-template", "prose_share", 1.5, "above 0 and at most 1"),
        ("site-template", "min_docs", 1, "at least 2"),
        ("icon-run", "min_share", -0.1, "above 0 and at most 1"),
        ("repeated-block", "min_words", 0, "at least 1"),
        ("repeated-block", "min_words", -3, "at least 1"),
        ("breadcrumb", "min_items", 1, "at least 2"),
        ("link-list", "max_link_share", 0.0, "above 0 and at most 1"),
    ],
)
def test_configure_rules_rejects_a_setting_out_of_its_range_naming_file_rule_key_value_and_range(
    rule: str, option: str, value: float, allowed: str
) -> None:
    settings = Settings(rules={rule: {option: value}}, path=Path("pyproject.toml"))
    with pytest.raises(SelectionError) as caught:
        configure_rules(catalogue(), settings)
    shown = repr(float(value)) if isinstance(value, float) or option.endswith("share") else repr(value)
    assert str(caught.value) == f'pyproject.toml: option "{option}" of rule "{rule}" is {shown}; it must be {allowed}'


def test_configure_rules_accepts_the_edges_of_a_range() -> None:
    settings = Settings(rules={"site-template": {"min_share": 1, "min_docs": 2}, "repeated-block": {"min_words": 1}})
    configured = {r.code: r for r in configure_rules(catalogue(), settings)}
    assert (configured["TP01"].min_share, configured["TP01"].min_docs, configured["RB01"].min_words) == (1.0, 2, 1)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Bounded:
    code: ClassVar[str] = "ZZ03"
    name: ClassVar[str] = "bounded"
    description: ClassVar[str] = "A fake rule whose one threshold declares its range."

    share: float = setting(0.5, above=0, at_most=1)

    def check(self, doc: Document) -> list[Verdict]:
        return []


def test_a_range_declared_on_a_rule_field_is_enforced_from_a_config_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "cleaner.toml", "[rules.bounded]\nshare = nan\n")
    with pytest.raises(SelectionError, match=r'cleaner\.toml: option "share" of rule "bounded" is nan; it must be above 0 and at most 1$'):
        configure_rules((Bounded(),), load_config(path))



# keep and keep-selectors


def test_load_config_reads_keep_patterns_and_selectors_from_pyproject(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", "[tool.cleaner]\nkeep = ['newsletter', 're:^Correction:']\nkeep-selectors = ['.byline']\n")
    settings = load_config(path)
    assert (settings.keep, settings.keep_selectors) == (("newsletter", "re:^Correction:"), (".byline",))
    assert settings.keep_list().match("Correction: the mayor's name") == "re:^Correction:"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("keep = ['re:[a-']\n", 'keep pattern "re:[a-" is not a valid regular expression: unterminated character set at position 0'),
        ("keep-selectors = ['nav >']\n", 'keep selector "nav >" is not a valid CSS selector'),
        ("keep = 'newsletter'\n", '"keep" at the top level must be a list of strings, not a string'),
    ],
)
def test_load_config_rejects_an_unusable_keep_entry_in_one_line_naming_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path / "cleaner.toml", text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}: {message}"


def test_merged_adds_command_line_keeps_to_the_file_ones() -> None:
    file = Settings(keep=("newsletter",), keep_selectors=(".byline",), path=Path("cleaner.toml"))
    merged = file.merged(Settings(keep=("re:^Note",), keep_selectors=("aside.fact",)))
    assert (merged.keep, merged.keep_selectors) == (("newsletter", "re:^Note"), (".byline", "aside.fact"))


def test_keep_list_does_not_blame_the_file_for_a_command_line_pattern(tmp_path: Path) -> None:
    settings = Settings(keep=("newsletter",), path=tmp_path / "cleaner.toml").merged(Settings(keep=("re:(",)))
    with pytest.raises(ConfigError) as caught:
        settings.keep_list()
    assert str(caught.value).startswith('keep pattern "re:(" is not a valid regular expression')
