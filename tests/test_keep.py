"""Keep-lists: a protected line survives every rule, and the report says which rule wanted it and what saved it."""

from __future__ import annotations

from typing import ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.engine.keep import KeepError, KeepList
from cleaner.engine.pipeline import clean_html, clean_page, clean_text
from cleaner.engine.segment import segment_text
from cleaner.model.document import Document, Kept, Verdict
from cleaner.model.spans import restore_text
from cleaner.readers.dom import parse_page
from cleaner.report.model import FileReport
from cleaner.rules.base import TEXT_AND_HTML, Kind, Stage
from cleaner.rules.presets import Preset, preset_rules
from tests.dumps import dumps

ARTICLE = "The council voted on Tuesday to close the northern bridge for repairs.\n"
PAGE = """<html><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<div class="meta"><span class="byline">By Ann Smith</span>, harbour desk</div>
<article><h1>Harbour reopens after the storm</h1>
<p>The port authority said ships could dock again on Monday after a week of repairs to the quay walls, and the first ferry left at noon.</p>
<p>Fishermen who had waited out the storm in sheltered bays returned to find their moorings intact.</p>
<p>Repairs to the northern breakwater will continue through the spring, at a cost of several million.</p>
</article>
<footer>Copyright 2024 Harbour News</footer>
</body></html>"""


class SpanThreeLines:
    """A fake rule that removes lines 1 to 3 as one verdict."""

    code: ClassVar[str] = "ZZ01"
    name: ClassVar[str] = "three-lines"
    description: ClassVar[str] = "A fake rule with one verdict over three lines."
    stage: ClassVar[Stage] = Stage.LINES
    kinds: ClassVar[frozenset[Kind]] = TEXT_AND_HTML

    def check(self, doc: Document) -> list[Verdict]:
        if len(doc.blocks) < 3 or doc.blocks[0].text != "one":
            return []
        return [Verdict(doc.blocks[0].start, doc.blocks[2].stop, self.code, "three lines of the fake rule")]


# KeepList


def test_a_phrase_keeps_any_line_that_contains_it_whatever_its_case() -> None:
    keep = KeepList(["newsletter"])
    assert keep.match("SUBSCRIBE TO OUR NEWSLETTER") == "newsletter"
    assert keep.match("Our Newsletter is weekly.") == "newsletter"
    assert keep.match("Subscribe") is None


def test_a_regex_is_searched_in_the_line_as_written() -> None:
    keep = KeepList(["re:^Corrections?:"])
    assert keep.match("Correction: an earlier version misnamed the mayor.") == "re:^Corrections?:"
    assert keep.match("correction: lower case") is None
    assert keep.match("See Correction: below") is None


def test_match_names_the_phrase_that_matched_among_several() -> None:
    keep = KeepList(["newsletter", "re:\\d{4}", "editor's note"])
    assert keep.match("Editor's note: updated") == "editor's note"
    assert keep.match("Copyright 2024") == "re:\\d{4}"


def test_phrases_are_literal_text_not_regular_expressions() -> None:
    keep = KeepList(["(c) 2024"])
    assert keep.match("Text (C) 2024 Harbour News") == "(c) 2024"
    assert keep.match("c 2024") is None


@pytest.mark.parametrize(
    ("patterns", "selectors", "message"),
    [
        (["re:("], [], 'keep pattern "re:(" is not a valid regular expression: missing ), unterminated subpattern at position 0'),
        ([""], [], 'keep pattern "" is empty, so it would keep every line'),
        (["re:"], [], 'keep pattern "re:" is empty'),
        ([], ["div >"], 'keep selector "div >" is not a valid CSS selector'),
    ],
)
def test_an_unusable_pattern_or_selector_is_a_keep_error_naming_it(patterns: list[str], selectors: list[str], message: str) -> None:
    with pytest.raises(KeepError) as caught:
        KeepList(patterns, selectors)
    assert message in str(caught.value)
    assert caught.value.entry == (patterns or selectors)[0]


def test_an_empty_keep_list_is_false_so_runs_without_one_skip_it() -> None:
    assert not KeepList()
    assert KeepList(["x"]) and KeepList([], ["nav"])


# text: patterns against the rules


def test_a_keep_phrase_saves_a_line_that_ui01_removes_without_it() -> None:
    text = ARTICLE + "Subscribe to our newsletter\nAdvertisement\n"
    assert [r.code for r in clean_text(text).removals] == ["UI01", "UI01"]
    result = clean_text(text, keep=KeepList(["newsletter"]))
    assert result.text == ARTICLE + "Subscribe to our newsletter\n"
    assert [r.text for r in result.removals] == ["Advertisement\n"]
    (kept,) = result.kept
    assert (kept.line, kept.text, kept.code, kept.name, kept.keep, kept.selector) == (
        2, "Subscribe to our newsletter", "UI01", "ui-phrase", "newsletter", False
    )
    assert "subscribe to our newsletter" in kept.reason


def test_a_protected_line_keeps_its_trailing_spaces_too() -> None:
    result = clean_text(ARTICLE + "Keep me   \n", keep=KeepList(["keep me"]))
    assert result.text == ARTICLE + "Keep me   \n"
    assert [(k.code, k.line) for k in result.kept] == [("WS01", 2)]


def test_a_verdict_over_several_lines_is_narrowed_around_the_protected_one() -> None:
    result = clean_text("one\ntwo\nthree\nfour\n", [SpanThreeLines()], KeepList(["two"]))
    assert result.text == "two\nfour\n"
    assert [(r.text, r.reason) for r in result.removals] == [("one\n", "three lines of the fake rule"), ("three\n", "three lines of the fake rule")]
    assert result.kept == (Kept(2, "two", "ZZ01", "three-lines", "three lines of the fake rule", "two"),)


