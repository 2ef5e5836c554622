"""`cleaner clean` on scrape folders and JSON Lines: the template pass, profiles, order and jobs."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.report.model import ExitCode

WORDS = "the of and to in valley council bridge river flood repairs vote mayor engineers report said would town".split()
# Each site prints 3 template lines or more: a folder named on the command line is flat, and its
# pages form a site only by sharing that many (cleaner.sites.groups.MIN_SHARED).
TEMPLATE = {"www.ledger.example": ["Home", "World", "Sport", "Contact the Ledger"], "news.other.example": ["Start", "Other news today", "Contact the Ledger"]}


def _page(site: str, n: int, r: random.Random) -> str:
    body = [" ".join(r.choice(WORDS) for _ in range(18)).capitalize() + "." for _ in range(3)]
    nav = TEMPLATE[site]
    headline = " ".join(r.choice(WORDS) for _ in range(7)).title()
    return "\n".join([*nav[:-1], headline, *body, nav[-1]]) + "\n"


def _records(count: int = 12) -> list[dict[str, object]]:
    r = random.Random(4)
    records = []
    for n in range(count):
        site = "www.ledger.example" if n % 3 else "news.other.example"
        records.append({"id": f"r{n}", "url": f"https://{site}/2031/{n}", "text": _page(site, n, r), "meta": {"n": n, "tags": ["a", "é"]}})
    return records


def _write_jsonl(path: Path, records: list[dict[str, object]], extra_lines: list[str] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records] + list(extra_lines)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def _read_jsonl(path: Path) -> list[dict[str, object]]:
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _folder(root: Path) -> Path:
    r = random.Random(5)
    for site in TEMPLATE:
        (root / "scrape" / site).mkdir(parents=True)
        for n in range(6):
            (root / "scrape" / site / f"page{n}.txt").write_text(_page(site, n, r), encoding="utf-8")
    return root / "scrape"


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_jsonl_output_keeps_other_fields_and_record_order(runner: CliRunner, tmp_path: Path) -> None:
    records = _records()
    source = _write_jsonl(tmp_path / "scrape.jsonl.gz", records)
    result = runner.invoke(app, ["clean", str(source), "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    cleaned = _read_jsonl(tmp_path / "out" / "scrape.jsonl.gz")
    assert [r["id"] for r in cleaned] == [r["id"] for r in records]
    for before, after in zip(records, cleaned):
        assert list(after) == list(before)
        assert {k: v for k, v in after.items() if k != "text"} == {k: v for k, v in before.items() if k != "text"}


def test_template_lines_go_per_site_by_url_host(runner: CliRunner, tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "scrape.jsonl", _records())
    runner.invoke(app, ["clean", str(source), "-o", "out"])
    cleaned = {r["id"]: str(r["text"]) for r in _read_jsonl(tmp_path / "out" / "scrape.jsonl")}
    assert "World" not in cleaned["r1"] and "Contact the Ledger" not in cleaned["r1"]
    assert "Start" not in cleaned["r0"]
    report = (tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8")
    assert "pages of ledger.example" in report and "pages of news.other.example" in report


def test_template_lines_go_per_site_by_sub_folder(runner: CliRunner, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = runner.invoke(app, ["clean", str(folder), "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    ledger = (tmp_path / "out" / "www.ledger.example" / "page1.txt").read_text(encoding="utf-8")
    other = (tmp_path / "out" / "news.other.example" / "page1.txt").read_text(encoding="utf-8")
    assert "World" not in ledger and "Start" not in other
    assert ledger.count("\n") == 4  # headline and three paragraphs


def test_a_line_templated_on_one_site_stays_on_a_site_where_it_is_rare(runner: CliRunner, tmp_path: Path) -> None:
    records = _records()
    records.append({"id": "lone", "url": "https://third.example/a", "text": "World\nThe third site has one page only, about the river.\n"})
    source = _write_jsonl(tmp_path / "scrape.jsonl", records)
    runner.invoke(app, ["clean", str(source), "-o", "out"])
    lone = next(r for r in _read_jsonl(tmp_path / "out" / "scrape.jsonl") if r["id"] == "lone")
    assert str(lone["text"]).startswith("World\n")


def test_a_malformed_jsonl_line_is_reported_by_number_and_the_run_goes_on(runner: CliRunner, tmp_path: Path) -> None:
    records = _records(6)
    source = _write_jsonl(tmp_path / "scrape.jsonl", records[:3], ["{broken", *[json.dumps(r) for r in records[3:]]])
    result = runner.invoke(app, ["clean", str(source), "-o", "out"])
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert "scrape.jsonl: line 4: not valid JSON" in result.stderr
    lines = (tmp_path / "out" / "scrape.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7 and lines[3] == "{broken"  # copied through, nothing lost
    assert [json.loads(line)["id"] for i, line in enumerate(lines) if i != 3] == [r["id"] for r in records]


def test_shuffled_input_order_gives_byte_identical_output(runner: CliRunner, tmp_path: Path) -> None:
    records = _records(15)
    shuffled = list(records)
    random.Random(2).shuffle(shuffled)
    _write_jsonl(tmp_path / "a.jsonl", records)
    _write_jsonl(tmp_path / "b.jsonl", shuffled)
    runner.invoke(app, ["clean", "a.jsonl", "-o", "out_a"])
    runner.invoke(app, ["clean", "b.jsonl", "-o", "out_b"])
    by_id = lambda path: {r["id"]: json.dumps(r, ensure_ascii=False) for r in _read_jsonl(path)}  # noqa: E731
    assert by_id(tmp_path / "out_a" / "a.jsonl") == by_id(tmp_path / "out_b" / "b.jsonl")

    folder = _folder(tmp_path / "f")
    ledger, other = folder / "www.ledger.example", folder / "news.other.example"
    for n, path in enumerate(sorted(other.iterdir())):
        path.rename(other / f"other{n}.txt")  # named folders share one output folder: no clashing names
    runner.invoke(app, ["clean", str(ledger), str(other), "-o", "out_c"])
    runner.invoke(app, ["clean", str(other), str(ledger), "-o", "out_d"])
    walked = runner.invoke(app, ["clean", str(folder), "-o", "out_e"])
    assert walked.exit_code == ExitCode.OK, walked.stderr
    for path in [*ledger.iterdir(), *other.iterdir()]:
        first = (tmp_path / "out_c" / path.name).read_bytes()
        assert first == (tmp_path / "out_d" / path.name).read_bytes()
        assert first == (tmp_path / "out_e" / path.parent.name / path.name).read_bytes()
    assert b"World" not in (tmp_path / "out_c" / "page1.txt").read_bytes()


def test_jobs_do_not_change_the_output(runner: CliRunner, tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "scrape.jsonl", _records(20))
    runner.invoke(app, ["clean", str(source), "-o", "one"])
    result = runner.invoke(app, ["clean", str(source), "-o", "two", "-j", "2"])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert (tmp_path / "one" / "scrape.jsonl").read_bytes() == (tmp_path / "two" / "scrape.jsonl").read_bytes()


def test_profile_saved_and_loaded_gives_the_same_output_as_one_run(runner: CliRunner, tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "scrape.jsonl", _records())
    learned = runner.invoke(app, ["profile", str(source), "-o", "site-profile.json"])
    assert learned.exit_code == ExitCode.OK, learned.stderr
    assert "2 sites" in learned.stderr
    runner.invoke(app, ["clean", str(source), "-o", "once"])
    result = runner.invoke(app, ["clean", str(source), "-o", "reused", "--profile", "site-profile.json"])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert (tmp_path / "once" / "scrape.jsonl").read_bytes() == (tmp_path / "reused" / "scrape.jsonl").read_bytes()


def test_a_profile_cleans_a_new_batch_without_a_learn_pass(runner: CliRunner, tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "monday.jsonl", _records())
    runner.invoke(app, ["profile", "monday.jsonl", "-o", "site-profile.json"])
    tuesday = [{"id": "t1", "url": "https://www.ledger.example/2031/t1", "text": "Home\nWorld\nThe river rose again on Tuesday night.\n"}]
    _write_jsonl(tmp_path / "tuesday.jsonl", tuesday)
    runner.invoke(app, ["clean", "tuesday.jsonl", "-o", "out", "--profile", "site-profile.json"])
    assert _read_jsonl(tmp_path / "out" / "tuesday.jsonl")[0]["text"] == "The river rose again on Tuesday night.\n"


def test_a_corrupted_profile_is_a_usage_error_naming_the_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text('{"format": "cleaner-site-profile", "version": 1', encoding="utf-8")
    _write_jsonl(tmp_path / "scrape.jsonl", _records(3))
    result = runner.invoke(app, ["clean", "scrape.jsonl", "-o", "out", "--profile", "bad.json"])
    assert result.exit_code == ExitCode.USAGE
    assert "profile bad.json: not valid JSON" in result.stderr
    assert not (tmp_path / "out").exists()


def test_field_options_name_the_text_url_and_id_fields(runner: CliRunner, tmp_path: Path) -> None:
    records = [{"key": r["id"], "link": r["url"], "body": r["text"]} for r in _records()]
    _write_jsonl(tmp_path / "scrape.jsonl", records, ['{"key": "x1", "link": "https://a.example/"}'])
    result = runner.invoke(
        app, ["clean", "scrape.jsonl", "-o", "out", "--text-field", "body", "--url-field", "link", "--id-field", "key"]
    )
    assert 'line 13: no string "body" or "html" field' in result.stderr
    cleaned = _read_jsonl(tmp_path / "out" / "scrape.jsonl")
    assert "World" not in str(cleaned[1]["body"]) and "text" not in cleaned[1]


def test_html_records_are_cleaned_into_the_text_field(runner: CliRunner, tmp_path: Path) -> None:
    html = "<html><body><p>The river rose again.</p><script>track()</script><svg><title>icon</title></svg></body></html>"
    _write_jsonl(tmp_path / "pages.jsonl", [{"id": "h", "html": html}])
    result = runner.invoke(app, ["clean", "pages.jsonl", "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    (record,) = _read_jsonl(tmp_path / "out" / "pages.jsonl")
    assert record["html"] == html and record["text"] == "The river rose again.\n"


def test_jsonl_in_place_is_rewritten_atomically_and_keeps_its_mode(runner: CliRunner, tmp_path: Path) -> None:
    source = _write_jsonl(tmp_path / "scrape.jsonl", _records())
    source.chmod(0o640)
    result = runner.invoke(app, ["clean", str(source), "--in-place"])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "World" not in source.read_text(encoding="utf-8")
    assert list(tmp_path.glob(".scrape.jsonl.*")) == []


def test_a_lone_surrogate_in_a_record_survives_cleaning_report_and_diff(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "odd.jsonl").write_text('{"id": "s", "text": "Share on Facebook\\nBad \\ud800 byte in a line of text.\\n"}\n', encoding="utf-8")
    result = runner.invoke(app, ["clean", "odd.jsonl", "-o", "out", "--diff"])
    assert result.exit_code == ExitCode.OK, result.stderr
    (record,) = _read_jsonl(tmp_path / "out" / "odd.jsonl")
    assert record["text"] == "Bad \ud800 byte in a line of text.\n"
    (line,) = (tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["removals"][0]["text"] == "Share on Facebook\n"


def test_the_html_report_shows_each_records_original_text(runner: CliRunner, tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "scrape.jsonl", _records(4))
    result = runner.invoke(app, ["check", "scrape.jsonl", "--report-html", "report.html"])
    assert result.exit_code == ExitCode.CHANGES, result.stderr
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert page.count('<pre class="text">') == 4 and "Contact the Ledger" in page


def test_a_binary_file_named_jsonl_is_one_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "blob.jsonl").write_bytes(b'{"id": 1}\x00\x01\x02' * 50)
    result = runner.invoke(app, ["clean", "blob.jsonl", "-o", "out"])
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert result.stderr.strip().splitlines()[0] == "cleaner: blob.jsonl: binary file (NUL byte at offset 9)"


def test_a_record_too_long_to_copy_leaves_the_file_unwritten_rather_than_short(runner: CliRunner, tmp_path: Path) -> None:
    from cleaner.readers.records import MAX_LINE_BYTES

    source = tmp_path / "scrape.jsonl"
    source.write_text('{"id": 1, "text": "' + "a" * MAX_LINE_BYTES + '"}\n{"id": 2, "text": "Home\\nA line.\\n"}\n', encoding="utf-8")
    before = source.read_bytes()
    result = runner.invoke(app, ["clean", "scrape.jsonl", "--in-place"])
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert "line 1: longer than" in result.stderr and "not written, so that no record is lost" in result.stderr
    assert source.read_bytes() == before


def test_restore_rebuilds_every_record_of_a_cleaned_jsonl_file(runner: CliRunner, tmp_path: Path) -> None:
    records = _records(9)
    html = {"id": "h", "url": "https://news.other.example/h", "html": "<p>Start</p><p>The river rose again on Tuesday.</p>"}
    _write_jsonl(tmp_path / "scrape.jsonl.gz", [*records[:4], html, *records[4:]], ["", "{broken"])
    assert runner.invoke(app, ["clean", "scrape.jsonl.gz", "-o", "out"]).exit_code == ExitCode.INPUT_FAILED
    cleaned = gzip.decompress((tmp_path / "out" / "scrape.jsonl.gz").read_bytes()).decode("utf-8").split("\n")
    original = gzip.decompress((tmp_path / "scrape.jsonl.gz").read_bytes()).decode("utf-8").split("\n")
    assert len(cleaned) == len(original) and cleaned[-3:] == original[-3:]  # a blank and a broken line kept in place
    result = runner.invoke(app, ["restore", "out/scrape.jsonl.gz", "out/cleaner-report.jsonl", "-o", "back.jsonl.gz"])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "restored 10 records" in result.stderr
    back = gzip.decompress((tmp_path / "back.jsonl.gz").read_bytes()).decode("utf-8").split("\n")
    assert [json.loads(line) if line.strip() and line != "{broken" else line for line in back] == [
        json.loads(line) if line.strip() and line != "{broken" else line for line in original
    ]


def test_restore_refuses_a_record_whose_text_was_edited_since(runner: CliRunner, tmp_path: Path) -> None:
    _write_jsonl(tmp_path / "scrape.jsonl", _records(4))
    runner.invoke(app, ["clean", "scrape.jsonl", "-o", "out"])
    cleaned = _read_jsonl(tmp_path / "out" / "scrape.jsonl")
    cleaned[1]["text"] = "Edited by hand.\n"
    _write_jsonl(tmp_path / "out" / "scrape.jsonl", cleaned)
    result = runner.invoke(app, ["restore", "out/scrape.jsonl", "out/cleaner-report.jsonl", "-o", "back.jsonl"])
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert "line 2: rebuilt text does not match the checksum" in result.stderr
