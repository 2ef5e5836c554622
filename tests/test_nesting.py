from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.readers import nesting
from cleaner.readers.dom import parse_page
from cleaner.readers.nesting import MAX_DEPTH, cuts_nesting_py, flatten_deep_nesting
from cleaner.report.model import FileReport


def test_opening_tags_beyond_the_depth_are_dropped_and_their_text_kept() -> None:
    flattened = flatten_deep_nesting("<div><span>" * 3 + "deep text" + "</span></div>" * 3, max_depth=2)
    assert flattened.markup == "<div><span><br><br>deep text</span></div>"
    assert flattened.warning == "nesting deeper than 2 elements flattened from character 11 (4 opening tags dropped, their text kept)"


def test_bytes_are_flattened_as_bytes_and_the_warning_names_the_byte() -> None:
    flattened = flatten_deep_nesting(b"<p><b><i>x", max_depth=2)
    assert flattened.markup == b"<p><b>x"
    assert flattened.warning is not None and "from byte 6 " in flattened.warning


def test_end_tags_of_dropped_elements_go_too_so_shallower_elements_stay_open() -> None:
    page = "<section>" + "<div>" * 3 + "deep" + "</div>" * 3 + "after</section>"
    assert flatten_deep_nesting(page, max_depth=2).markup == "<section><div><br><br>deep</div>after</section>"


def test_a_page_within_the_depth_is_returned_as_it_is() -> None:
    page = "<div>" * MAX_DEPTH + "text"
    flattened = flatten_deep_nesting(page)
    assert (flattened.markup, flattened.warning) == (page, None)


@pytest.mark.parametrize(
    "page",
    [
        pytest.param("<p>paragraph " * 5000, id="unclosed-p"),
        pytest.param("<ul>" + "<li>item " * 5000 + "</ul>", id="unclosed-li"),
        pytest.param("<table>" + "<tr><td>a<td>b" * 5000 + "</table>", id="unclosed-td-tr"),
        pytest.param("<select>" + "<option>x" * 5000 + "</select>", id="unclosed-option"),
        pytest.param("<dl>" + "<dt>term<dd>definition" * 5000 + "</dl>", id="unclosed-dt-dd"),
        pytest.param("<p>" + '<a href="/x">link ' * 5000, id="unclosed-a"),
        pytest.param("<svg>" + '<path d="M0 0"/>' * 5000 + "</svg>", id="svg-self-closing"),
        pytest.param("<br><img src=x><input>" * 5000, id="void"),
        pytest.param("<script>" + "<div>" * 5000 + "</script><style><div></style>", id="raw-text"),
        pytest.param("<!--" + "<div>" * 5000 + "-->", id="comment"),
        pytest.param('<div title="a>b">x</div>' * 5000, id="quoted-angle-bracket"),
    ],
)
def test_markup_a_browser_keeps_shallow_is_not_cut(page: str) -> None:
    assert flatten_deep_nesting("<html><body>" + page).warning is None


def test_self_closing_syntax_on_html_elements_still_nests() -> None:
    # A browser ignores "/>" on <div>, so this nests ten thousand levels deep.
    assert flatten_deep_nesting("<div/>" * 10_000).warning is not None


def test_parsed_page_carries_the_warning_and_the_deep_text() -> None:
    page = parse_page("<html><body>" + "<div><span>" * 5000 + "text at the bottom")
    assert page.text() == "text at the bottom\n"
    assert len(page.warnings) == 1 and page.warnings[0].startswith("nesting deeper than 1,000 elements flattened from character ")


def test_deep_blocks_each_holding_text_stay_lines_of_their_own() -> None:
    page = parse_page("".join(f"<div>level {n} " for n in range(3000)))
    assert page.text().splitlines() == [f"level {n}" for n in range(3000)]


def test_report_line_keeps_the_warning_and_reads_it_back() -> None:
    report = FileReport(input="page.html", warnings=("nesting deeper than 1,000 elements flattened from byte 9",))
    assert FileReport.from_json(report.to_json()) == report
    assert "warnings" not in FileReport(input="page.html").to_json()


