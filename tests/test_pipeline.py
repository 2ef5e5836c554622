"""The pipeline's promises: lossless, idempotent, offsets into the original."""

from __future__ import annotations

import bisect

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.engine.pipeline import _cuts_whole_lines as pipeline_cuts_whole_lines
from cleaner.engine.pipeline import apply_verdicts, clean_text, judge, keeps_layout
from cleaner.engine.segment import segment_text
from cleaner.model.document import Document, Verdict
from cleaner.model.spans import restore_text
from cleaner.rules import default_rules
from cleaner.rules.base import TEXT_AND_HTML, Reads, Stage
from cleaner.rules.presets import Preset, preset_rules
from tests.dumps import dumps

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(dumps())
def test_restore_rebuilds_the_original_exactly(text: str) -> None:
    result = clean_text(text)
    assert restore_text(result.text, result.removals) == text


@PROPERTY
@given(dumps())
def test_cleaning_clean_text_removes_nothing(text: str) -> None:
    once = clean_text(text).text
    again = clean_text(once)
    assert again.removals == ()
    assert again.text == once


@PROPERTY
@given(dumps())
def test_removals_point_at_their_text_in_the_original(text: str) -> None:
    for removal in clean_text(text).removals:
        assert text[removal.start : removal.end] == removal.text


def test_removal_that_spans_an_earlier_cut_is_split_around_it() -> None:
    text = "Para one.\n\nAdvertisement\n\nPara two.\n"
    result = clean_text(text)
    assert result.text == "Para one.\n\nPara two.\n"
    assert [(r.code, r.text) for r in result.removals] == [("UI01", "Advertisement\n"), ("WS02", "\n")]
    assert restore_text(result.text, result.removals) == text


def test_line_and_column_are_one_based_positions_in_the_original() -> None:
    result = clean_text("Intro line.\nText with trailing   \n")
    (removal,) = result.removals
    assert (removal.line, removal.column, removal.code) == (2, 19, "WS01")


def test_windows_line_breaks_survive_cleaning() -> None:
    result = clean_text("Para one.\r\nAdvertisement\r\nPara two.\r\n")
    assert result.text == "Para one.\r\nPara two.\r\n"


def test_earlier_rule_wins_a_span_claimed_twice() -> None:
    text = "Storm closes the northern ports today\nStorm closes the northern ports today\nBody.\n"
    verdicts = judge(segment_text(text), default_rules())
    assert [v.code for v in verdicts] == ["HL01"]
    assert apply_verdicts(text, verdicts) == "Storm closes the northern ports today\nBody.\n"


def test_clean_text_of_empty_string_is_empty() -> None:
    result = clean_text("")
    assert (result.text, result.removals) == ("", ())


@PROPERTY
@given(dumps())
def test_article_preset_is_lossless_and_idempotent_too(text: str) -> None:
    from cleaner.rules.presets import Preset, preset_rules

    rules = preset_rules(Preset.ARTICLE)
    result = clean_text(text, rules)
    assert restore_text(result.text, result.removals) == text
    assert clean_text(result.text, rules).removals == ()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps(), st.sampled_from(["", "\n" * 150, "\r\n" * 120, " \r" * 110]))
def test_removal_lines_and_columns_are_those_of_the_segmented_original(text: str, blanks: str) -> None:
    text = blanks + text + blanks + text
    starts = [block.start for block in segment_text(text).blocks]
    for removal in clean_text(text).removals:
        line = bisect.bisect_right(starts, removal.start)
        assert (removal.line, removal.column) == (line, removal.start - starts[line - 1] + 1)


@st.composite
def _layered_dumps(draw: st.DrawFn) -> str:
    """Dump lines that one rule cuts in part and another then judges whole: icon names in
    front of a line, trailing spaces, blank lines between."""
    from tests.dumps import ARTICLE, DEBRIS, HEADLINES

    line = st.tuples(st.sampled_from(["", "cameraicon ", "fa-share "]), st.sampled_from(ARTICLE + DEBRIS + HEADLINES + [""]), st.sampled_from(["", "  "]))
    return "\n".join("".join(parts) for parts in draw(st.lists(line, max_size=20)))


