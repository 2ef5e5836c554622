"""How `cleaner clean` and `cleaner check` treat HTML inputs, run in-process through the CLI.

A page is recognised by its content, decoded as a browser would, and cleaned into a
text file named like the page with a .txt suffix; each removal names the element its
text came from, and `cleaner restore` rebuilds the page's text from the clean file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import Result

from cleaner.readers.dom import parse_page
from cleaner.report.model import ExitCode
from tests.cli_runs import invoke

HEADLINE = "Harbour ferry returns after winter repairs"
PARAGRAPHS = [
    (
        "The small ferry that links Marrow Point with the old harbour went back into service on Monday, "
        "after four months in dry dock at the Kellan yard."
    ),
    (
        "Engineers replaced both engines, rebuilt the rudder and fitted a new ramp, which the operator said "
        "would cut loading times for cyclists and wheelchair users by half."
    ),
    (
        "“We have waited a long time for this,” said Ines Varga, who crosses twice a day to reach the bakery "
        "she runs near the fish market, adding that the winter bus detour had doubled her journey."
    ),
    (
        "The council, which owns the vessel, said the repairs cost 2.4 million, slightly less than budgeted, "
        "and that the timetable would return to a crossing every twenty minutes from April."
    ),
]
MENU = ["Home", "Local", "Sport", "Weather"]
SHARE_BAR = "Share on Facebook Share on Twitter Email this story"
RELATED = ["Council approves new harbour wall", "Fish market to open on Sundays", "Storm damages Kellan yard roof"]
FOOTER = ["Copyright 2031 The Marrow Gazette. All rights reserved.", "Privacy policy", "Contact us"]

DUMP_TEXT = (
    "The council voted on Tuesday to close the northern bridge for repairs.\n"
    "Advertisement\n"
    "The work will take a year, the mayor said.\n"
)
DUMP_CLEAN = (
    "The council voted on Tuesday to close the northern bridge for repairs.\n"
    "The work will take a year, the mayor said.\n"
)


def article_page(headline: str = HEADLINE, paragraphs: list[str] = PARAGRAPHS, charset: str = "utf-8") -> str:
    """A news page: menu, article (headline, share bar, paragraphs, related links), footer."""
    menu = "".join(f'<li><a href="/{item.lower()}">{item}</a></li>' for item in MENU)
    related = "".join(f'<li><a href="/story/{n}">{title}</a></li>' for n, title in enumerate(RELATED))
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="{charset}"><title>{headline}</title></head>\n<body>\n'
        f'<nav class="site-menu"><ul>{menu}</ul></nav>\n'
        f'<article class="story">\n<h1>{headline}</h1>\n'
        '<div class="share-tools"><a href="#fb">Share on Facebook</a> <a href="#tw">Share on Twitter</a> '
        '<a href="#mail">Email this story</a></div>\n'
        f'{body}\n<ul class="related-links">{related}</ul>\n</article>\n'
        f"<footer><p>{FOOTER[0]}</p><p><a href=\"/privacy\">{FOOTER[1]}</a> | <a href=\"/contact\">{FOOTER[2]}</a></p></footer>\n"
        "</body></html>\n"
    )


ARTICLE_CLEAN = "\n".join([HEADLINE, *PARAGRAPHS]) + "\n"

SECOND_HEADLINE = "Night trains return to the valley line"
SECOND_PARAGRAPHS = [
    (
        "The regional rail company will run two night trains a week on the valley line again from June, "
        "three years after the service was cut to save money."
    ),
    (
        "Passenger groups had collected eleven thousand signatures for the return of the late trains, "
        "which mostly carry hospital staff and students, a spokeswoman said."
    ),
]


pytestmark = pytest.mark.usefixtures("in_tmp")


def records(report: Path = Path("out/cleaner-report.jsonl")) -> dict[str, dict]:
    lines = report.read_text(encoding="utf-8").splitlines()
    return {record["input"]: record for record in map(json.loads, lines)}


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("cleaner: ")]


def assert_ok(result: Result, code: ExitCode = ExitCode.OK) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.stderr


def write(path: str, content: str | bytes) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- what counts as HTML, and where its text goes ----------------------------------------------


def test_html_content_in_a_txt_file_is_cleaned_as_a_page() -> None:
    write("pages/page.txt", article_page())
    result = invoke("clean", "pages", "-o", "out")
    assert_ok(result)
    record = records()["pages/page.txt"]
    assert record["kind"] == "html"
    assert record["output"] == "out/page.txt"
    assert Path("out/page.txt").read_text(encoding="utf-8") == ARTICLE_CLEAN


def test_plain_text_in_an_html_file_is_cleaned_as_a_text_dump() -> None:
    write("pages/notes.html", DUMP_TEXT)
    result = invoke("clean", "pages", "-o", "out")
    assert_ok(result)
    record = records()["pages/notes.html"]
    assert "kind" not in record and "text_sha256" not in record
    assert record["counts"] == {"UI01": 1}
    # The output's name follows the input's name, so collisions are known before the run.
    assert record["output"] == "out/notes.txt"
    assert Path("out/notes.txt").read_text(encoding="utf-8") == DUMP_CLEAN


def test_folder_walk_cleans_html_and_htm_pages_into_txt_files_mirroring_sub_folders() -> None:
    write("site/front.html", article_page())
    write("site/dump.txt", DUMP_TEXT)
    write("site/2031/05/trains.htm", article_page(SECOND_HEADLINE, SECOND_PARAGRAPHS))
    write("site/2031/05/OLD.HTM", article_page())
    write("site/2031/style.css", "p { color: red; }\n")
    result = invoke("clean", "site", "-o", "out")
    assert_ok(result)
    assert error_lines(result) == []
    outputs = sorted(str(p) for p in Path("out").rglob("*") if p.is_file())
    assert outputs == [
        "out/2031/05/OLD.txt",
        "out/2031/05/trains.txt",
        "out/cleaner-report.diff",
        "out/cleaner-report.jsonl",
        "out/dump.txt",
        "out/front.txt",
    ]
    assert Path("out/front.txt").read_text(encoding="utf-8") == ARTICLE_CLEAN
    assert Path("out/2031/05/trains.txt").read_text(encoding="utf-8") == "\n".join([SECOND_HEADLINE, *SECOND_PARAGRAPHS]) + "\n"
    assert Path("out/dump.txt").read_text(encoding="utf-8") == DUMP_CLEAN
    report = records()
    assert {name: record.get("kind") for name, record in report.items()} == {
        "site/front.html": "html",
        "site/dump.txt": None,
        "site/2031/05/trains.htm": "html",
        "site/2031/05/OLD.HTM": "html",
    }


def test_a_page_and_a_text_dump_with_the_same_stem_are_refused_before_anything_is_written() -> None:
    write("site/story.html", article_page())
    write("site/story.txt", DUMP_TEXT)
    result = invoke("clean", "site", "-o", "out")
    assert result.exit_code == ExitCode.USAGE
    assert "would both be written to story.txt" in result.stderr
    assert not Path("out/story.txt").exists()


# --- what the clean text keeps, and what the report says -----------------------------------------


def test_article_page_keeps_every_article_sentence_and_drops_menu_share_bar_related_links_and_footer() -> None:
    write("pages/page.html", article_page())
    result = invoke("clean", "pages", "-o", "out")
    assert_ok(result)
    clean = Path("out/page.txt").read_text(encoding="utf-8")
    assert clean == ARTICLE_CLEAN
    for gone in [*MENU, SHARE_BAR, *RELATED, *FOOTER]:
        assert gone not in clean
    removed = "".join(r["text"] for r in records()["pages/page.html"]["removals"])
    for gone in [*MENU, SHARE_BAR, *RELATED, *FOOTER]:
        assert gone in removed


def test_every_removal_from_a_page_names_its_element_and_the_share_bar_names_share_tools() -> None:
    write("pages/page.html", article_page())
    assert_ok(invoke("clean", "pages", "-o", "out"))
    removals = records()["pages/page.html"]["removals"]
    assert removals
    for removal in removals:
        assert removal["element"].strip(), removal
    share = [r for r in removals if r["text"] == SHARE_BAR + "\n"]
    assert len(share) == 1
    assert "share-tools" in share[0]["element"]
    menu = [r for r in removals if r["text"] == "Home\n"]
    assert "nav" in menu[0]["element"]


def test_check_json_output_lists_the_page_removals_with_rule_text_and_reason() -> None:
    write("pages/page.html", article_page())
    result = invoke("check", "pages/page.html", "--output-format", "json")
    assert_ok(result, ExitCode.CHANGES)
    document = json.loads(result.stdout)
    assert document["summary"]["exit_code"] == ExitCode.CHANGES
    [page] = document["files"]
    assert page["file"] == "pages/page.html" and page["changed"] is True and page["error"] is None
    by_text = {removal["text"]: removal for removal in page["removals"]}
    assert set(by_text) == {line + "\n" for line in [*MENU, SHARE_BAR, *RELATED, FOOTER[0], f"{FOOTER[1]} | {FOOTER[2]}"]}
    assert by_text["Home\n"]["rule"] == "HT06"
    assert "article.story" in by_text["Home\n"]["reason"]
    assert "div.share-tools" in by_text[SHARE_BAR + "\n"]["element"]
    assert "nav" in by_text["Home\n"]["element"]
    assert by_text[SHARE_BAR + "\n"]["line"] == 6


def test_keep_structure_marks_headings_by_level_and_list_items_with_a_dash() -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Ferry</title></head><body><article>\n"
        "<h1>Harbour ferry returns</h1>\n"
        f"<p>{PARAGRAPHS[0]}</p>\n"
        "<h2>What changed on board</h2>\n"
        f"<p>{PARAGRAPHS[1]}</p>\n"
        "<ul><li>Two new engines</li><li>A wider ramp for bicycles</li><li>Heated seats on the upper deck</li></ul>\n"
        "<h3>Timetable</h3>\n"
        f"<p>{PARAGRAPHS[3]}</p>\n"
        "</article></body></html>\n"
    )
    write("pages/ferry.html", page)
    assert_ok(invoke("clean", "pages", "-o", "out", "--keep-structure"))
    assert Path("out/ferry.txt").read_text(encoding="utf-8") == (
        "# Harbour ferry returns\n"
        f"{PARAGRAPHS[0]}\n"
        "## What changed on board\n"
        f"{PARAGRAPHS[1]}\n"
        "- Two new engines\n"
        "- A wider ramp for bicycles\n"
        "- Heated seats on the upper deck\n"
        "### Timetable\n"
        f"{PARAGRAPHS[3]}\n"
    )


def test_without_keep_structure_headings_and_list_items_are_plain_lines() -> None:
    page = f"<article><h2>What changed</h2><p>{PARAGRAPHS[1]}</p><ul><li>Two new engines</li></ul></article>"
    write("pages/ferry.html", page)
    assert_ok(invoke("clean", "pages", "-o", "out"))
    assert Path("out/ferry.txt").read_text(encoding="utf-8") == f"What changed\n{PARAGRAPHS[1]}\nTwo new engines\n"


def test_restore_rebuilds_the_page_text_from_the_clean_file_and_report() -> None:
    html = article_page()
    write("pages/page.html", html)
    assert_ok(invoke("clean", "pages", "-o", "out"))
    result = invoke("restore", "out/page.txt", "out/cleaner-report.jsonl", "-o", "back.txt")
    assert_ok(result)
    page_text = parse_page(html).text()
    assert Path("back.txt").read_bytes() == page_text.encode("utf-8")
    assert page_text != ARTICLE_CLEAN  # the restore put something back
    assert "checksum verified" in result.stderr


# --- in place, check ---------------------------------------------------------------------------


def test_in_place_refuses_an_html_page_with_one_line_and_still_cleans_the_text_dump() -> None:
    html = article_page().encode("utf-8")
    page = write("mixed/page.html", html)
    dump = write("mixed/dump.txt", DUMP_TEXT)
    result = invoke("clean", "--in-place", "mixed")
    assert_ok(result, ExitCode.INPUT_FAILED)
    assert error_lines(result) == [
        "cleaner: mixed/page.html: is an HTML page; --in-place would replace its markup with text, so clean it with -o OUT"
    ]
    assert page.read_bytes() == html
    assert dump.read_text(encoding="utf-8") == DUMP_CLEAN
    report = records(Path("cleaner-report.jsonl"))
    assert report["mixed/page.html"]["output"] is None
    assert report["mixed/dump.txt"]["error"] is None


def test_check_on_a_page_with_boilerplate_exits_1_and_writes_nothing(in_tmp: Path) -> None:
    write("pages/page.html", article_page())
    before = snapshot(in_tmp)
    result = invoke("check", "pages")
    assert_ok(result, ExitCode.CHANGES)
    assert result.stdout.startswith("pages/page.html:") and " HT06 page-template: " in result.stdout
    assert snapshot(in_tmp) == before
    assert sorted(os.listdir(in_tmp)) == ["pages"]


def test_check_on_a_page_with_only_article_text_exits_0() -> None:
    write("pages/page.html", f"<html><body><article><h1>{HEADLINE}</h1><p>{PARAGRAPHS[0]}</p></article></body></html>")
    result = invoke("check", "pages")
    assert_ok(result, ExitCode.OK)
    assert result.stdout == ""


# --- encodings -------------------------------------------------------------------------------------

RUSSIAN_HEADLINE = "Паром вернулся на линию после зимнего ремонта"
RUSSIAN_PARAGRAPHS = [
    (
        "Небольшой паром, который связывает мыс Марров со старой гаванью, в понедельник снова вышел на линию "
        "после четырёх месяцев в сухом доке."
    ),
    (
        "Инженеры заменили оба двигателя, перебрали руль и установили новую аппарель, что, по словам перевозчика, "
        "вдвое сократит время посадки для велосипедистов."
    ),
    "«Мы очень долго этого ждали», — сказала Инесса Варга, которая дважды в день ездит в свою пекарню у рыбного рынка.",
    (
        "Городской совет, которому принадлежит судно, сообщил, что ремонт обошёлся чуть дешевле, чем планировалось, "
        "а расписание с апреля вернётся к рейсу каждые двадцать минут."
    ),
]
RUSSIAN_CLEAN = "\n".join([RUSSIAN_HEADLINE, *RUSSIAN_PARAGRAPHS]) + "\n"
HTTP_HEADER = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n"


def russian_page(meta: str | None) -> bytes:
    head = f'<meta charset="{meta}">' if meta else ""
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in RUSSIAN_PARAGRAPHS)
    html = (
        f"<!DOCTYPE html><html><head>{head}<title>Паром</title></head><body>\n"
        '<nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>\n'
        f"<article><h1>{RUSSIAN_HEADLINE}</h1>\n{body}\n</article></body></html>\n"
    )
    return html.encode("windows-1251")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(russian_page("windows-1251"), id="meta-charset"),
        # The meta is wrong: these bytes are not UTF-8. The transport's header outranks it.
        pytest.param(HTTP_HEADER + russian_page("utf-8"), id="http-header-beats-wrong-meta"),
        pytest.param(russian_page(None), id="undeclared-detected"),
    ],
)
def test_windows_1251_page_comes_out_as_cyrillic_text(data: bytes) -> None:
    write("ru/page.html", data)
    # Named alone, so no site template is learned across the variants.
    result = invoke("clean", "ru/page.html", "-o", "out")
    assert_ok(result)
    assert Path("out/page.txt").read_text(encoding="utf-8") == RUSSIAN_CLEAN
    record = records()["ru/page.html"]
    assert record["encoding"] == "windows-1251"
    assert record["output_encoding"] == "utf-8"
    assert [r["text"] for r in record["removals"]] == ["Главная Новости\n"]


# --- JSON Lines records with only HTML ---------------------------------------------------------


def test_jsonl_records_with_only_html_get_a_text_field_with_the_article_text() -> None:
    pages = [
        {"url": "https://gazette.example/ferry", "html": article_page()},
        {"url": "https://gazette.example/trains", "html": article_page(SECOND_HEADLINE, SECOND_PARAGRAPHS)},
    ]
    write("scrape.jsonl", "".join(json.dumps(page, ensure_ascii=False) + "\n" for page in pages))
    result = invoke("clean", "scrape.jsonl", "-o", "out")
    assert_ok(result)
    cleaned = [json.loads(line) for line in Path("out/scrape.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [list(record) for record in cleaned] == [["url", "html", "text"]] * 2
    assert [(r["url"], r["html"]) for r in cleaned] == [(p["url"], p["html"]) for p in pages]
    assert cleaned[0]["text"] == ARTICLE_CLEAN
    assert cleaned[1]["text"] == "\n".join([SECOND_HEADLINE, *SECOND_PARAGRAPHS]) + "\n"
    report = records()
    assert set(report) == {"scrape.jsonl:1", "scrape.jsonl:2"}
    for record in report.values():
        assert record["text_added"] is True
        assert record["counts"]["HT06"] >= len(MENU)
        home = next(r for r in record["removals"] if r["text"] == "Home\n")
        assert home["rule"] == "HT06" and "nav" in home["element"]
