"""The datatrove step (`cleaner.integrations.datatrove`) on datatrove's local executor, against `cleaner clean`."""

from __future__ import annotations

import dataclasses
import json
import pickle
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner.integrations.datatrove import CleanerFormatter, RestoreError, restore_document  # noqa: E402
from tests.cli_runs import invoke  # noqa: E402

WORDS = "the of and to in valley council bridge river flood repairs vote mayor engineers report said town café Zürich naïve".split()
# Lines each site's template prints on every page: no UI phrase, so only TP01 (with a profile) removes them.
TEMPLATE = {
    "www.ledger.example": ["Ledger Valley Edition", "Morning briefing for the valley", "Letters to the Ledger editors"],
    "news.tageblatt.example": ["Tageblatt Köln Ausgabe", "Nachrichten aus der Region Köln", "Leserbriefe an die Tageblatt Redaktion"],
    "blog.kafe.example": ["Kafé notes 東京 edition", "Weekly digest from the kafé", "Write to the kafé team"],
    None: ["Quiet Hamlet Gazette", "Parish notices and lost property", "Printed by the Hamlet Gazette press"],
}
EMPTIED_ID = "only-chrome"


def _page(site: str | None, r: random.Random) -> str:
    body = [" ".join(r.choice(WORDS) for _ in range(16)).capitalize() + "." for _ in range(3)]
    top, middle, bottom = TEMPLATE[site]
    return "\n".join([top, middle, "Share on Facebook", *body, bottom]) + "\n"


