"""The `cleaner clean` and `cleaner restore` commands on good input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.report.model import ExitCode

DUMP = (
    "icon bookmarkicon cameraicon shareicon closeicon fm\n"
    "\n"
    "Bridge to close for a year\n"
    "\n"
    "Bridge to close for a year\n"
    "The council voted on Tuesday to close the bridge.   \n"
    "Advertisement\n"
    "“We had no choice,” the mayor said.\n"
)


def _tree(root: Path, count: int = 6) -> Path:
    folder = root / "dumps"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        sub = folder / f"site{index % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"page{index}.txt").write_text(DUMP.replace("bridge", f"bridge {index}"), encoding="utf-8")
    (folder / "cp1251.txt").write_bytes("Реклама\nМэр открыл новый мост через реку в пятницу.\n".encode("cp1251"))
    return folder


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_clean_mirrors_the_input_tree_and_writes_report_and_diff(runner: CliRunner, tmp_path: Path) -> None:
    folder = _tree(tmp_path)
    result = runner.invoke(app, ["clean", str(folder), "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert (tmp_path / "out" / "site0" / "page0.txt").read_text(encoding="utf-8") == (
        "Bridge to close for a year\n\nThe council voted on Tuesday to close the bridge 0.\n"
        "“We had no choice,” the mayor said.\n"
    )
    records = [json.loads(line) for line in (tmp_path / "out" / "cleaner-report.jsonl").read_text().splitlines()]
    assert [r["input"] for r in records] == sorted(r["input"] for r in records)
    first = next(r for r in records if r["input"].endswith("page0.txt"))
    assert first["counts"] == {"HL01": 1, "IC01": 1, "UI01": 1, "WS01": 1, "WS02": 1}
    assert {"start", "end", "line", "column", "rule", "name", "reason", "text"} <= set(first["removals"][0])
    assert first["encoding"] == "utf-8" and first["error"] is None and len(first["sha256"]) == 64
    diff = (tmp_path / "out" / "cleaner-report.diff").read_text(encoding="utf-8")
    assert "-Advertisement" in diff and "+++ b/out/site0/page0.txt" in diff
    assert "removals" in result.stderr.lower()


def test_clean_detects_a_legacy_encoding_and_writes_utf8(runner: CliRunner, tmp_path: Path) -> None:
    folder = _tree(tmp_path, count=0)
    result = runner.invoke(app, ["clean", str(folder), "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert (tmp_path / "out" / "cp1251.txt").read_text(encoding="utf-8") == "Мэр открыл новый мост через реку в пятницу.\n"
    record = json.loads((tmp_path / "out" / "cleaner-report.jsonl").read_text())
    assert record["encoding"] == "cp1251"


def test_parallel_jobs_give_identical_outputs_and_report(runner: CliRunner, tmp_path: Path) -> None:
    folder = _tree(tmp_path, count=12)
    assert runner.invoke(app, ["clean", str(folder), "-o", "one", "-j", "1"]).exit_code == 0
    assert runner.invoke(app, ["clean", str(folder), "-o", "two", "-j", "2"]).exit_code == 0
    one = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*") if p.is_file())
    two = sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert one == two
    for relative in one:
        left, right = (tmp_path / "one" / relative).read_bytes(), (tmp_path / "two" / relative).read_bytes()
        if relative.name.startswith("cleaner-report"):
            left, right = left.replace(b"one/", b"X/"), right.replace(b"two/", b"X/")
        assert left == right, relative


def test_diff_option_prints_the_diff_on_stdout(runner: CliRunner, tmp_path: Path) -> None:
    folder = _tree(tmp_path, count=1)
    result = runner.invoke(app, ["clean", str(folder), "-o", "out", "--diff", "--quiet"])
    assert result.stdout.startswith("--- a/")
    assert "-Advertisement" in result.stdout
    assert result.stderr == ""


def test_scraped_markup_prints_literally_in_errors(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "[video] page.txt"
    bad.write_bytes(b"\x00\x01")
    result = runner.invoke(app, ["clean", str(bad), "-o", "out"])
    assert "[video] page.txt: binary file" in result.stderr


def test_restore_rebuilds_input_bytes_from_clean_file_and_report(runner: CliRunner, tmp_path: Path) -> None:
    folder = _tree(tmp_path, count=2)
    runner.invoke(app, ["clean", str(folder), "-o", "out"])
    for original in sorted(folder.rglob("*.txt")):
        clean = tmp_path / "out" / original.relative_to(folder)
        result = runner.invoke(app, ["restore", str(clean), "out/cleaner-report.jsonl", "-o", "restored"])
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / "restored").read_bytes() == original.read_bytes()


def test_restore_undoes_repeated_in_place_runs(runner: CliRunner, tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    original = DUMP.encode("utf-8")
    page.write_bytes(original)
    assert runner.invoke(app, ["clean", "page.txt", "--in-place"]).exit_code == 0
    page.write_bytes(page.read_bytes() + b"Share\nFacebook\nTwitter\n")
    edited = page.read_bytes()
    assert runner.invoke(app, ["clean", "page.txt", "--in-place"]).exit_code == 0
    assert runner.invoke(app, ["clean", "page.txt", "--in-place"]).exit_code == 0
    result = runner.invoke(app, ["restore", "page.txt", "cleaner-report.jsonl"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == edited


def test_restore_of_a_file_not_in_the_report_fails_clearly(runner: CliRunner, tmp_path: Path) -> None:
    folder = _tree(tmp_path, count=1)
    runner.invoke(app, ["clean", str(folder), "-o", "out"])
    stranger = tmp_path / "stranger.txt"
    stranger.write_text("Something else.\n")
    result = runner.invoke(app, ["restore", str(stranger), "out/cleaner-report.jsonl"])
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert result.stderr.strip() == f"cleaner: {stranger}: cannot restore: no record in the report has this file's checksum as its output"


def test_article_preset_keeps_only_the_article_region(runner: CliRunner, tmp_path: Path) -> None:
    body = (
        "The city council voted on Tuesday night to close the northern bridge for a year of repairs, after engineers "
        "found that two of its supporting piers had cracked during the spring floods and could no longer carry lorries.\n"
    )
    page = tmp_path / "page.txt"
    page.write_text("India\nWorld\nScience\nCricket\n" + body * 1 + body.replace("bridge", "old bridge"), encoding="utf-8")
    default = runner.invoke(app, ["clean", "page.txt", "-o", "default"])
    article = runner.invoke(app, ["clean", "page.txt", "-o", "article", "--article"])
    assert default.exit_code == article.exit_code == 0
    assert (tmp_path / "default" / "page.txt").read_text(encoding="utf-8").startswith("India\nWorld\n")
    assert (tmp_path / "article" / "page.txt").read_text(encoding="utf-8") == body + body.replace("bridge", "old bridge")
    record = json.loads((tmp_path / "article" / "cleaner-report.jsonl").read_text())
    assert record["counts"] == {"BC01": 4}
    assert "class short -> bad" in record["removals"][0]["reason"]


def test_empty_inputs_and_pages_that_cleaning_empties_are_listed_not_failed(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "all-ui.txt").write_text("Advertisement\nShare\nFacebook\nTwitter\n", encoding="utf-8")
    (folder / "story.txt").write_text(DUMP, encoding="utf-8")
    result = runner.invoke(app, ["clean", str(folder), "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "3 files cleaned: 2 changed, 1 empty, 1 with warnings, 0 failed" in result.stderr
    assert f"  {folder / 'all-ui.txt'}: cleaning removed all of its text" in result.stderr
    assert f"  {folder / 'empty.txt'}: empty" in result.stderr
    records = {Path(r["input"]).name: r for r in map(json.loads, (tmp_path / "out" / "cleaner-report.jsonl").read_text().splitlines())}
    assert records["empty.txt"]["empty"] is True and records["empty.txt"]["error"] is None
    assert records["all-ui.txt"]["warnings"] == ["cleaning removed all of its text"]
    assert "warnings" not in records["story.txt"] and "empty" not in records["story.txt"]
    # The emptied output is no error for the next check either.
    again = runner.invoke(app, ["check", "out/all-ui.txt", "out/empty.txt"])
    assert again.exit_code == ExitCode.OK, again.stderr
