"""The report's diff is byte for byte what the line-walking builder it replaced made
(`tests/diff_oracle.py`): for any text, line breaks and removals, any context."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.engine.pipeline import apply_verdicts, clean_text
from cleaner.model.document import Removal, Verdict
from cleaner.report.diff import unified_diff
from tests import diff_oracle
from tests.dumps import dumps

# Short lines of a few letters, spaces and every kind of line break, so removals
# often fall on, next to or inside a CR LF and on the last line without a break.
_TEXT = st.lists(st.sampled_from(["a", "bb", " ", "\n", "\r\n", "\r", "\n\n"]), max_size=30).map("".join)


@st.composite
def cleanings(draw: st.DrawFn) -> tuple[str, str, list[Removal]]:
    """A text, what is left of it, and the removals: spans that may touch but not overlap."""
    text = draw(_TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
    spans = [(start, end) for start, end in spans if draw(st.booleans()) or start < end]
    removals = [Removal(start, end, text[start:end], "XX01", "test", "drawn", 1, 1) for start, end in spans]
    clean = apply_verdicts(text, [Verdict(start, end, "XX01", "drawn") for start, end in spans if start < end])
    return text, clean, removals


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cleanings(), st.integers(0, 4))
def test_diff_matches_the_line_walking_builder_for_any_removals(cleaning: tuple[str, str, list[Removal]], context: int) -> None:
    text, clean, removals = cleaning
    assert unified_diff(text, clean, removals, "in.txt", "out.txt", context) == diff_oracle.unified_diff(
        text, clean, removals, "in.txt", "out.txt", context
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps(), st.sampled_from([0, 3, 10**6]))
def test_diff_matches_the_line_walking_builder_on_cleaned_dumps(text: str, context: int) -> None:
    result = clean_text(text)
    assert unified_diff(text, result.text, result.removals, "in.txt", "out.txt", context) == diff_oracle.unified_diff(
        text, result.text, result.removals, "in.txt", "out.txt", context
    )
