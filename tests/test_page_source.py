"""Messages about an HTML page point at the line of its source where the removed text sits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.engine.pipeline import clean_page
from cleaner.model.document import Removal
from cleaner.readers.dom import parse_page
from cleaner.report.formats import concise_line
from cleaner.report.model import FileReport
from cleaner.report.page_source import block_offsets, locate_removals
from tests.cli_runs import invoke

ARTICLE = "\n".join(
    f"<p>{text}</p>"
    for text in (
        "The council voted on Tuesday to close the northern bridge for a year of repairs, the mayor said.",
        "Engineers found cracks in two of the piers during the spring inspection, and traffic will be diverted.",
        "Residents of the old town can use the ferry, which will run every twenty minutes from April onwards.",
    )
)
# The newsletter's heading repeats in a script's JSON above it, which is not where the heading is.
PAGE = (
    "<!DOCTYPE html>\n<html>\n<head>\n<title>Bridge to close</title>\n</head>\n<body>\n"
    '<div class="cookie-banner">\n'
    "  <p>We use cookies &amp; similar\n     tools to improve your experience.</p>\n"  # line 8
    "</div>\n"
    '<article class="story">\n<h1>Bridge to close</h1>\n'
    f"{ARTICLE}\n"
    '<script>var signup = {"title": "Subscribe to our newsletter"};</script>\n'
    '<aside class="newsletter-signup">\n'
    "  <h3>Subscribe to our newsletter</h3>\n"  # line 18
    "</aside>\n</article>\n</body>\n</html>\n"
)
COOKIE_LINE, NEWSLETTER_LINE = 8, 18

pytestmark = pytest.mark.usefixtures("in_tmp")


def _page_file() -> None:
    Path("pages").mkdir()
    Path("pages/page.html").write_text(PAGE, encoding="utf-8")


def test_concise_points_at_the_line_of_the_removed_element_in_the_html_file() -> None:
    _page_file()
    result = invoke("check", "pages/page.html", "--select", "HT")
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"pages/page.html:{COOKIE_LINE}:6: HT") for line in lines), lines
    assert any(line.startswith(f"pages/page.html:{NEWSLETTER_LINE}:7: HT") for line in lines), lines


def test_github_annotates_the_line_of_the_removed_element_in_the_html_file() -> None:
    _page_file()
    lines = invoke("check", "pages/page.html", "--select", "HT", "--output-format", "github").stdout.splitlines()
    assert any(line.startswith(f"::warning file=pages/page.html,line={COOKIE_LINE},col=6,title=cleaner HT") for line in lines), lines
    assert any(line.startswith(f"::warning file=pages/page.html,line={NEWSLETTER_LINE},col=7,title=cleaner HT") for line in lines), lines


def test_json_and_the_report_keep_the_text_line_and_add_the_source_line() -> None:
    _page_file()
    printed = json.loads(invoke("check", "pages", "--select", "HT", "--output-format", "json").stdout)
    (cookie,) = [r for r in printed["files"][0]["removals"] if r["text"].startswith("We use cookies")]
    assert (cookie["line"], cookie["source_line"], cookie["source_column"]) == (1, COOKIE_LINE, 6)
    assert invoke("clean", "pages", "-o", "out", "--select", "HT", "--output-format", "concise").exit_code == 0
    (record,) = map(json.loads, Path("out/cleaner-report.jsonl").read_text(encoding="utf-8").splitlines())
    assert {r["source_line"] for r in record["removals"]} == {COOKIE_LINE, NEWSLETTER_LINE}


def test_a_clean_that_prints_no_removal_spends_no_time_locating_them() -> None:
    # About a third of an HTML page's cleaning time; the report reads the same without them.
    _page_file()
    assert invoke("clean", "pages", "-o", "out", "--select", "HT").exit_code == 0
    (record,) = map(json.loads, Path("out/cleaner-report.jsonl").read_text(encoding="utf-8").splitlines())
    assert record["removals"] and not any("source_line" in r for r in record["removals"])


def test_a_title_that_the_browser_moved_into_the_body_does_not_hide_the_blocks_after_it() -> None:
    # A link in the head's <noscript> ends the head: the <title> after it becomes the
    # page's first block, and its text is found again only at the <h1>, below the banner.
    page = (
        '<!DOCTYPE html>\n<html>\n<head>\n<noscript><a href="/stats"><img src="/pixel.gif"></a></noscript>\n'
        "<title>Bridge to close</title>\n</head>\n<body>\n"
        '<div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>\n'  # line 8
        f'<article class="story">\n<h1>Bridge to close</h1>\n{ARTICLE}\n</article>\n</body>\n</html>\n'
    )
    Path("page.html").write_text(page, encoding="utf-8")
    lines = invoke("check", "page.html", "--select", "HT").stdout.splitlines()
    assert any(line.startswith("page.html:8:31: HT") for line in lines), lines


def test_a_stray_quote_in_a_tag_does_not_swallow_the_text_after_it() -> None:
    # A browser reads `"` after a value as an attribute's name; no quoted value starts there.
    page = PAGE.replace('<div class="cookie-banner">', '<div class="cookie-banner" data-depth="10" ">')
    Path("page.html").write_text(page, encoding="utf-8")
    lines = invoke("check", "page.html", "--select", "HT").stdout.splitlines()
    assert any(line.startswith(f"page.html:{COOKIE_LINE}:6: HT") for line in lines), lines
    assert any(line.startswith(f"page.html:{NEWSLETTER_LINE}:7: HT") for line in lines), lines


def test_a_saved_http_header_above_the_page_counts_in_its_lines() -> None:
    Path("page.html").write_text("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + PAGE, encoding="utf-8")
    lines = invoke("check", "page.html", "--select", "HT").stdout.splitlines()
    assert any(line.startswith(f"page.html:{COOKIE_LINE + 3}:6: ") for line in lines), lines


def test_a_block_not_found_in_the_source_keeps_no_source_line_and_points_at_line_1() -> None:
    page = parse_page(PAGE)
    result = clean_page(page)
    located = locate_removals(result.removals, page, "<p>other markup altogether</p>")
    assert located == result.removals
    assert concise_line(FileReport("page.html", removals=located, text_sha256="x"), located[0]).startswith("page.html:1:1: ")


def test_a_report_written_before_source_lines_reads_back_without_them() -> None:
    old = {"start": 0, "end": 5, "line": 2, "column": 1, "rule": "HT01", "name": "outside-main-content", "reason": "r", "text": "Menu\n", "element": "nav"}
    removal = Removal.from_dict(old)
    assert (removal.source_line, removal.source_column) == (0, 0)
    assert removal.to_dict() == old


@pytest.mark.parametrize(
    ("markup", "block"),
    [
        ("<table>\n<tr><td>Weight</td><td>1.2 kg</td></tr>\n</table>", "Weight 1.2 kg"),
        ("<p><b>Merrell</b>Moab hiking boots, in three widths</p>", "Merrell Moab hiking boots, in three widths"),
    ],
)
def test_a_block_whose_spaces_the_reader_wrote_is_found_where_its_text_starts(markup: str, block: str) -> None:
    page = "<html><body>\n<p>Intro paragraph.</p>\n" + markup + "\n</body></html>"
    first_word = block.split(" ")[0]
    assert block_offsets(page, ["Intro paragraph.", block], {1}) == {1: page.index(first_word)}


def test_a_block_not_in_the_source_even_without_spaces_is_not_found() -> None:
    page = "<html><body><p>Intro paragraph.</p><td>Weight</td><td>2 kg</td></body></html>"
    assert block_offsets(page, ["Intro paragraph.", "Weight 1.2 kg"], {1}) == {}


def test_the_block_after_a_row_found_without_spaces_is_found_too() -> None:
    # The row's line holds three spaces its source does not: the scan goes on from where
    # the row ends in the source, not three characters further, inside the next block.
    page = "<html><body><p>Intro paragraph.</p><table><tr><td>M</td><td>L</td><td>XL</td><td>XXL</td></tr></table>\n<p>Sent within two days.</p></body></html>"
    found = block_offsets(page, ["Intro paragraph.", "M L XL XXL", "Sent within two days."], {1, 2})
    assert found == {1: page.index("M</td>"), 2: page.index("Sent")}
