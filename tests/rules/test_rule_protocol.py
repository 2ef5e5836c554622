"""What a rule must declare, and the rule sets that are refused instead of run wrong."""

from __future__ import annotations

from typing import ClassVar

import pytest

from cleaner.model.document import Document, Verdict
from cleaner.rules import catalogue
from cleaner.rules.base import HTML_ONLY, TEXT_AND_HTML, TEXT_ONLY, Kind, RuleError, Stage, checked_rules
from cleaner.rules.presets import Preset, preset_rules


class _Fake:
    code: ClassVar[str] = "ZZ09"
    name: ClassVar[str] = "fake"
    description: ClassVar[str] = "A fake rule."

    def check(self, doc: Document) -> list[Verdict]:
        return []


def _rule(**declared: object) -> _Fake:
    return type("Declared", (_Fake,), declared)()


def test_every_rule_cleaner_has_declares_a_consistent_stage_and_kinds() -> None:
    assert checked_rules(catalogue()) == catalogue()
    for preset in Preset:
        assert checked_rules(preset_rules(preset)) == preset_rules(preset)


def test_the_html_rules_judge_markup_and_nothing_else() -> None:
    html = [rule for rule in catalogue() if rule.code.startswith("HT")]
    assert html and all(rule.stage is Stage.MARKUP and rule.kinds == HTML_ONLY for rule in html)


def test_an_html_rule_that_forgets_the_markup_stage_is_refused_not_run_for_nothing() -> None:
    with pytest.raises(RuleError, match=r"rule ZZ09: a rule judges a page's markup \(stage MARKUP\) exactly when it judges HTML only"):
        checked_rules([_rule(stage=Stage.LINES, kinds=HTML_ONLY)])


def test_a_markup_rule_that_claims_text_too_is_refused() -> None:
    with pytest.raises(RuleError, match="it declares stage MARKUP and kinds"):
        checked_rules([_rule(stage=Stage.MARKUP, kinds=TEXT_AND_HTML)])


@pytest.mark.parametrize("missing", ["stage", "kinds"])
def test_a_rule_that_declares_no_stage_or_kinds_is_refused(missing: str) -> None:
    declared = {"stage": Stage.LINES, "kinds": TEXT_ONLY}
    del declared[missing]
    with pytest.raises(RuleError, match=f"rule ZZ09 declares no {missing}"):
        checked_rules([_rule(**declared)])


def test_a_stage_or_kind_the_engine_does_not_know_is_refused() -> None:
    with pytest.raises(RuleError, match="stage 3 is none of MARKUP, LINES, PARAGRAPHS"):
        checked_rules([_rule(stage=3, kinds=TEXT_ONLY)])
    with pytest.raises(RuleError, match="must name text, html or both"):
        checked_rules([_rule(stage=Stage.LINES, kinds=frozenset())])


class _EveryLine(_Fake):
    stage = Stage.LINES

    def check(self, doc: Document) -> list[Verdict]:
        return [Verdict.drop_block(block, self.code, "every line") for block in doc.blocks if not block.is_blank]


@pytest.mark.parametrize(("kinds", "text_removed", "page_removed"), [(TEXT_ONLY, True, False), (TEXT_AND_HTML, True, True)])
def test_a_rule_judges_only_the_input_kinds_it_declares(kinds: frozenset[Kind], text_removed: bool, page_removed: bool) -> None:
    from cleaner.engine.pipeline import clean_page, clean_text
    from cleaner.readers.dom import parse_page

    rule = type("Kinded", (_EveryLine,), {"kinds": kinds})()
    sentence = "The council met on Tuesday to agree the budget for the year."
    assert bool(clean_text(sentence + "\n", [rule]).removals) is text_removed
    assert bool(clean_page(parse_page(f"<html><body><p>{sentence}</p></body></html>"), [rule]).removals) is page_removed


def test_every_rule_that_judges_text_declares_what_it_reads() -> None:
    from cleaner.rules.base import Kind, Reads

    text_rules = [rule for rule in catalogue() if Kind.TEXT in rule.kinds]
    assert text_rules and all(isinstance(getattr(rule, "reads", None), Reads) for rule in text_rules)