@given(st.one_of(dumps(), _layered_dumps()), st.sampled_from(["default", "article"]), st.booleans())
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_passes_cut_from_the_last_document_clean_as_passes_that_cut_the_whole_text(text: str, preset: str, keep: bool) -> None:
    """The engine cuts each pass's document from the last and lets line-by-line rules
    judge only its fresh lines; cutting the whole text every pass, with every rule judging
    every line, must give the same result, kept lines included."""
    from unittest import mock

    from cleaner.engine import pipeline
    from cleaner.engine.keep import KeepList
    from cleaner.rules.presets import Preset, preset_rules

    rules = preset_rules(Preset(preset))
    keeps = KeepList(patterns=("share", "re:^[A-Z][a-z]+$")) if keep else None
    fast = clean_text(text, rules, keep=keeps)
    with mock.patch.object(pipeline, "respliced", lambda doc, verdicts, current: segment_text(current, doc.source, doc.memo)):
        whole = clean_text(text, rules, keep=keeps)
    assert (fast.text, fast.removals, fast.kept) == (whole.text, whole.removals, whole.kept)


def test_a_line_cut_by_one_rule_is_judged_again_by_the_others() -> None:
    # IC01 takes the icon name in front; only then is the rest a teaser line (UI02).
    text = "cameraicon READ MORE: Storm closes the northern ports\nThe council voted on Tuesday to close the bridge.\n"
    result = clean_text(text)
    assert result.text == "The council voted on Tuesday to close the bridge.\n"
    assert [r.code for r in result.removals] == ["IC01", "UI02"]


@given(st.one_of(dumps(), _layered_dumps()), st.sampled_from(["default", "article"]), st.booleans())
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_rules_left_unasked_by_what_they_read_clean_as_rules_asked_every_pass(text: str, preset: str, keep: bool) -> None:
    """The engine does not ask a rule that reads the layout again after a pass that took
    only blank lines, nor a rule that reads lines alone of a document with no fresh line;
    asking every rule every pass must give the same result, kept lines included."""
    from unittest import mock

    from cleaner.engine import pipeline
    from cleaner.engine.keep import KeepList
    from cleaner.rules.base import Reads
    from cleaner.rules.presets import Preset, preset_rules

    rules = preset_rules(Preset(preset))
    keeps = KeepList(patterns=("share", "re:^[A-Z][a-z]+$")) if keep else None
    fast = clean_text(text, rules, keep=keeps)
    with mock.patch.object(pipeline, "reads_of", lambda rule: Reads.WHOLE), mock.patch.object(pipeline, "settles", lambda rule: False):
        asked = clean_text(text, rules, keep=keeps)
    assert (fast.text, fast.removals, fast.kept) == (asked.text, asked.removals, asked.kept)


@st.composite
def _chrome_dumps(draw: st.DrawFn) -> str:
    """`get_text("\\n")`-like lines: share names one per line, UI phrases, sentences broken at
    links around them (a UI phrase there is a fragment, kept until its neighbours go), and
    lines printed twice or three times, so that one pass's removals change what the next
    one reads around the lines it did not touch."""
    from tests.dumps import ARTICLE, DEBRIS, HEADLINES

    shares = st.sampled_from(["Share", "Facebook", "Twitter", "Email", "WhatsApp", "Share | Tweet"])
    pool = st.sampled_from(ARTICLE + DEBRIS + HEADLINES + ["", "  ", "He posted on", "that he would stay.", "Sign in"])
    return "\n".join(draw(st.lists(st.one_of(shares, pool), max_size=30)))


@given(st.one_of(dumps(), _layered_dumps(), _chrome_dumps()), st.sampled_from(["default", "article"]), st.booleans())
@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None, max_examples=300)
def test_rules_that_rejudge_only_fresh_lines_clean_as_every_rule_judging_every_line_every_pass(text: str, preset: str, keep: bool) -> None:
    """UI01 and UI03 judge again only the lines a pass cut afresh (the others by what they
    found of their texts and keys before), every rule skips what `Reads` lets it skip, and
    the line rules judge only fresh lines; every rule judging every line of a document cut
    whole, every pass, must give the same result, kept lines included."""
    from unittest import mock

    from cleaner.engine import pipeline
    from cleaner.engine.keep import KeepList

    rules = preset_rules(Preset(preset))
    keeps = KeepList(patterns=("share", "re:^[A-Z][a-z]+$")) if keep else None
    fast = clean_text(text, rules, keep=keeps)
    with (
        mock.patch.object(pipeline, "respliced", lambda doc, verdicts, current: segment_text(current, doc.source, doc.memo)),
        mock.patch.object(pipeline, "reads_of", lambda rule: Reads.WHOLE),
        mock.patch.object(pipeline, "settles", lambda rule: False),
    ):
        asked = clean_text(text, rules, keep=keeps)
    assert (fast.text, fast.removals, fast.kept) == (asked.text, asked.removals, asked.kept)


