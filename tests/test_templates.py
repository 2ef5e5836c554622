"""The learn pass of TP01 and site profiles: counts, sites, order, saving and loading."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cleaner.rules.template as template
import cleaner.sites.learn as template_learn
from cleaner.engine.segment import segment_text
from cleaner.rules.template import SiteTemplate
from cleaner.sites.learn import TemplateCounter, learn
from cleaner.sites.model import TemplateModel, line_keys, template_key
from cleaner.sites.profile import ProfileError, load_profile, save_profile

NAV = ["Home", "World", "Contact Us"]


def _pages(site: str, count: int, seed: int = 0) -> list[tuple[str, str]]:
    r = random.Random(seed)
    pages = []
    for n in range(count):
        story = " ".join(r.choice(["valley", "bridge", "council", "river", "repairs", "vote"]) for _ in range(12))
        pages.append((site, "\n".join([*NAV, f"The {story} went on.", f"{r.randint(1, 99)}% of readers agree."])))
    return pages


def test_template_key_reads_every_digit_run_as_zero() -> None:
    assert template_key("  57% of Readers  think") == template_key("3% of readers think") == "0% of readers think"


def test_model_counts_pages_per_site_and_a_line_once_per_page() -> None:
    model = learn([("a", "Home\nHome\nStory one."), ("a", "Home\nStory two."), ("b", "Home")])
    assert model.pages == {"a": 2, "b": 1}
    assert model.seen("a", "home") == 2
    assert model.seen("b", "home") == 0  # seen once: not kept


def test_model_is_the_same_whatever_the_page_order_and_batching(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _pages("a", 40) + _pages("b", 30, seed=1)
    expected = learn(pages)
    shuffled = list(pages)
    random.Random(7).shuffle(shuffled)
    monkeypatch.setattr(template_learn, "_SPILL_AT", 7)  # counts moved into numpy arrays many times
    again = learn(shuffled)
    assert (again.pages, again.lines) == (expected.pages, expected.lines)


def test_counter_keeps_counts_not_pages() -> None:
    counter = TemplateCounter()
    for site, text in _pages("a", 50):
        counter.add(site, text)
    model = counter.model()
    assert set(model.lines["a"]) == {"home", "world", "contact us", "0% of readers agree"}


def test_a_line_on_every_page_of_one_site_is_removed_there_but_not_on_another_site() -> None:
    model = learn(_pages("a", 10) + [("b", f"Home\nStory {n} of the other site.") for n in range(2)])
    page = "Home\nThe bridge reopened on Monday after a year of repairs.\n"
    removed_on = {
        site: [page[v.start : v.end] for v in SiteTemplate(model).for_site(site).check(segment_text(page))] for site in "ab"
    }
    assert removed_on == {"a": ["Home\n"], "b": []}


def test_reason_says_on_how_many_of_the_sites_pages_the_line_was_seen() -> None:
    model = learn(_pages("a", 12))
    (verdict,) = SiteTemplate(model).for_site("a").check(segment_text("World\n"))
    assert "on 12 of the 12 pages of a" in verdict.reason


def test_profile_round_trip_keeps_the_model(tmp_path: Path) -> None:
    model = learn(_pages("www.ledger.example", 20) + _pages("archive", 5, seed=3))
    save_profile(model, tmp_path / "p.json")
    loaded = load_profile(tmp_path / "p.json")
    assert (loaded.pages, loaded.lines) == (model.pages, model.lines)
    document = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert document["format"] == "cleaner-site-profile" and document["version"] == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe", "not UTF-8"),
        (b"[]", "not a site profile"),
        (b'{"format": "cleaner-site-profile", "version": 9, "key": "normalise-digits-0", "sites": {}}', "version 9 is not supported"),
        (b'{"format": "cleaner-site-profile", "version": 2, "key": "other", "sites": {}}', "line key scheme"),
        (b'{"format": "cleaner-site-profile", "version": 2, "key": "normalise-digits-0-terse-exact", "sites": []}', '"sites" must be an object'),
        (
            b'{"format": "cleaner-site-profile", "version": 2, "key": "normalise-digits-0-terse-exact", "sites": {"a": {"pages": 2, "lines": {"home": 5}}}}',
            "not a count of at most 2 pages",
        ),
        (
            b'{"format": "cleaner-site-profile", "version": 2, "key": "normalise-digits-0-terse-exact", "sites": {"a": {"pages": true, "lines": {}}}}',
            'needs "pages"',
        ),
    ],
)
def test_a_corrupted_profile_is_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(content)
    with pytest.raises(ProfileError, match=message):
        load_profile(path)


def test_a_missing_profile_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read: no such file"):
        load_profile(tmp_path / "absent.json")


@given(st.text(alphabet="ab 0019٣２", max_size=14))
def test_template_key_reads_each_digit_as_zero_then_each_run_of_zeros_as_one(line: str) -> None:
    from cleaner.sites.model import is_terse, normalised_key

    expected = line if is_terse(line) else re.sub("0{2,}", "0", line.translate(str.maketrans("123456789", "0" * 9)))
    assert normalised_key(line) == expected


def test_template_key_compares_terse_lines_exactly() -> None:
    assert template_key("11") == "11" and template_key("(1)") == "1" and template_key("By") == "by"
    assert template_key("12 comments") == template_key("0 comments") == "0 comments"


def _unsited_model(order_seed: int | None = None) -> TemplateModel:
    pages = [(site, text) for site in ("a", "b") for _, text in _pages(site, 8, seed=ord(site))]
    pages = [(site, text.replace("Home", f"Home of {site}").replace("World", f"World of {site}")) for site, text in pages]
    if order_seed is not None:
        random.Random(order_seed).shuffle(pages)
    counter = TemplateCounter()
    for _, text in pages:
        counter.add_unsited("pages", text)
    return counter.model()


def test_unsited_pages_of_a_flat_folder_are_grouped_by_the_lines_they_share_whatever_their_order() -> None:
    model = _unsited_model()
    assert model.groups == {"pages": ("pages (group 1)", "pages (group 2)")}
    assert {frozenset(model.lines[g]) for g in model.groups["pages"]} == {
        frozenset({"home of a", "world of a", "contact us", "0% of readers agree"}),
        frozenset({"home of b", "world of b", "contact us", "0% of readers agree"}),
    }
    shuffled = _unsited_model(order_seed=5)
    assert (shuffled.pages, shuffled.lines, shuffled.groups) == (model.pages, model.lines, model.groups)
    group = model.group_of("pages", "Home of b\nWorld of b\nContact Us\nA new story.\n")
    assert model.lines[group]["home of b"] == 8
    assert model.group_of("pages", "Contact Us\nA page of no site here.\n") == "pages"


def test_profile_round_trip_keeps_the_groups(tmp_path: Path) -> None:
    model = _unsited_model()
    save_profile(model, tmp_path / "p.json")
    loaded = load_profile(tmp_path / "p.json")
    assert (loaded.pages, loaded.lines, loaded.groups) == (model.pages, model.lines, model.groups)


def test_a_profile_whose_groups_name_unknown_sites_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": "cleaner-site-profile", "version": 2, "key": "normalise-digits-0-terse-exact", "sites": {}, "groups": {"pages": ["x"]}}))
    with pytest.raises(ProfileError, match="folder 'pages': groups must be a list of sites of the profile"):
        load_profile(path)


def test_site_template_keys_each_line_of_a_page_once_however_many_passes_judge_it(monkeypatch: pytest.MonkeyPatch) -> None:
    model = learn(_pages("a", 20))
    page = "Home\nWorld\nContact Us\nHome\nA line of this page alone, which no other page prints.\n57% of readers agree.\n"
    expected = [(v.start, v.end, v.reason) for v in SiteTemplate(model).for_site("a").check(segment_text(page))]
    keyed: list[str] = []
    real = template.normalised_key

    def counted(normalised: str) -> str:
        keyed.append(normalised)
        return real(normalised)

    monkeypatch.setattr(template, "normalised_key", counted)
    rule = SiteTemplate(model).for_site("a")
    for _ in range(3):  # the pipeline's passes judge the page's lines again
        assert [(v.start, v.end, v.reason) for v in rule.check(segment_text(page))] == expected
    assert len(keyed) == len(set(page.splitlines())) == 5  # once per distinct line, over three passes
    assert len(expected) == 5  # Home (twice), World, Contact Us, the counter
    assert SiteTemplate(model).for_site("a")._keys == {}  # each page's copy starts empty


def test_line_keys_made_to_find_a_pages_group_are_not_made_again_by_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    model = learn(_pages("a", 20))
    page = "Home\nWorld\nContact Us\nA line of this page alone, which no other page prints.\n"
    lines = line_keys(page)
    assert lines == {line: template_key(line) for line in [*page.splitlines(), ""]}  # "" after the last break
    assert model.group_of("folder", page, lines) == model.group_of("folder", page)
    expected = [(v.start, v.end) for v in SiteTemplate(model).for_site("a").check(segment_text(page))]
    keyed: list[str] = []
    real = template.normalised_key
    monkeypatch.setattr(template, "normalised_key", lambda normalised: keyed.append(normalised) or real(normalised))
    rule = SiteTemplate(model).for_page("a", page, lines=lines)
    keyed.clear()  # for_page read the headline of the dump
    assert [(v.start, v.end) for v in rule.check(segment_text(page))] == expected == [(0, 5), (5, 11), (11, 22)]
    assert keyed == []


def _tally(pages: list[tuple[str, str]], unsited: bool = False) -> template_learn.LineTally:
    tally = template_learn.LineTally()
    for site, text in pages:
        keys = line_keys(text).values()
        if unsited:
            tally.add_unsited(site, keys)
        else:
            tally.add(site, keys)
    return tally


@pytest.mark.parametrize("unsited", [False, True], ids=["sited", "unsited"])
def test_tallies_of_any_shares_merged_in_any_order_make_the_model_one_counter_makes(unsited: bool) -> None:
    # The learn pass of -j N counts shares of the pages in worker processes and merges them.
    pages = _pages("a", 30) + _pages("b", 20, seed=1)
    if unsited:
        pages = [("pages", text.replace("Home", f"Home of {site}")) for site, text in pages]
    counter = TemplateCounter()
    for site, text in pages:
        (counter.add_unsited if unsited else counter.add)(site, text)
    expected = counter.model()
    assert expected.lines and bool(expected.groups) == unsited
    r = random.Random(3)
    shuffled = list(pages)
    r.shuffle(shuffled)
    cuts = sorted(r.sample(range(1, len(shuffled)), 6))
    shares = [_tally(shuffled[a:b], unsited) for a, b in zip([0, *cuts], [*cuts, len(shuffled)])]
    merged = TemplateCounter()
    for share in reversed(shares):
        merged.merge(share)
    joined = template_learn.LineTally()  # tallies also merge into each other
    for share in shares[:3]:
        joined.merge(share)
    again = TemplateCounter()
    for share in [joined, *shares[3:]]:
        again.merge(share)
    for model in (merged.model(), again.model()):
        assert (model.pages, model.lines, model.groups) == (expected.pages, expected.lines, expected.groups)


@pytest.mark.parametrize("unsited", [False, True], ids=["sited", "unsited"])
def test_counts_moved_into_numpy_arrays_make_the_model_the_tally_alone_makes(unsited: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # A small run counts in a LineTally only; a big one moves its counts into numpy arrays as it goes.
    pages = _pages("a", 30) + _pages("b", 20, seed=1)
    if unsited:
        pages = [("pages", text.replace("Home", f"Home of {site}")) for site, text in pages]

    def model() -> TemplateModel:
        counter = TemplateCounter()
        for site, text in pages:
            (counter.add_unsited if unsited else counter.add)(site, text)
        return counter.model()

    expected = model()
    monkeypatch.setattr(template_learn, "_SPILL_AT", 5)
    spilled = model()
    assert expected.lines and bool(expected.groups) == unsited
    assert (spilled.pages, spilled.lines, spilled.groups) == (expected.pages, expected.lines, expected.groups)


# Word characters and separators inside and outside ASCII: digits of other scripts,
# combining marks (not word characters to `re`), the underscore, CJK, an emoji.
_COUNTED = st.lists(st.sampled_from(list("aZ09_ .,-'\t\u00a0é中\u0301\u0663²ǅ\U0001f600")), max_size=30).map("".join)


@given(st.lists(st.one_of(_COUNTED, st.text(max_size=30), st.sampled_from(["", " ", "\r", "\r\n", "a b c d.", "a b c d. ", "One two three four"])), max_size=8).map("\n".join))
def test_compiled_headline_lines_give_the_python_ones(text: str) -> None:
    compiled = pytest.importorskip("cleaner._speedups.counts")
    twin = template._headline_lines_py(text, 4, 6)
    assert template._HeadlineLines(*compiled.headline_lines(text, 4, 6)) == twin
    assert twin.words == [len(re.findall(r"\w+", line)) for line in twin.lines]


def test_pure_python_setting_leaves_the_compiled_headline_lines_unused() -> None:
    import os
    import subprocess
    import sys

    code = "import cleaner.rules.template as t; print(t._headline_lines is t._headline_lines_py)"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, check=True)
    assert found.stdout.strip() == "True"


@given(st.lists(st.sampled_from(["a", "b b", "", " ", "\n", "\r", "\r\n", "\u2028", "x\ty"]), max_size=30).map("".join))
def test_line_keys_cut_lines_at_every_break_whichever_way_the_text_is_split(text: str) -> None:
    from cleaner.sites.model import LINE_BREAK

    assert set(line_keys(text)) == set(LINE_BREAK.split(text))


_LINES = st.lists(st.sampled_from(["Home", "World", "Contact Us", "Sport News", "Weather Today", "Most Read", "11", "By"]), max_size=8, unique=True)


@given(st.lists(st.tuples(_LINES, st.integers(3, 9)), min_size=1, max_size=5), _LINES)
def test_a_page_joins_the_group_whose_core_it_shares_most_as_the_definition_reads(groups: list[tuple[list[str], int]], page: list[str]) -> None:
    import math

    from cleaner.sites.groups import MIN_OVERLAP, MIN_SHARED
    from cleaner.sites.model import CORE_SHARE, MIN_DOCS, is_terse

    names = tuple(f"f (group {n})" for n in range(1, len(groups) + 1))
    model = TemplateModel(
        pages={name: pages for name, (_, pages) in zip(names, groups)},
        lines={name: {template_key(line): pages for line in lines} for name, (lines, pages) in zip(names, groups)},
        groups={"f": names},
    )
    keys = {template_key(line) for line in page}
    best, best_shared = "f", MIN_SHARED - 1
    for name in names:
        needed = max(MIN_DOCS, math.ceil(CORE_SHARE * model.pages[name]))
        core = {k for k, seen in model.lines[name].items() if seen >= needed and not is_terse(k)}
        shared = len(keys & core)
        if shared < MIN_OVERLAP * len(core):
            continue
        if shared > best_shared or (shared == best_shared and best != "f" and model.pages[name] > model.pages[best]):
            best, best_shared = name, shared
    assert model.group_of("f", "\n".join(page)) == best


@given(st.one_of(st.lists(st.sampled_from(["Home", " * [Home](x)", "12 Comments", "ＡＢ５", "ß", "\n", "\r", "\r\n", "", "  a\tb  "]), max_size=12).map("".join), st.text(max_size=40)))
def test_compiled_line_keys_give_the_python_ones(text: str) -> None:
    from cleaner.sites import model

    if model.line_keys is model.line_keys_py:
        pytest.skip("the keys kernel is not built")
    normalised: dict[str, str] = {}
    twin_normalised: dict[str, str] = {}
    assert model.line_keys(text, normalised) == model.line_keys_py(text, twin_normalised)
    assert normalised == twin_normalised
    assert model.line_keys(text) == model.line_keys_py(text)


@given(st.text(max_size=6), st.lists(st.one_of(st.text(max_size=20), st.sampled_from(["", "home", "0 comments", "\ud800x", "ß"])), max_size=6))
def test_compiled_line_hashes_give_the_python_ones(site: str, keys: list[str]) -> None:
    import xxhash

    from cleaner.sites import tally

    compiled = pytest.importorskip("cleaner._speedups.hashes")
    hashed = compiled.line_hashes(site, keys, xxhash.xxh3_64_intdigest)
    assert hashed == tally.line_hashes_py(site, keys, xxhash.xxh3_64_intdigest)
    assert hashed == [xxhash.xxh3_64_intdigest(f"{site}\0{key}".encode("utf-8", "surrogatepass")) for key in keys]


@given(st.one_of(st.text(max_size=12), st.sampled_from(["By", "(1)", "11", "Home", "ﬁrst", "中文字符", "a1b2c"])))
def test_compiled_is_terse_gives_the_python_one(line: str) -> None:
    from cleaner.sites.model import TERSE_LETTERS, is_terse_py

    compiled = pytest.importorskip("cleaner._speedups.keys")
    assert compiled.is_terse(TERSE_LETTERS, line) == is_terse_py(line)


def test_pure_python_setting_leaves_the_learn_pass_kernels_unused() -> None:
    import os
    import subprocess
    import sys

    code = (
        "import cleaner.sites.model as m, cleaner.sites.tally as t; "
        "print(m.line_keys is m.line_keys_py, m.is_terse is m.is_terse_py, t._line_hashes is t.line_hashes_py)"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "CLEANER_PURE_PYTHON": "1"}, check=True)
    assert found.stdout.strip() == "True True True"
