"""cleaner.report.html: the page shows every original text exactly, with the removals marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from cleaner.engine.pipeline import clean_page, clean_text
from cleaner.model.document import Removal
from cleaner.readers.dom import parse_page
from cleaner.report.html import ReportedFile, render_report, write_report

XSS = '<script>alert(1)</script>\n"><img src=x onerror=alert(1)>\n<a href="javascript:alert(1)">x</a>\n'


def _removal(text: str, start: int, end: int, code: str = "UI01", reason: str = "a UI phrase") -> Removal:
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Removal(start, end, text[start:end], code, f"rule-{code.lower()}", reason, line, column)


def _file(text: str, *spans: tuple[int, int, str], name: str = "page.txt") -> ReportedFile:
    return ReportedFile(name, text, tuple(_removal(text, start, end, code) for start, end, code in spans))


def _parse(*files: ReportedFile) -> LexborHTMLParser:
    return LexborHTMLParser(render_report(files))


def _marks(page: LexborHTMLParser, number: int = 1) -> list[tuple[str, str]]:
    return [(m.text(), m.attributes["data-rule"]) for m in page.css(f"#f{number} pre mark.removal")]


def test_pre_text_is_the_original_and_marks_are_the_removals_in_order() -> None:
    text = "Menu\nSearch\nThe council met on Tuesday.\n\nShare\nFacebook\n"
    file = _file(text, (0, 12, "UI01"), (40, 41, "WS02"), (41, 56, "UI03"))
    page = _parse(file)
    assert page.css_first("#f1 pre").text() == text
    assert _marks(page) == [(r.text, r.code) for r in file.removals]


@pytest.mark.parametrize(
    "text",
    [
        "\nstarts with a newline",
        "Line one\r\nLine two\r\n",
        "tabs\tand\fform feeds\x0b and \x1b escapes \x7f\x85\u2028",
        "<b>&amp; tags</b> & ampersands \"quoted\" 'single'",
    ],
)
def test_pre_text_survives_leading_newlines_crs_controls_and_markup(text: str) -> None:
    page = _parse(_file(text, (0, 1, "WS01")))
    assert page.css_first("pre").text() == text


def test_lone_surrogates_and_nul_become_replacement_characters(tmp_path: Path) -> None:
    text = "bad \udcff byte\x00 here\n"
    file = ReportedFile("name-\udce9.txt", text, (_removal(text, 4, 5, "UI01"),))
    page = _parse(file)
    assert page.css_first("pre").text() == "bad \ufffd byte\ufffd here\n"
    assert _marks(page) == [("\ufffd", "UI01")]
    write_report(tmp_path / "report.html", [file])
    assert "name-\ufffd.txt" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_scraped_markup_shows_literally_and_makes_no_elements() -> None:
    page = _parse(_file(XSS, (0, 26, "UI01"), name='"><script>alert(2)</script>.txt'))
    assert len(page.css("script")) == 1
    assert "alert" not in page.css_first("script").text()
    assert page.css("img") == []
    assert [a.attributes["href"] for a in page.css("a") if "javascript" in (a.attributes.get("href") or "")] == []
    assert page.css_first("pre").text() == XSS
    assert page.css_first("#f1 h2").text() == '"><script>alert(2)</script>.txt'
    assert page.css_first("mark").attributes["title"] == "UI01 rule-ui01: a UI phrase"


def test_a_title_attribute_holds_quotes_and_markup_of_a_reason_as_plain_text() -> None:
    reason = """same as "Home" <b>twice</b> & it's 'here' onmouseover=alert(1) x="""
    text = "Home\nThe council met on Tuesday.\n"
    removal = Removal(0, 5, "Home\n", "UI01", "ui-phrase", reason, 1, 1)
    page = _parse(ReportedFile("page.txt", text, (removal,)))
    marks = page.css("#f1 pre mark")
    assert len(marks) == 1
    assert marks[0].attributes["title"] == f"UI01 ui-phrase: {reason}"
    assert sorted(marks[0].attributes) == ["class", "data-rule", "id", "title"]
    assert page.css("pre b, mark b, [onmouseover]") == []
    assert page.css_first("pre").text() == text


def test_page_is_self_contained() -> None:
    text = "See https://example.com/page and <img src='http://example.com/x.png'>\n"
    page = _parse(_file(text, (0, 10, "UI01")), _file("other\n"))
    for node in page.css("[src], [href]"):
        for attribute in ("src", "href"):
            value = node.attributes.get(attribute)
            assert value is None or value.startswith(("#", "data:")), value
    assert page.css("link[rel=stylesheet], script[src], iframe, object, embed") == []