class _Counting:
    """A rule that reads the layout, finds nothing, and counts how often it is asked."""

    code, name, description = "ZZ01", "counting", "Counts its passes."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LAYOUT

    def __init__(self) -> None:
        self.asked = 0

    def check(self, doc: Document) -> list[Verdict]:
        self.asked += 1
        return []


def test_a_layout_rule_is_not_asked_again_after_a_pass_that_took_only_blank_lines() -> None:
    from cleaner.rules.whitespace import BlankLines

    counting = _Counting()
    result = clean_text("Para one.\n\n\n\nPara two.\n", [counting, BlankLines()])
    assert result.text == "Para one.\n\nPara two.\n"
    assert counting.asked == 1


class _Asked:
    """A rule whose `check` counts the passes that asked the rule it wraps."""

    def __init__(self, rule: object) -> None:
        self.rule, self.asked = rule, 0
        for attribute in ("code", "name", "description", "stage", "kinds", "reads", "settles"):
            if hasattr(rule, attribute):
                setattr(self, attribute, getattr(rule, attribute))

    def check(self, doc: Document) -> list[Verdict]:
        self.asked += 1
        return self.rule.check(doc)  # type: ignore[attr-defined]


def test_rules_that_settle_are_not_asked_again_after_a_pass_only_they_found_anything_in() -> None:
    from cleaner.rules.whitespace import BlankLines, TrailingWhitespace

    blank, trailing = _Asked(BlankLines()), _Asked(TrailingWhitespace())
    result = clean_text("\n\nPara one.\n\n  \n\nPara two.\n\n", [blank, trailing])
    assert result.text == "Para one.\n\nPara two.\n"
    assert (blank.asked, trailing.asked) == (1, 1)


def test_no_document_is_cut_after_the_last_pass_when_only_rules_that_settle_found_anything() -> None:
    from unittest import mock

    from cleaner.engine import pipeline
    from cleaner.rules.whitespace import BlankLines, TrailingWhitespace

    with mock.patch.object(pipeline, "respliced", wraps=pipeline.respliced) as cut:
        # WS02 takes whole lines only: the next document would have no fresh line.
        assert clean_text("Para one.\n\n\n\nPara two.\n", [BlankLines(), TrailingWhitespace()]).text == "Para one.\n\nPara two.\n"
        assert cut.call_count == 0
        # WS01 shortens a line, which the line rules must judge again.
        assert clean_text("Para one.  \n\n\n\nPara two.\n", [BlankLines(), TrailingWhitespace()]).text == "Para one.\n\nPara two.\n"
        assert cut.call_count == 1


def test_cuts_of_whole_lines_are_told_from_cuts_inside_lines() -> None:
    doc = segment_text("one\n\n\ntwo\nthree")
    whole = [Verdict(4, 6, "ZZ01", "test"), Verdict(10, 15, "ZZ01", "test")]
    assert pipeline_cuts_whole_lines(doc, whole)
    assert pipeline_cuts_whole_lines(doc, [Verdict(4, 5, "ZZ01", "test")])
    assert not pipeline_cuts_whole_lines(doc, [Verdict(6, 8, "ZZ01", "test")])
    assert not pipeline_cuts_whole_lines(doc, [Verdict(3, 4, "ZZ01", "test")])
    assert not pipeline_cuts_whole_lines(doc, [Verdict(0, 2, "ZZ01", "test")])


def test_a_rule_that_settles_is_asked_again_after_a_pass_another_rule_found_something_in() -> None:
    from cleaner.rules.chrome import UiPhrase
    from cleaner.rules.whitespace import BlankLines

    blank = _Asked(BlankLines())
    result = clean_text("Para one.\n\nAdvertisement\n\nPara two.\n", [UiPhrase(), blank])
    assert result.text == "Para one.\n\nPara two.\n"
    # Asked with UI01, then after UI01's cut (where it found the blank line left over), not after its own.
    assert blank.asked == 2


