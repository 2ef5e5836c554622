from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.engine.segment import segment_text
from cleaner.rules.headlines import DuplicateHeadline
from cleaner.text import words


@given(st.text(alphabet="ab1_ .,-é\t", max_size=40), st.integers(1, 6), st.integers(1, 6))
def test_a_headline_is_a_line_of_min_to_max_words_as_words_counts_them(line: str, low: int, high: int) -> None:
    rule = DuplicateHeadline(min_words=low, max_words=high)
    blocks = segment_text(line).blocks
    if blocks:
        assert (rule._key(blocks[0]) is not None) == (low <= len(words(blocks[0].text)) <= high)


def test_settings_that_no_line_can_meet_make_no_headline() -> None:
    rule = DuplicateHeadline(min_words=5, max_words=3)
    assert rule.check(segment_text("Storm closes the northern ports\nStorm closes the northern ports\n")) == []


def _every_repeat_judged(rule: DuplicateHeadline, text: str) -> list[tuple[int, str]]:
    """HL01 as it judged before it asked only the lines that may go: each repeated line in
    turn, its first copy that is a headline kept as its twin."""
    from collections import Counter

    content = segment_text(text).content_blocks()
    counts = Counter(block.key for block in content)
    first_seen: dict[str, int] = {}
    given: dict[int, str | None] = {}
    found = []
    for position, block in enumerate(content):
        if counts[block.key] < 2:
            continue
        key = given[position] = rule._key(block)
        if key is None:
            continue
        adjacent = given.get(position - 1) == key
        if key in first_seen and (position < rule.window or adjacent):
            where = "right after it" if adjacent else f"within the first {rule.window} lines"
            found.append((block.start, f"same headline as line {content[first_seen[key]].line} ({where}, compared ignoring case and punctuation)"))
        else:
            first_seen.setdefault(key, position)
    return found


_LINES = st.sampled_from(
    ["Storm closes the ports", "STORM closes the ports!", "[Storm closes the ports](/a/b/c/d)", "Menu", "Share", "", "  ", "Body text here."]
)


@given(st.lists(_LINES, max_size=16), st.integers(1, 5), st.integers(1, 4))
def test_only_the_lines_that_may_go_are_judged_to_the_same_verdicts(lines: list[str], window: int, low: int) -> None:
    rule = DuplicateHeadline(window=window, min_words=low)
    text = "\n".join(lines) + "\n"
    found = [(verdict.start, verdict.reason) for verdict in rule.check(segment_text(text))]
    assert found == _every_repeat_judged(rule, text)
