"""The learn pass in worker processes: JSON Lines records read in the parent and counted in
the processes, and `cleaner profile -j N`; the model is the one a single process learns."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.readers import Reading
from cleaner.readers.files import find_sources
from cleaner.report.model import ExitCode
from cleaner.run.executors import _record_chunks, learn_tallies, model_of
from cleaner.run.options import Options
from cleaner.run.pool import Pool
from cleaner.sites.model import TemplateModel
from cleaner.sites.pages import RecordPage, count_pages, record_pages
from tests.multisite import SITES, page, tree, write_scrape


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def _html(text: str) -> str:
    lines = text.strip("\n").split("\n")
    return "<html><body><nav>" + "".join(f"<p>{line}</p>" for line in lines[:3]) + "</nav><article>" + "".join(
        f"<p>{line}</p>" for line in lines[3:] if line
    ) + "</article></body></html>"


def _scrape(root: Path) -> Path:
    """The multi-site scrape, and a JSON Lines file of HTML records: some with URLs, some
    without (grouped by their template), one without text or HTML, one not JSON."""
    write_scrape(root)
    r = random.Random(11)
    names = list(SITES)
    lines = []
    for n in range(70):
        site = names[n % len(names)]
        record: dict[str, object] = {"id": f"h{n}", "html": _html(page(site, r, 3))}
        if n % 4:
            record["url"] = f"https://{site}/html/{n}"
        lines.append(json.dumps(record))
    lines[20] = json.dumps({"id": "nothing"})
    lines[41] = "{not json"
    (root / "shards" / "html.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_a_profile_learned_in_processes_is_byte_identical_to_one_learned_in_one(runner: CliRunner, tmp_path: Path) -> None:
    scrape = _scrape(tmp_path / "scrape")
    for jobs in ("1", "2", "3"):
        for args in ([str(scrape)], [str(scrape / "shards" / "html.jsonl")], [str(scrape / "shards")]):
            result = runner.invoke(app, ["profile", *args, "-j", jobs, "-o", f"{len(args[0])}-{jobs}.json", "-q"])
            assert result.exit_code == 0, result.stderr
            result = runner.invoke(app, ["profile", *args, "-j", jobs, "--part", "-o", f"{len(args[0])}-{jobs}.part.json.gz", "-q"])
            assert result.exit_code == 0, result.stderr
    written = tree(tmp_path)
    profiles = {name: data for name, data in written.items() if name.endswith(".json") or name.endswith(".json.gz")}
    assert len(profiles) == 18
    for name, data in profiles.items():
        first = name.replace("-2.", "-1.").replace("-3.", "-1.")
        assert data == profiles[first], name


def test_json_lines_records_counted_in_processes_clean_as_in_one_process(runner: CliRunner, tmp_path: Path) -> None:
    scrape = _scrape(tmp_path / "scrape")
    for jobs in ("1", "2"):
        result = runner.invoke(app, ["clean", str(scrape / "shards"), "-o", f"out-{jobs}", "-j", jobs, "-q"])
        assert result.exit_code == ExitCode.INPUT_FAILED, result.stderr  # the two records without a page are reported
    one, two = _files(tmp_path / "out-1"), _files(tmp_path / "out-2")
    assert one.keys() == two.keys() and "cleaner-report.jsonl" in one
    for name in one:
        left, right = one[name], two[name]
        if name.startswith("cleaner-report"):
            left, right = left.replace(b"out-1", b"OUT"), right.replace(b"out-2", b"OUT")
        assert left == right, name
    # TP01 learned the sites' template from the HTML records, and removed it.
    assert b'"TP01"' in one["cleaner-report.jsonl"]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_tallies_of_processes_make_the_model_of_one_process(tmp_path: Path) -> None:
    scrape = _scrape(tmp_path / "scrape")
    sources = find_sources([str(scrape)])
    one = _fields(model_of(count_pages(sources, Reading())))
    assert _fields(model_of(learn_tallies(Options(jobs=2), sources, None))) == one
    assert _fields(model_of(learn_tallies(Options(jobs=1), sources, None))) == one
    assert one[0]["shards"] == 17  # the HTML records without a URL, counted under their folder


def _fields(model: TemplateModel) -> tuple:
    return model.pages, model.lines, model.groups


def test_records_go_to_the_processes_in_chunks_bounded_in_count_and_characters() -> None:
    small = [RecordPage("a.example", "x" * 10, None, "f", None)] * 70
    assert [len(chunk) for chunk in _record_chunks(small)] == [32, 32, 6]
    big = [RecordPage(None, None, "<p>" + "y" * (3 << 20) + "</p>", "f", None)] * 3
    assert [len(chunk) for chunk in _record_chunks(big)] == [2, 1]


def test_record_pages_skip_what_the_clean_pass_reports(tmp_path: Path) -> None:
    scrape = _scrape(tmp_path / "scrape")
    pages = list(record_pages(find_sources([str(scrape / "shards" / "html.jsonl")]), Reading()))
    # 70 lines: one without text or HTML and one that is not JSON are left to the clean pass.
    assert len(pages) == 68
    assert all(p.html is not None and p.text is None for p in pages)


def test_a_pool_takes_items_from_a_generator_only_as_it_gives_them_out() -> None:
    taken: list[int] = []

    def items():
        for n in range(100):
            taken.append(n)
            yield n

    class Immediate:
        """Stands in for a process's executor: runs the task at once."""

        def submit(self, task, item):
            from concurrent.futures import Future

            future: Future = Future()
            future.set_result(task(item))
            return future

    results = Pool([Immediate(), Immediate()]).map(lambda n: n * 2, items(), ahead=3)  # type: ignore[list-item]
    assert taken == [0, 1, 2, 3]
    assert next(results) == 0 and taken == [0, 1, 2, 3, 4]
    assert list(results) == [n * 2 for n in range(1, 100)]
