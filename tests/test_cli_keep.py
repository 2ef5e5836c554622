"""`--keep`, `--keep-selector` and `--show-kept` on `clean` and `check`, with the config file's keep-lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.readers.dom import parse_page
from cleaner.report.model import ExitCode
from tests.cli_runs import invoke

pytestmark = pytest.mark.usefixtures("in_tmp")

ARTICLE = "The council voted on Tuesday to close the northern bridge for repairs.\n"
DUMP = ARTICLE + "Subscribe to our newsletter\nAdvertisement\n"
PAGE = """<html><body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<p class="byline">By Ann Smith, harbour desk</p>
<article><h1>Harbour reopens after the storm</h1>
<p>The port authority said ships could dock again on Monday after a week of repairs to the quay walls, and the first ferry left at noon.</p>
<p>Fishermen who had waited out the storm in sheltered bays returned to find their moorings intact.</p>
<p>Repairs to the northern breakwater will continue through the spring, at a cost of several million.</p>
</article>
</body></html>"""


def _write(name: str, text: str) -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8")
    return path


def _report(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_check_keep_saves_the_line_and_show_kept_prints_rule_and_pattern() -> None:
    _write("a.txt", ARTICLE + "Subscribe to our newsletter\n")
    assert invoke("check", "a.txt").exit_code == ExitCode.CHANGES
    result = invoke("check", "a.txt", "--keep", "Newsletter", "--show-kept")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout.splitlines() == [
        "a.txt:2: kept by keep \"Newsletter\"; UI01 (ui-phrase) would remove: "
        "whole line is the UI phrase 'subscribe to our newsletter' (en newsletter)"
    ]


def test_without_show_kept_the_saved_lines_are_not_printed() -> None:
    _write("a.txt", DUMP)
    result = invoke("check", "a.txt", "--keep", "newsletter")
    assert result.exit_code == ExitCode.CHANGES
    assert "kept by" not in result.stdout + result.stderr


def test_command_line_keep_adds_to_the_config_file_keep() -> None:
    _write("cleaner.toml", "keep = ['newsletter']\n")
    _write("a.txt", DUMP)
    result = invoke("check", "a.txt", "--keep", "re:^Advert", "--show-kept")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert [line.split(";")[0] for line in result.stdout.splitlines()] == [
        "a.txt:2: kept by keep \"newsletter\"",
        "a.txt:3: kept by keep \"re:^Advert\"",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--keep", "re:(unclosed"], 'cleaner: error: keep pattern "re:(unclosed" is not a valid regular expression: missing ), unterminated subpattern at position 0'),
        (["--keep-selector", "p >"], 'cleaner: error: keep selector "p >" is not a valid CSS selector'),
    ],
)
@pytest.mark.parametrize("command", ["check", "clean"])
def test_an_unusable_keep_on_the_command_line_exits_2_with_one_line(command: str, args: list[str], message: str) -> None:
    _write("a.txt", DUMP)
    result = invoke(command, "a.txt", "-o", "out", *args) if command == "clean" else invoke(command, "a.txt", *args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == message + "\n"
    assert not Path("out").exists()


def test_an_unusable_keep_in_pyproject_exits_2_naming_the_file_and_the_pattern() -> None:
    _write("pyproject.toml", "[tool.cleaner]\nkeep = ['re:a{2,1}']\n")
    _write("a.txt", DUMP)
    result = invoke("check", "a.txt")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"cleaner: error: {Path('pyproject.toml').resolve()}: keep pattern \"re:a{{2,1}}\" is not a valid regular expression")


def test_clean_with_keep_reports_the_kept_line_and_restores_byte_for_byte() -> None:
    original = (ARTICLE + "Subscribe to our newsletter  \r\nAdvertisement\r\n").encode("utf-8")
    Path("a.txt").write_bytes(original)
    result = invoke("clean", "a.txt", "-o", "out", "--keep", "newsletter")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert Path("out/a.txt").read_bytes() == (ARTICLE + "Subscribe to our newsletter  \r\n").encode("utf-8")
    (record,) = _report(Path("out/cleaner-report.jsonl"))
    assert [(k["rule"], k["name"], k["pattern"], k["text"]) for k in record["kept"]] == [  # type: ignore[union-attr]
        ("UI01", "ui-phrase", "newsletter", "Subscribe to our newsletter  ")
    ]
    assert [r["rule"] for r in record["removals"]] == ["UI01"]  # type: ignore[union-attr]
    restored = invoke("restore", "out/a.txt", "out/cleaner-report.jsonl")
    assert restored.exit_code == ExitCode.OK, restored.stderr
    assert restored.stdout_bytes == original


def test_clean_keep_selector_saves_what_ht01_removes_and_restore_rebuilds_the_page_text() -> None:
    _write("page.html", PAGE)
    # --article: the default preset's HT06 keeps a byline outside the region anyway.
    result = invoke("clean", "page.html", "-o", "out", "--article", "--keep-selector", "p.byline", "--show-kept")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert result.stdout == "page.html:2: kept by keep-selector \"p.byline\"; HT01 (outside-main-content) would remove: outside the main content (article)\n"
    clean = Path("out/page.txt").read_text(encoding="utf-8")
    assert "By Ann Smith, harbour desk\n" in clean and "Home | World" not in clean
    (record,) = _report(Path("out/cleaner-report.jsonl"))
    assert record["kept"] == [
        {"line": 2, "rule": "HT01", "name": "outside-main-content", "reason": "outside the main content (article)",
         "text": "By Ann Smith, harbour desk", "selector": "p.byline"}
    ]
    restored = invoke("restore", "out/page.txt", "out/cleaner-report.jsonl")
    assert restored.stdout == parse_page(PAGE).text()


def test_keep_selectors_from_the_config_file_protect_html_inputs() -> None:
    _write("cleaner.toml", "keep-selectors = ['nav']\n")
    _write("page.html", PAGE)
    result = invoke("check", "page.html", "--article", "--ignore", "HT05", "--keep-selector", ".byline", "--show-kept")
    assert result.exit_code == ExitCode.OK, result.stderr
    assert [line.split(";")[0] for line in result.stdout.splitlines()] == [
        "page.html:1: kept by keep-selector \"nav\"",
        "page.html:2: kept by keep-selector \".byline\"",
    ]


def test_show_kept_goes_to_standard_error_when_standard_output_carries_json() -> None:
    _write("a.txt", DUMP)
    result = invoke("check", "a.txt", "--keep", "newsletter", "--show-kept", "--output-format", "json")
    assert json.loads(result.stdout)["summary"]["files"] == 1
    assert "a.txt:2: kept by keep \"newsletter\"" in result.stderr


def test_clean_of_standard_input_prints_the_clean_text_alone_on_standard_output() -> None:
    result = invoke("clean", "-", "--keep", "newsletter", "--show-kept", input=DUMP)
    assert result.stdout == ARTICLE + "Subscribe to our newsletter\n"
    assert "<stdin>:2: kept by keep \"newsletter\"; UI01 (ui-phrase) would remove: " in result.stderr


def test_keep_protects_json_lines_records_and_their_report_lists_the_saved_line() -> None:
    _write("scrape.jsonl", json.dumps({"id": "r1", "url": "https://example.org/a", "text": DUMP}) + "\n")
    result = invoke("clean", "scrape.jsonl", "-o", "out", "--keep", "newsletter")
    assert result.exit_code == ExitCode.OK, result.stderr
    (line,) = Path("out/scrape.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["text"] == ARTICLE + "Subscribe to our newsletter\n"
    kept = [k for record in _report(Path("out/cleaner-report.jsonl")) for k in record.get("kept", [])]  # type: ignore[union-attr]
    assert [(k["line"], k["rule"], k["pattern"]) for k in kept] == [(2, "UI01", "newsletter")]


def test_keep_holds_in_worker_processes_too() -> None:
    Path("dumps").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        _write(f"dumps/{name}", DUMP)
    result = invoke("check", "dumps", "-j", "2", "--keep", "re:news", "--show-kept")
    assert result.exit_code == ExitCode.CHANGES, result.stderr
    assert [line.split(";")[0] for line in result.stdout.splitlines() if "kept by" in line] == [
        f"dumps/{name}:2: kept by keep \"re:news\"" for name in ("a.txt", "b.txt", "c.txt")
    ]
