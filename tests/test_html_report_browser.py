"""The HTML report in a real headless Chromium: it loads cleanly, filters by rule, runs no scraped script.

Uses the system Chromium (Debian package `chromium`); playwright never downloads one.
Set CLEANER_SCREENSHOT=path/to.png to save a screenshot of the samples' report.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from cleaner.engine.pipeline import clean_text
from cleaner.model.document import Removal
from cleaner.report.html import ReportedFile, write_report

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("no Chromium: install the Debian package chromium")
    return binary


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    binary = _chromium()
    # Chromium refuses to start its sandbox as root (CI containers).
    args = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, headless=True, args=args)
        yield browser
        browser.close()


@dataclass
class Loaded:
    """A report open in a page, and everything that went wrong or out while loading it."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def open_report(browser: Any, tmp_path: Path) -> Iterator[Any]:
    pages = []

    def open_(files: list[ReportedFile], name: str = "report.html") -> Loaded:
        path = tmp_path / name
        write_report(path, files)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        pages.append(page)
        loaded = Loaded(page)
        page.on("console", lambda m: m.type == "error" and loaded.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: loaded.errors.append(f"page error: {e}"))
        page.on("request", lambda r: loaded.requests.append(r.url))
        page.goto(path.as_uri(), wait_until="load")
        return loaded

    yield open_
    for page in pages:
        page.close()


def _removal(text: str, start: int, end: int, code: str) -> Removal:
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Removal(start, end, text[start:end], code, f"rule-{code.lower()}", "test reason", line, column)


def _file(name: str, text: str, *spans: tuple[int, int, str]) -> ReportedFile:
    return ReportedFile(name, text, tuple(_removal(text, start, end, code) for start, end, code in spans))


def _visible_marks(page: Any) -> list[tuple[str, str]]:
    """Text and rule of every mark still shown as a highlight."""
    marks = page.eval_on_selector_all(
        "mark.removal",
        """marks => marks
            .filter(m => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)'
                         && m.getBoundingClientRect().width > 0)
            .map(m => [m.textContent, m.dataset.rule])""",
    )
    return [(text, rule) for text, rule in marks]


def _samples_report(names: tuple[str, ...] = ()) -> list[ReportedFile]:
    """Every dump in samples/ (or only `names`) cleaned with the default rules."""
    files = []
    for dump in sorted(SAMPLES.glob("*.txt")):
        if names and dump.name not in names:
            continue
        result = clean_text(dump.read_bytes().decode("utf-8"))
        files.append(ReportedFile(f"samples/{dump.name}", result.original, result.removals))
    return files


# A full-page shot of all the samples is ~30,000 px tall and ~5 MB; these three show
# every part of the page (icon runs, whitespace markers, Cyrillic, CRLF) in under 1 MB.
SCREENSHOT_SAMPLES = ("en-seed-like-flood-barrier.txt", "en-naive-dump-separators-blank-runs.txt", "ru-crlf-news.txt")


def save_samples_screenshot(open_report: Any) -> Path | None:
    """Save a full-page PNG of a samples report to $CLEANER_SCREENSHOT, when it is set."""
    target = os.environ.get("CLEANER_SCREENSHOT")
    if not target:
        return None
    loaded = open_report(_samples_report(SCREENSHOT_SAMPLES), "screenshot.html")
    assert loaded.errors == []
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    loaded.page.screenshot(path=str(path), full_page=True)
    return path


def test_marks_are_visible_and_match_the_removals(open_report: Any) -> None:
    text = "Menu\nSearch\nThe council met on Tuesday.\n\n\nShare\nFacebook\n"
    file = _file("page.txt", text, (0, 12, "UI01"), (40, 42, "WS02"), (42, 57, "UI03"))
    loaded = open_report([file, ReportedFile("broken.txt", None, (), "cannot decode")])
    assert loaded.errors == []
    assert all(url.startswith(("file://", "data:")) for url in loaded.requests), loaded.requests
    assert loaded.page.locator("mark.removal").count() == 3
    assert all(mark.is_visible() for mark in loaded.page.locator("mark.removal").all())
    assert _visible_marks(loaded.page) == [(r.text, r.code) for r in file.removals]
    assert loaded.page.locator("pre").first.text_content() == text


def test_unticking_a_rule_hides_exactly_its_highlights_and_ticking_shows_them(open_report: Any) -> None:
    text = "Menu\nShare\nArticle text.\nSearch\n"
    file = _file("page.txt", text, (0, 5, "UI01"), (5, 11, "UI03"), (26, 33, "UI01"))
    page = open_report([file]).page
    everything = [(r.text, r.code) for r in file.removals]
    assert _visible_marks(page) == everything

    page.locator("input.rule-filter[value=UI01]").uncheck()
    assert _visible_marks(page) == [("Share\n", "UI03")]
    assert page.locator("ol.removals li").evaluate_all("items => items.filter(i => i.offsetParent).length") == 1
    assert page.locator("pre").first.text_content() == text  # the text itself stays

    page.locator("input.rule-filter[value=UI01]").check()
    assert _visible_marks(page) == everything


def test_scraped_scripts_and_handlers_do_not_run(open_report: Any) -> None:
    text = (
        "<script>window.__xss=1</script>\n"
        '"><img src=x onerror="window.__xss=2">\n'
        '<a href="javascript:window.__xss=3">click</a> javascript:window.__xss=4\n'
    )
    name = '"><script>window.__xss=5</script><img src=x onerror="window.__xss=6">.txt'
    loaded = open_report([_file(name, text, (0, 32, "UI01"), (32, 71, "UI02"))])
    page = loaded.page
    assert page.evaluate("typeof window.__xss") == "undefined"
    for link in page.locator("a").all():
        link.click()  # every link the page has; none may run scraped code
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 1
    assert page.locator("pre").first.text_content() == text
    assert loaded.errors == []


def test_samples_report_loads_cleanly(open_report: Any) -> None:
    files = _samples_report()
    loaded = open_report(files, "samples.html")
    assert loaded.errors == []
    expected = sum(len(f.removals) for f in files)
    assert expected > 0
    assert loaded.page.locator("mark.removal").count() == expected
    save_samples_screenshot(open_report)


def test_report_written_by_check_highlights_exactly_the_removals_it_reports(browser: Any, tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from cleaner.cli import app

    page_path = tmp_path / "check.html"
    result = CliRunner().invoke(app, ["check", str(SAMPLES), "--report-html", str(page_path), "--output-format", "json", "-q"])
    reported = json.loads(result.stdout)["files"]
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_path.as_uri(), wait_until="load")
    try:
        shown = page.evaluate(
            """() => [...document.querySelectorAll('section.file')].map(s => [...s.querySelectorAll('mark.removal')]
                 .map(m => [m.dataset.rule, m.textContent]))"""
        )
        assert errors == []
        expected = [[[r["rule"], r["text"]] for r in sorted(f["removals"], key=lambda r: r["start"])] for f in reported]
        # Overlapping removals keep only their not yet highlighted part; the samples have none.
        assert shown == expected
    finally:
        page.close()