def test_a_layout_rule_is_asked_again_after_a_pass_that_took_text() -> None:
    from cleaner.rules.chrome import UiPhrase

    counting = _Counting()
    result = clean_text("Para one.\nAdvertisement\nPara two.\n", [UiPhrase(), counting])
    assert result.text == "Para one.\nPara two.\n"
    assert counting.asked == 2


def _layout_kept(text: str, *spans: tuple[int, int]) -> bool:
    return keeps_layout(segment_text(text), [Verdict(start, end, "ZZ01", "test") for start, end in spans])


def test_taking_surplus_blank_lines_keeps_the_layout() -> None:
    text = "One.\n\n\n \nTwo.\n"
    assert _layout_kept(text, (6, 9))
    assert _layout_kept(text, (7, 8))  # the spaces on a blank line


def test_taking_the_blank_lines_at_the_edges_keeps_the_layout() -> None:
    assert _layout_kept("\n\nOne.\n\nTwo.\n\n", (0, 2), (13, 14))


def test_taking_every_blank_line_between_two_lines_changes_the_layout() -> None:
    assert not _layout_kept("One.\n\n\nTwo.\n", (5, 7))


def test_taking_text_or_a_line_break_alone_changes_the_layout() -> None:
    assert not _layout_kept("One.\nAds\n\nTwo.\n", (5, 9))
    assert not _layout_kept("One.\n  \n\nTwo.\n", (7, 8))  # joins the spaces to the next line


def test_a_text_with_carriage_returns_is_left_to_judging() -> None:
    assert not _layout_kept("One.\r\n\r\n\r\nTwo.\r\n", (8, 10))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n", max_size=40), st.lists(st.integers(min_value=0, max_value=39), max_size=8))
def test_places_found_among_the_lines_of_a_text_without_cr_are_those_counted_in_it(text: str, offsets: list[int]) -> None:
    from cleaner.engine.pipeline import _lines_and_columns, _places

    starts = sorted({offset for offset in offsets if offset < len(text)})
    removed = [(start, start + 1, "ZZ01", "test") for start in starts]
    assert _places(segment_text(text).blocks, removed) == _lines_and_columns(text, starts)


_PAGE_PIECES = [
    "<p>Share on Facebook</p>",
    "<p>Advertisement</p>",
    "<p>The council met on Tuesday and agreed, after a long debate, to keep the library open.</p>",
    "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>",
    "<p>Read more: other news</p>",
    "<div>  </div>",
    "<footer>© 2026 The Paper</footer>",
]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_PAGE_PIECES), min_size=1, max_size=12), st.sampled_from(list(Preset)))
def test_removal_lines_and_columns_on_an_html_page_are_those_of_its_text(pieces: list[str], preset: Preset) -> None:
    from cleaner.engine.pipeline import clean_html

    result = clean_html(("<html><body>" + "".join(pieces) + "</body></html>").encode(), preset_rules(preset))
    starts = [0] + [at + 1 for at, char in enumerate(result.original) if char == "\n"]
    for removal in result.removals:
        line = bisect.bisect_right(starts, removal.start)
        assert (removal.line, removal.column) == (line, removal.start - starts[line - 1] + 1)


@st.composite
def _cuts_and_verdicts(draw: st.DrawFn) -> tuple[list[tuple[int, int, str, str]], list[Verdict]]:
    """Spans already cut from an original (sorted, apart) and a pass's verdicts on what is left."""
    points = sorted(draw(st.sets(st.integers(0, 80), max_size=12)))
    removed = [(start, end, "XX01", "earlier") for start, end in zip(points[::2], points[1::2])]
    left = 80 - sum(end - start for start, end, _, _ in removed)
    marks = sorted(draw(st.sets(st.integers(0, left), max_size=10)))
    verdicts = [Verdict(start, end, "YY01", f"span {start}") for start, end in zip(marks[::2], marks[1::2])]
    return removed, verdicts


@given(_cuts_and_verdicts())
def test_compiled_mapping_to_the_original_gives_the_python_one(case: tuple[list[tuple[int, int, str, str]], list[Verdict]]) -> None:
    import pytest

    from cleaner.engine.pipeline import to_original_py

    compiled = pytest.importorskip("cleaner._speedups.spans")
    removed, verdicts = case
    assert compiled.to_original(verdicts, removed) == to_original_py(verdicts, removed)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \n", max_size=40), st.lists(st.integers(min_value=0, max_value=39), max_size=8), st.booleans())
