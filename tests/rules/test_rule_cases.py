"""Every rule's must-remove and must-keep cases, kept as data in tests/rules/cases/."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from cleaner.engine.pipeline import page_document
from cleaner.engine.segment import segment_text
from cleaner.readers.dom import parse_page
from cleaner.rules.presets import Preset, preset_rules
from cleaner.rules.template import SiteTemplate
from cleaner.sites.learn import learn

CASES = Path(__file__).parent / "cases"
RULES = {rule.code: rule for preset in Preset for rule in (*preset_rules(preset), SiteTemplate())}


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
    doc = page_document(parse_page(case["html"])) if "html" in case else segment_text(case["text"])
    if "site" in case:
        # Bound to the page as the clean pass binds it: its site, and its own headline.
        rule = dataclasses.replace(rule, model=learn(_site_pages(case))).for_page("site", doc.text, doc.page)
    return [doc.text[v.start : v.end].rstrip("\r\n") for v in sorted(rule.check(doc), key=lambda v: v.start)]


def _site_pages(case: dict) -> list[tuple[str, str]]:
    """The pages a cross-document case's model learns from: the case's text and made-up pages.

    `site.pages` pages of "site" print `site.template` lines; `site.cited` maps a line to
    how many of them also carry it; `other_site` lines are printed on as many pages of
    another site.
    """
    site = case["site"]
    pages = [("site", case["text"])]
    for n in range(1, site["pages"]):
        cited = [line for line, count in site.get("cited", {}).items() if n <= count]
        body = f"Page {n} of the case reports on the valley, which had {n} quiet days this month."
        pages.append(("site", "\n".join([*site.get("template", []), body, *cited])))
    for n in range(site["pages"]):
        pages.append(("other", "\n".join([*case.get("other_site", []), f"Another story, number {n}."])))
    return pages


@pytest.mark.parametrize(("code", "case"), _cases("remove"))
def test_rule_removes(code: str, case: dict) -> None:
    assert _removed(code, case) == case["removed"]


@pytest.mark.parametrize(("code", "case"), _cases("keep"))
def test_rule_keeps(code: str, case: dict) -> None:
    """A keep case removes nothing; an HTML keep case may name what else goes (`removed`),
    and its `kept` lines must stay."""
    removed = _removed(code, case)
    assert removed == case.get("removed", [])
    assert not set(case.get("kept", [])) & set(removed)


def test_every_rule_has_cases_of_both_kinds() -> None:
    codes_with = {kind: {p.values[0] for p in _cases(kind)} for kind in ("remove", "keep")}
    assert codes_with["remove"] == set(RULES)
    assert codes_with["keep"] == set(RULES)