def test_removals_link_to_their_marks_and_files_to_their_sections() -> None:
    first, second = _file("a\nb\n", (0, 2, "UI01"), (2, 4, "UI02")), _file("c\n", (0, 2, "UI01"), name="x.txt")
    page = _parse(first, second, _file("d\n"))
    assert [a.attributes["href"] for a in page.css("ol.files a")] == ["#f1", "#f2", "#f3"]
    links = [a.attributes["href"] for a in page.css("#f1 ol.removals a")]
    assert links == ["#f1-r1", "#f1-r2"]
    assert all(page.css_first(link) is not None for link in links)
    steps = [[a.attributes["href"] for a in page.css(f"#f{n} nav.steps a")] for n in (1, 2, 3)]
    assert steps == [["#index", "#f2"], ["#f1", "#index", "#f3"], ["#f2", "#index"]]
    assert page.css_first("#index") is not None


def test_header_counts_files_and_removals_per_rule() -> None:
    failed = ReportedFile("broken.txt", None, (), "cannot decode: invalid start byte")
    page = _parse(_file("a\nb\n", (0, 2, "UI01"), (2, 4, "UI02")), _file("c\n", (0, 2, "UI01")), _file("d\n"), failed)
    assert [b.text() for b in page.css(".totals b")] == ["4", "2", "1"]
    rows = [[cell.text(strip=True) for cell in row.css("td")] for row in page.css("table.rules tbody tr")]
    assert rows == [["UI01", "rule-ui01", "2"], ["UI02", "rule-ui02", "1"]]
    boxes = page.css("input.rule-filter")
    assert [(b.attributes["value"], "checked" in b.attributes) for b in boxes] == [("UI01", True), ("UI02", True)]


def test_failed_file_shows_its_error_instead_of_text() -> None:
    page = _parse(ReportedFile("broken.txt", None, (), "cannot decode: <invalid> start byte"))
    assert page.css_first("#f1 .error").text() == "Failed: cannot decode: <invalid> start byte"
    assert page.css("#f1 pre") == []
    assert "failed" in page.css_first("ol.files li").text()


@pytest.mark.parametrize(
    ("spans", "marks"),
    [
        ([(0, 3, "A1"), (3, 6, "B1")], [("abc", "A1"), ("def", "B1")]),  # adjacent
        ([(0, 10, "A1")], [("abcdefghij", "A1")]),  # the whole text
        ([(9, 10, "A1")], [("j", "A1")]),  # the very end
        ([(0, 5, "A1"), (3, 8, "B1")], [("abcde", "A1"), ("fgh", "B1")]),  # overlapping
        ([(0, 8, "A1"), (2, 4, "B1")], [("abcdefgh", "A1"), ("", "B1")]),  # contained
    ],
)
def test_adjacent_overlapping_and_edge_removals_keep_the_text_whole(
    spans: list[tuple[int, int, str]], marks: list[tuple[str, str]]
) -> None:
    page = _parse(_file("abcdefghij", *spans))
    assert page.css_first("pre").text() == "abcdefghij"
    assert _marks(page) == marks
    assert len(page.css("#f1 ol.removals li")) == len(spans)


def test_whitespace_only_removals_carry_a_visible_marker() -> None:
    page = _parse(_file("a\n\n\nb  \nc", (2, 4, "WS02"), (5, 7, "WS01")))
    assert [m.attributes.get("data-marker") for m in page.css("mark")] == ["⏎", "␣"]
    assert [m.text() for m in page.css("mark")] == ["\n\n", "  "]


def test_removals_come_sorted_by_position_whatever_their_order() -> None:
    text = "one\ntwo\nthree\n"
    file = ReportedFile("p.txt", text, (_removal(text, 8, 14, "B1"), _removal(text, 0, 4, "A1")))
    assert _marks(_parse(file)) == [("one\n", "A1"), ("three\n", "B1")]


def test_a_cleaned_sample_renders_its_pipeline_removals() -> None:
    sample = Path(__file__).resolve().parents[1] / "samples" / "ru-crlf-news.txt"
    result = clean_text(sample.read_bytes().decode("utf-8"))
    page = _parse(ReportedFile(sample.name, result.original, result.removals))
    assert page.css_first("pre").text() == result.original
    assert _marks(page) == [(r.text, r.code) for r in result.removals]


def test_write_report_writes_utf8_html(tmp_path: Path) -> None:
    path = tmp_path / "out" / "report.html"
    write_report(path, [_file("Привет\n", (0, 7, "UI01"))], title="Отчёт <1>")
    html = path.read_bytes().decode("utf-8")
    assert html.startswith("<!doctype html>")
    assert LexborHTMLParser(html).css_first("title").text() == "Отчёт <1>"


def test_a_page_removal_lists_the_element_it_came_from() -> None:
    html = (
        '<body><nav class="top"><a href="/">Home</a></nav><article>'
        "<p>The council met on Tuesday, and it voted, after a long debate, to keep the library open on Sundays.</p>"
        "<p>Readers had signed a petition, which the librarian handed over at the start of the meeting.</p></article></body>"
    )
    result = clean_page(parse_page(html))
    page = _parse(ReportedFile("page.html", result.original, result.removals))
    assert [code.text() for code in page.css("#f1 ol.removals code.element")] == ["body > nav.top"]