# Pieces of tag soup that exercise every branch of the scan: each kind of tag in both
# cases, implied closes, quoted ">" and "/>" in attributes, comments and bogus comments
# closed or not, raw text holding tags, and "<" that opens nothing.
_SOUP = st.sampled_from([
    "<div>", "</div>", "<DIV class=a>", "<span>", "</span>", "<p>", "</p>", "<P>", "<li>", "</li>", "<ul>", "</ul>",
    "<tr>", "<td>", "<th>", "<table>", "</table>", "<tbody>", "<dt>", "<dd>", "<dl>", "<option>", "<select>", "<optgroup>",
    "<a href=x>", "</a>", "<nobr>", "<h1>", "<h2>", "</h1>", "<button>", "</button>", "<caption>", "<menu>",
    "<svg>", "</svg>", "<math>", "<path d=1/>", "<path/ >", "<g>", "<div/>", "<br>", "</br>", "<img src=x>", "<hr>",
    '<b title="a>b">', "<i title='</i>'>", '<u x="/">', "<em x= '>'/>", '<q "=">', "<s =>", "<x-y>", "</x-y>", "<Ä>", "</ä>",
    "<!-- <div> -->", "<!--", "-->", "<!-->", "<!doctype html>", "<?xml?>", "</ >", "</3>", "<3", "< div>", "<", ">", "x",
    "<script>", "</script>", "</SCRIPT >", "<style>", "<textarea>", "</textarea/>", "<title>", "<xmp>", "<plaintext>",
    "<iframe>", "</iframe", "<noembed>", "<noframes>", "<?", "<!", "</", "<!-", "'", '"', "=", "/", "/>", " ", "\n",
])


BRANCHES = [
    "<?<div><div><div>", "<!<div><div><div>", "</ <div><div><div>", "</3<div><div>", "<!--<div>--><div><div><div>",
    "<!--<div><div><div>", "<!---><div><div><div>", "<div title='>'<div><div>", '<div a="x><div>"><div><div>',
    "<div a=  'x>'><div><div>", "<div a=\"><div><div>", "<div '><div><div>", "<script><div></script ><div><div>",
    "<SCRIPT><div></script\n><div><div>", "<script><div></scriptx><div><div>", "<script><div>", "<plaintext><div><div>",
    "<svg><path/><path/><path/>", "<svg><path /></svg><path/><path/>", "<math><mi/><mi/><mi/>", "<div/><div/><div/>",
    "<p><p><p><div>", "<p><button><p><p>", "<li><li><li><li>", "<ul><li><ul><li><li>", "<table><tr><td><table><tr><td>",
    "<dl><dt><dd><dt><dd>", "<select><option><option><optgroup><option>", "<h1><h2><h3><h4>", "<a><a><a><a>",
    "<nobr><nobr><nobr>", "<Ä><ä></Ä><b><b>", "<div></ DIV><div><div>", "<div></DIV ><div><div>", "<b =><b \"><b><b>",
    "<br><img><hr><input><wbr>", "</br></p></div><div><div>", "<x-a><x-b></x-a><x-c><x-d>", "<" + "div" * 30 + "><i><i>",
]


@pytest.mark.skipif(nesting._compiled_scan() is None, reason="the compiled scan is not built (python setup.py build_ext --inplace)")
@pytest.mark.parametrize("markup", BRANCHES)
@pytest.mark.parametrize("max_depth", [1, 2, 3])
def test_compiled_scan_reads_each_kind_of_markup_as_the_python_scan_does(markup: str, max_depth: int) -> None:
    data = markup.encode("utf-8")
    assert nesting._compiled_scan().cuts(data, max_depth) == cuts_nesting_py(data, max_depth)


@pytest.mark.skipif(nesting._compiled_scan() is None, reason="the compiled scan is not built (python setup.py build_ext --inplace)")
@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_SOUP, max_size=60), max_depth=st.integers(1, 8))
def test_compiled_scan_cuts_exactly_the_pages_the_python_scan_cuts(pieces: list[str], max_depth: int) -> None:
    markup = "".join(pieces).encode("utf-8")
    assert nesting._compiled_scan().cuts(markup, max_depth) == cuts_nesting_py(markup, max_depth)


def test_pure_python_setting_turns_the_compiled_scan_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLEANER_PURE_PYTHON", "1")
    nesting._compiled_scan.cache_clear()
    try:
        assert nesting._compiled_scan() is None
        flattened = flatten_deep_nesting(b"<div><span>" * 3000 + b"text")
        assert flattened.warning is not None and flattened.markup.endswith(b"<br>" * 1000 + b"text")
    finally:
        nesting._compiled_scan.cache_clear()


@pytest.mark.skipif(nesting._compiled_scan() is None, reason="the compiled scan is not built (python setup.py build_ext --inplace)")
@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_SOUP, max_size=60), limit=st.integers(0, 12))
def test_compiled_count_of_start_tags_is_the_python_count(pieces: list[str], limit: int) -> None:
    markup = "".join(pieces).encode("utf-8")
    assert nesting._compiled_scan().opens_at_most(markup, limit) == nesting.opens_at_most_py(markup, limit)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_SOUP, max_size=60), max_depth=st.integers(1, 8))
def test_a_page_with_no_more_start_tags_than_the_depth_is_never_cut(pieces: list[str], max_depth: int) -> None:
    # The bound that spares most pages the scan: it must never spare one the scan cuts.
    markup = "".join(pieces).encode("utf-8")
    if nesting.opens_at_most_py(markup, max_depth):
        assert not cuts_nesting_py(markup, max_depth)
    assert nesting.opens_at_most_py(markup.decode("utf-8"), max_depth) == nesting.opens_at_most_py(markup, max_depth)