def _records() -> list[dict[str, object]]:
    r = random.Random(7)
    records: list[dict[str, object]] = []
    for n in range(32):
        site = list(TEMPLATE)[n % 4]
        # The fourth site's pages have no URL: a profile knows them as a group of their folder's pages.
        address = {"url": f"https://{site}/2031/{n}"} if site else {}
        records.append({"id": f"p{n}", **address, "text": _page(site, r), "lang": "é"})
    records.append({"id": "empty", "url": "https://www.ledger.example/empty", "text": ""})
    records.append({"id": "blank", "url": "https://www.ledger.example/blank", "text": "  \n\n"})
    records.append({"id": EMPTIED_ID, "url": "https://www.ledger.example/x", "text": "Share on Facebook\nRead more\n"})
    records.append({"id": "no-url", "text": "Home\nA story with no address at all, told in full to the very end.\n"})
    return records


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two JSON Lines shards of three sites, in their own folder (the readers' data folder)."""
    folder = tmp_path_factory.mktemp("corpus") / "scrape"
    folder.mkdir()
    records = _records()
    for part in range(2):
        lines = [json.dumps(record, ensure_ascii=False) for record in records[part::2]]
        (folder / f"part-{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def profile(corpus: Path) -> Path:
    path = corpus.parent / "site-profile.json"
    assert invoke("profile", str(corpus), "-o", str(path), "-q").exit_code == 0
    return path


def _originals(corpus: Path) -> dict[str, str]:
    return {record["id"]: record["text"] for path in sorted(corpus.glob("*.jsonl")) for record in map(json.loads, path.read_text("utf-8").splitlines())}


def _cleaned_by_command(corpus: Path, out: Path, *options: str) -> dict[str, str]:
    result = invoke("clean", str(corpus), "-o", str(out), "-q", *options)
    assert result.exit_code in (0, 1), result.stderr
    cleaned = [path for path in sorted(out.glob("*.jsonl")) if path.name != "cleaner-report.jsonl"]
    return {record["id"]: record["text"] for path in cleaned for record in map(json.loads, path.read_text("utf-8").splitlines())}


def _pipeline(corpus: Path, out: Path, step: CleanerFormatter, *after: object) -> list[Document]:
    """JsonlReader -> step -> JsonlWriter on the local executor (2 tasks, 1 worker); the documents written."""
    executor = LocalPipelineExecutor(
        [JsonlReader(str(corpus)), step, *after, JsonlWriter(str(out / "docs"), compression=None)],
        tasks=2, workers=1, logging_dir=str(out / "logs"),
    )
    executor.run()
    return [
        # The writer leaves out empty values, an emptied text among them.
        Document(text=data.get("text", ""), id=data["id"], metadata=data["metadata"])
        for path in sorted((out / "docs").glob("*.jsonl"))
        for data in map(json.loads, path.read_text("utf-8").splitlines())
    ]


def _stats(out: Path) -> dict[str, int]:
    """The step's counters, merged over the tasks (datatrove's logs/stats.json)."""
    steps = json.loads((out / "logs" / "stats.json").read_text("utf-8"))
    step = next(s for s in steps if "cleaner" in s["name"])
    return {name: value["total"] if isinstance(value, dict) else value for name, value in step["stats"].items()}


@pytest.mark.parametrize("with_profile", [False, True], ids=["no-profile", "profile"])
def test_step_gives_the_text_cleaner_clean_gives_and_keeps_what_it_removed(corpus: Path, profile: Path, tmp_path: Path, with_profile: bool) -> None:
    # Without a profile a streaming step cannot learn site templates: the command's equivalent is TP01 off.
    options = ("--profile", str(profile)) if with_profile else ("--ignore", "TP01")
    expected = _cleaned_by_command(corpus, tmp_path / "command", *options)
    step = CleanerFormatter(profile=profile, folder=corpus.name) if with_profile else CleanerFormatter()
    docs = _pipeline(corpus, tmp_path / "step", step)
    originals = _originals(corpus)
    # datatrove's reader skips the record with empty text; every other record comes through once.
    assert sorted(doc.id for doc in docs) == sorted(set(originals) - {"empty"})
    for doc in docs:
        assert doc.text == expected[doc.id], doc.id
        assert restore_document(doc) == originals[doc.id], doc.id
    removed = {r["rule"] for doc in docs for r in doc.metadata["cleaner"]["removals"]}
    assert "UI01" in removed
    assert ("TP01" in removed) is with_profile
    unsited = next(doc for doc in docs if doc.id == "p3")
    assert ("Quiet Hamlet Gazette" in unsited.text) is not with_profile
    chrome = next(doc for doc in docs if doc.id == "p0")
    assert {"rule", "name", "reason", "start", "end", "line", "text"} <= set(chrome.metadata["cleaner"]["removals"][0])


def test_a_config_file_is_read_as_cleaner_clean_reads_it(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "cleaner.toml"
    config.write_text('keep = ["Share on Facebook"]\n', encoding="utf-8")
    expected = _cleaned_by_command(corpus, tmp_path / "command", "--ignore", "TP01", "--config", str(config))
    records = [json.loads(line) for path in sorted(corpus.glob("*.jsonl")) for line in path.read_text("utf-8").splitlines()]
    docs = [Document(text=r["text"], id=r["id"], metadata={"url": r["url"]} if "url" in r else {}) for r in records]
    cleaned = {doc.id: doc for doc in CleanerFormatter(config=config).run(iter(docs))}
    assert {key: doc.text for key, doc in cleaned.items()} == expected
    assert "Share on Facebook" in cleaned["p0"].text and cleaned["p0"].metadata["cleaner"]["kept"]


def test_drop_emptied_drops_counts_and_writes_the_document_to_the_exclusion_writer(corpus: Path, tmp_path: Path) -> None:
    excluded = tmp_path / "excluded"
    step = CleanerFormatter(drop_emptied=True, exclusion_writer=JsonlWriter(str(excluded), compression=None))
    docs = _pipeline(corpus, tmp_path, step)
    assert EMPTIED_ID not in {doc.id for doc in docs}
    # A document that was blank to begin with was not emptied by cleaning: it goes on.
    assert "blank" in {doc.id for doc in docs}
    dropped = [json.loads(line) for path in excluded.glob("*.jsonl") for line in path.read_text("utf-8").splitlines()]
    assert [(d["id"], d["metadata"]["filter_reason"]) for d in dropped] == [(EMPTIED_ID, "cleaned_empty")]
    back = Document(text=dropped[0].get("text", ""), id=EMPTIED_ID, metadata=dropped[0]["metadata"])
    assert restore_document(back) == _originals(corpus)[EMPTIED_ID]
    stats = _stats(tmp_path)
    assert (stats["dropped"], stats["dropped_cleaned_empty"], stats["total"]) == (1, 1, len(docs) + 1)


def test_emptied_documents_go_on_by_default_and_are_counted(corpus: Path, tmp_path: Path) -> None:
    docs = _pipeline(corpus, tmp_path, CleanerFormatter())
    assert next(doc for doc in docs if doc.id == EMPTIED_ID).text == ""
    assert _stats(tmp_path)["emptied"] == 1


def test_cleaning_the_output_again_removes_nothing_and_keeps_the_record(corpus: Path, profile: Path, tmp_path: Path) -> None:
    docs = _pipeline(corpus, tmp_path, CleanerFormatter(profile=profile))
    before = [(doc.text, json.dumps(doc.metadata, sort_keys=True)) for doc in docs]
    again = list(CleanerFormatter(profile=profile).run(iter(docs)))
    assert [(doc.text, json.dumps(doc.metadata, sort_keys=True)) for doc in again] == before


def test_a_second_pass_that_removes_more_chains_its_record_and_restores_the_first_input(corpus: Path, tmp_path: Path) -> None:
    docs = _pipeline(corpus, tmp_path, CleanerFormatter(), CleanerFormatter(preset="article"))
    originals = _originals(corpus)
    assert any("earlier" in doc.metadata["cleaner"] for doc in docs)
    assert all(restore_document(doc) == originals[doc.id] for doc in docs)


def test_restore_refuses_text_that_does_not_match_its_record() -> None:
    doc = next(CleanerFormatter().run(iter([Document(text="Home\nThe bridge reopened on Monday after the flood repairs.\n", id="d")])))
    doc.text = doc.text.replace("Monday", "Friday")
    with pytest.raises(RestoreError, match="checksum"):
        restore_document(doc)


def test_a_document_whose_clean_text_would_not_restore_goes_on_unchanged_and_is_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    step = CleanerFormatter()
    clean_record = step.worker.clean_record
    # A cleaner that lost a character on the way: its record could not give the text back.
    monkeypatch.setattr(step.worker, "clean_record", lambda page: dataclasses.replace(clean_record(page), text="The bridge reopened."))
    text = "Home\nThe bridge reopened on Monday after the flood repairs.\n"
    doc = next(step.run(iter([Document(text=text, id="d")])))
    assert (doc.text, doc.metadata) == (text, {})
    assert step.stats["failed"].total == 1


def test_html_documents_give_the_text_cleaner_clean_gives_an_html_record_and_restore_their_markup(tmp_path: Path) -> None:
    body = "".join(f"<p>{' '.join(['The council met again about the river bridge'] * 3)} {n}.</p>" for n in range(3))
    html = f"<html><body><nav><a href='/'>Home</a> <a href='/s'>Share on Facebook</a></nav><article><h1>Bridge</h1>{body}</article></body></html>"
    (tmp_path / "pages.jsonl").write_text(json.dumps({"id": "h", "url": "https://a.example/1", "html": html}) + "\n", encoding="utf-8")
    expected = _cleaned_by_command(tmp_path / "pages.jsonl", tmp_path / "out", "--ignore", "TP01")
    doc = next(CleanerFormatter(html=True).run(iter([Document(text=html, id="h", metadata={"url": "https://a.example/1"})])))
    assert doc.text == expected["h"] and "Share on Facebook" not in doc.text
    assert restore_document(doc) == html
    # Its output is text now: a second pass reads it as text, and finds nothing more to remove.
    again = next(CleanerFormatter(html=True).run(iter([doc])))
    assert again.text == expected["h"] and restore_document(again) == html


def test_step_pickles_without_its_cleaner_and_cleans_the_same_once_unpickled(profile: Path) -> None:
    step = CleanerFormatter(profile=profile)
    text = "Ledger Valley Edition\nMorning briefing for the valley\nThe mayor said the bridge would reopen in spring.\n"
    first = next(step.run(iter([Document(text=text, id="a", metadata={"url": "https://www.ledger.example/9"})])))
    state = pickle.dumps(step)
    unpickled = pickle.loads(state)
    # The rules and the profile's model are built again where the step runs, not shipped with it.
    assert unpickled._worker is None and len(state) < 2_000
    second = next(unpickled.run(iter([Document(text=text, id="a", metadata={"url": "https://www.ledger.example/9"})])))
    assert second.text == first.text == "The mayor said the bridge would reopen in spring.\n"


def test_a_bad_selection_or_profile_fails_when_the_pipeline_is_built(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="XX99"):
        CleanerFormatter(select=["XX99"])
    with pytest.raises(ValueError, match="preset"):
        CleanerFormatter(preset="tidy")
    with pytest.raises(ValueError, match="no such file"):
        CleanerFormatter(profile=tmp_path / "missing.json")


def test_the_package_and_its_commands_do_not_import_datatrove() -> None:
    code = "import sys, cleaner, cleaner.cli, cleaner.run.batch; cleaner.clean_text('Home\\n'); print('datatrove' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