def test_a_line_that_no_rule_wants_is_not_listed_as_kept() -> None:
    assert clean_text(ARTICLE, keep=KeepList(["council"])).kept == ()


def test_cleaning_without_a_keep_list_is_unchanged_by_an_empty_one() -> None:
    text = ARTICLE + "Share\nFacebook\n\n\n\nAdvertisement  \n"
    assert clean_text(text, keep=KeepList()) == clean_text(text)


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEEPS = st.lists(st.sampled_from(["Share", "advertisement", "re:^Home >", "re:^\\s*$", "|", "re:icon", "READ MORE"]), min_size=1, max_size=3)


@PROPERTY
@given(dumps(), KEEPS)
def test_with_keep_patterns_cleaning_restores_exactly_and_keeps_every_protected_line(text: str, patterns: list[str]) -> None:
    keep = KeepList(patterns)
    result = clean_text(text, keep=keep)
    assert restore_text(result.text, result.removals) == text
    clean_lines = [block.text for block in segment_text(result.text).blocks]
    protected = [block.text for block in segment_text(text).blocks if keep.match(block.text)]
    remaining = iter(clean_lines)
    assert all(line in remaining for line in protected), "protected lines, in order, in the clean text"


@PROPERTY
@given(dumps(), KEEPS)
def test_with_keep_patterns_cleaning_clean_text_removes_nothing(text: str, patterns: list[str]) -> None:
    keep = KeepList(patterns)
    once = clean_text(text, keep=keep).text
    again = clean_text(once, keep=keep)
    assert again.removals == ()
    assert again.text == once


# HTML: selectors and patterns against the HTML rules


def test_a_keep_selector_marks_the_blocks_whose_text_lies_inside_a_matching_element() -> None:
    page = parse_page(PAGE, [".byline", "article p:first-of-type"])
    kept = {block.text: block.kept_by for block in page.blocks if block.kept_by}
    # The span is inline: its whole line is kept, with the text around it.
    assert kept == {
        "By Ann Smith, harbour desk": ".byline",
        "The port authority said ships could dock again on Monday after a week of repairs to the quay walls, and the first ferry left at noon.": "article p:first-of-type",
    }


def test_a_keep_selector_on_a_container_keeps_every_block_inside_it() -> None:
    page = parse_page("<div id=box><p>One line here.</p><ul><li>Two</li><li>Three</li></ul></div><p>Four</p>", ["#box"])
    assert [(block.text, block.kept_by) for block in page.blocks] == [
        ("One line here.", "#box"), ("Two", "#box"), ("Three", "#box"), ("Four", ""),
    ]


ARTICLE_RULES = preset_rules(Preset.ARTICLE)
"""HT01 removes every block outside the region under --article only (the default's HT06 keeps a byline)."""


def test_a_keep_selector_saves_a_line_that_ht01_removes_without_it() -> None:
    without = clean_html(PAGE.encode(), ARTICLE_RULES)
    assert "By Ann Smith, harbour desk\n" in [r.text for r in without.removals if r.code == "HT01"]
    keep = KeepList([], [".byline"])
    result = clean_html(PAGE.encode(), ARTICLE_RULES, keep=keep)
    assert "By Ann Smith, harbour desk\n" in result.text
    assert "Home | World\n" not in result.text, "the rest of what HT01 judged still goes"
    (kept,) = result.kept
    assert (kept.text, kept.code, kept.name, kept.keep, kept.selector) == (
        "By Ann Smith, harbour desk", "HT01", "outside-main-content", ".byline", True
    )
    assert kept.reason.startswith("outside the main content")
    assert restore_text(result.text, result.removals) == result.original


def test_a_keep_selector_saves_an_aside_in_the_article_that_ht04_removes_without_it() -> None:
    page = PAGE.replace("</article>", '<aside class="fact"><p>Fact: the quay was built in 1887.</p></aside></article>').encode()
    assert [r.code for r in clean_html(page).removals if "1887" in r.text] == ["HT04"]
    result = clean_html(page, keep=KeepList([], ["aside.fact"]))
    assert "Fact: the quay was built in 1887.\n" in result.text
    assert [(k.code, k.reason, k.keep) for k in result.kept if "1887" in k.text] == [("HT04", "inside <aside> (aside.fact)", "aside.fact")]


def test_a_keep_pattern_saves_a_page_line_from_the_html_rules_too() -> None:
    result = clean_html(PAGE.encode(), ARTICLE_RULES, keep=KeepList(["copyright"]))
    assert "Copyright 2024 Harbour News\n" in result.text
    assert [(k.code, k.keep) for k in result.kept] == [("HT01", "copyright")]


def test_a_page_parsed_with_selectors_keeps_nothing_unless_cleaned_with_the_keep_list() -> None:
    page = parse_page(PAGE, [".byline"])
    assert clean_page(page, ARTICLE_RULES).kept == ()
    assert [k.keep for k in clean_page(page, ARTICLE_RULES, keep=KeepList([], [".byline"])).kept] == [".byline"]


# the report


def test_kept_lines_go_through_the_report_and_back() -> None:
    kept = (Kept(4, "Subscribe", "UI01", "ui-phrase", "whole line is a UI phrase", "re:^Sub"), Kept(2, "By Ann", "HT01", "outside-main-content", "outside", ".byline", True))
    line = FileReport(input="a.txt", kept=kept).to_json()
    assert '"pattern": "re:^Sub"' in line and '"selector": ".byline"' in line
    assert FileReport.from_json(line).kept == kept


def test_a_report_line_without_kept_entries_has_no_kept_field_and_reads_as_before() -> None:
    line = FileReport(input="a.txt").to_json()
    assert '"kept"' not in line
    assert FileReport.from_json(line).kept == ()