def test_compiled_removals_placed_among_the_lines_are_the_python_ones(text: str, offsets: list[int], located: bool) -> None:
    import pytest

    from cleaner.engine.pipeline import placed_removals_py
    from cleaner.model.document import Removal

    compiled = pytest.importorskip("cleaner._speedups.spans")
    lines = segment_text(text).blocks
    starts = sorted({offset for offset in offsets if offset < len(text)})
    removed = [(start, min(start + 3, len(text)), "ZZ01" if start % 2 else "YY01", f"at {start}") for start in starts]
    names = {"ZZ01": "zz", "YY01": "yy"}
    elements = [f"p:nth-child({line.line})" for line in lines] if located else ()
    made = compiled.placed_removals(removed, lines, text, names, elements, Removal)
    assert made == placed_removals_py(removed, lines, text, names, elements, Removal)
    assert all(type(removal) is Removal for removal in made)


@st.composite
def _accepted_and_verdicts(draw: st.DrawFn) -> tuple[list[Verdict], list[Verdict]]:
    """Verdicts already accepted (sorted, apart, as `judge` keeps them) and a later rule's, in any order."""
    from cleaner.engine.pipeline import admitted_py

    spans = st.tuples(st.integers(0, 30), st.integers(0, 8)).map(lambda span: (span[0], span[0] + span[1]))
    earlier = [Verdict(start, end, "AA01", f"a {start}") for start, end in draw(st.lists(spans, max_size=8))]
    later = [Verdict(start, end, "BB01", f"b {index}") for index, (start, end) in enumerate(draw(st.lists(spans, max_size=8)))]
    return admitted_py([], earlier), later


@given(_accepted_and_verdicts())
def test_compiled_admission_of_a_rules_verdicts_gives_the_python_one(case: tuple[list[Verdict], list[Verdict]]) -> None:
    import pytest

    from cleaner.engine.pipeline import admitted_py

    compiled = pytest.importorskip("cleaner._speedups.spans")
    accepted, verdicts = case
    assert compiled.admitted(accepted, verdicts) == admitted_py(accepted, verdicts)
    assert compiled.admitted([], verdicts) == admitted_py([], verdicts)


@given(_cuts_and_verdicts())
def test_compiled_application_of_verdicts_gives_the_python_one(case: tuple[list[tuple[int, int, str, str]], list[Verdict]]) -> None:
    from cleaner.engine.pipeline import apply_verdicts, apply_verdicts_py

    _, verdicts = case
    text = "".join(chr(ord("a") + at % 26) for at in range(80)) + "é\n"
    assert apply_verdicts(text, verdicts) == apply_verdicts_py(text, verdicts)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a \t\n", max_size=30), st.sets(st.integers(0, 30), max_size=8))
def test_compiled_layout_check_gives_the_python_one(text: str, marks: set[int]) -> None:
    import pytest

    from cleaner.engine.pipeline import keeps_layout_py

    compiled = pytest.importorskip("cleaner._speedups.spans")
    points = sorted(mark for mark in marks if mark <= len(text))
    verdicts = [Verdict(start, end, "WS02", "test") for start, end in zip(points[::2], points[1::2])]
    doc = segment_text(text)
    assert compiled.kept_layout(doc.blocks, verdicts) == keeps_layout_py(doc, verdicts)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab \r\n", max_size=40), st.lists(st.integers(min_value=0, max_value=39), max_size=8), st.booleans())
def test_compiled_removals_counted_in_the_text_are_the_python_ones(text: str, offsets: list[int], located: bool) -> None:
    import pytest

    from cleaner.engine.pipeline import counted_removals_py
    from cleaner.model.document import Removal

    compiled = pytest.importorskip("cleaner._speedups.spans")
    starts = sorted({offset for offset in offsets if offset < len(text)})
    removed = [(start, min(start + 2, len(text)), "ZZ01", f"at {start}") for start in starts]
    elements = [f"p:nth-child({line})" for line in range(1, len(text) + 2)] if located else ()
    made = compiled.counted_removals(removed, text, {"ZZ01": "zz"}, elements, Removal)
    assert made == counted_removals_py(removed, text, {"ZZ01": "zz"}, elements, Removal)
