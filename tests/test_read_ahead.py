"""The learn pass keeps the pages it parsed for the clean pass (`cleaner.sites.pages.ReadAhead`):
each page is read and parsed once a run, and the run's outputs stay what they were."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import cleaner.readers.files
import cleaner.readers.html
import cleaner.run.batch
import cleaner.run.worker
from cleaner.engine.keep import KeepList
from cleaner.readers import Reading, read_document
from cleaner.run.batch import Options, run_clean
from cleaner.sites.pages import ReadAhead

NAV = "<nav><a href=/>Home</a> <a href=/news>News</a> <a href=/about>About us</a></nav>"
FOOTER = "<footer><p>Subscribe to The Ledger for free today</p><p>Privacy Policy and Terms</p></footer>"


def _page(number: int) -> bytes:
    article = " ".join(f"Sentence {number} of the story number {i} says something long enough to be prose." for i in range(6))
    return f"<html><head><title>Story {number}</title></head><body>{NAV}<article><h1>Story {number}</h1><p>{article}</p></article>{FOOTER}</body></html>".encode()


def _folder(root: Path, pages: int = 5) -> Path:
    folder = root / "in" / "www.ledger.example"
    folder.mkdir(parents=True)
    for number in range(pages):
        (folder / f"{number}.html").write_bytes(_page(number))
    (folder / "notes.txt").write_text("Home\nA note of the editor, in plain text.\nPrivacy Policy and Terms\n", encoding="utf-8")
    return root / "in"


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the clean pass's own parses of whole inputs."""
    calls: list[int] = []

    def counted(*args, **kwargs):
        calls.append(1)
        return read_document(*args, **kwargs)

    monkeypatch.setattr(cleaner.run.worker, "read_document", counted)
    return calls


def _outputs(out: Path) -> tuple[dict[str, bytes], list[dict]]:
    records = [json.loads(line) for line in (out / "cleaner-report.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        record.pop("output", None)
    files = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".txt"}
    return files, records


def test_folder_run_parses_each_page_once_and_writes_what_parsing_twice_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    calls = _counting(monkeypatch)
    run_clean([str(folder)], Options(out=tmp_path / "once"))
    assert calls == []
    once = _outputs(tmp_path / "once")
    assert any(r.get("counts", {}).get("TP01") for r in once[1])  # the learn pass did count the template
    monkeypatch.setattr(cleaner.run.batch, "ReadAhead", lambda: ReadAhead(budget=0))
    run_clean([str(folder)], Options(out=tmp_path / "twice"))
    assert len(calls) == 6
    assert _outputs(tmp_path / "twice") == once


def test_pages_past_the_budget_are_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    size = len(_page(0))
    calls = _counting(monkeypatch)
    monkeypatch.setattr(cleaner.run.batch, "ReadAhead", lambda: ReadAhead(budget=2 * size + 1))
    run_clean([str(folder)], Options(out=tmp_path / "out"))
    assert len(calls) == 4


def test_a_file_changed_between_the_passes_is_read_again() -> None:
    ahead = ReadAhead()
    path = Path("a.html")
    data = _page(1)
    ahead.keep(path, data, read_document(data, Reading(max_line_chars=1000)))
    assert len(ahead) == 1
    assert ahead.take(path, "0" * 64) is None
    assert len(ahead) == 0 and ahead.take(path, "0" * 64) is None


def test_the_kept_page_holds_no_markup_and_a_run_that_locates_decodes_it_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    decoded: list[int] = []
    with_markup = cleaner.readers.html.with_markup

    def counted(*args, **kwargs):
        decoded.append(1)
        return with_markup(*args, **kwargs)

    monkeypatch.setattr(cleaner.run.worker, "with_markup", counted)
    run_clean([str(folder)], Options(out=tmp_path / "located", locate_sources=True))
    assert len(decoded) == 6
    records = [json.loads(line) for line in (tmp_path / "located" / "cleaner-report.jsonl").read_text(encoding="utf-8").splitlines()]
    html = [r for r in records if r["input"].endswith(".html")]
    assert html and all(removal.get("source_line") for r in html for removal in r["removals"])


def test_a_run_with_keep_selectors_parses_in_the_clean_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The learn pass parses without the keep selectors, which mark blocks in the clean pass.
    folder = _folder(tmp_path)
    calls = _counting(monkeypatch)
    run_clean([str(folder)], Options(out=tmp_path / "out", keep=KeepList(selectors=("footer",))))
    assert len(calls) == 6


def test_a_parallel_run_cleans_each_page_in_the_process_that_parsed_it_and_writes_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker processes are forked from this one, so they count their clean-pass parses in a file.
    folder = _folder(tmp_path, pages=40)
    parses = tmp_path / "parses"
    parses.touch()

    def counted(*args, **kwargs):
        with parses.open("a") as log:
            log.write("parsed\n")
        return read_document(*args, **kwargs)

    monkeypatch.setattr(cleaner.run.worker, "read_document", counted)
    run_clean([str(folder)], Options(out=tmp_path / "two", jobs=2))
    assert parses.read_text() == ""
    run_clean([str(folder)], Options(out=tmp_path / "one", jobs=1))
    assert _outputs(tmp_path / "two") == _outputs(tmp_path / "one")


def test_the_clean_pass_normalises_no_line_the_learn_pass_normalised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.engine.segment
    import cleaner.sites.model
    import cleaner.sites.pages
    from cleaner.text import normalise

    learned: list[str] = []
    cleaned: list[str] = []

    def counting(into: list[str]):
        def counted(line: str) -> str:
            into.append(line)
            return normalise(line)

        return counted

    monkeypatch.setattr(cleaner.sites.model, "normalise", counting(learned))
    # The twin, which normalises through the module's `normalise`: the kernel does it in C, uncounted.
    monkeypatch.setattr(cleaner.sites.pages, "line_keys", cleaner.sites.model.line_keys_py)
    monkeypatch.setattr(cleaner.engine.segment, "normalise", counting(cleaned))
    folder = _folder(tmp_path)
    padded = "The editor wrote this note herself.   \nA note of the editor, in plain text.\n"
    (folder / "www.ledger.example" / "padded.txt").write_text(padded, encoding="utf-8")
    run_clean([str(folder)], Options(out=tmp_path / "out"))
    assert "A note of the editor, in plain text." in learned
    assert "The editor wrote this note herself." in cleaned  # a line a removal cut short is new to the clean pass
    assert not set(learned) & set(cleaned)


def _settled_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's stamp vouches for its bytes once it has not changed for SETTLED_NS before a
    read: 0 here, so that files a test has just written are stamped."""
    monkeypatch.setattr(cleaner.readers.files, "SETTLED_NS", 0)


def _counting_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []
    read = cleaner.run.worker._read

    def counted(source):
        reads.append(source.display)
        return read(source)

    monkeypatch.setattr(cleaner.run.worker, "_read", counted)
    return reads


def test_a_settled_file_is_read_once_a_run_and_written_as_when_read_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path)
    _settled_at_once(monkeypatch)
    reads = _counting_reads(monkeypatch)
    run_clean([str(folder)], Options(out=tmp_path / "once"))
    assert reads == []
    monkeypatch.setattr(cleaner.run.batch, "ReadAhead", lambda: ReadAhead(budget=0))
    run_clean([str(folder)], Options(out=tmp_path / "twice"))
    assert len(reads) == 6
    assert _outputs(tmp_path / "twice") == _outputs(tmp_path / "once")


def test_a_file_just_written_is_read_again_in_the_clean_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Changed within SETTLED_NS of the read: its times cannot vouch that it is the same later.
    folder = _folder(tmp_path)
    reads = _counting_reads(monkeypatch)
    run_clean([str(folder)], Options(out=tmp_path / "out"))
    assert len(reads) == 6


def test_a_settled_file_changed_after_the_learn_pass_is_cleaned_as_it_is_then(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.run.batch import Hooks

    folder = _folder(tmp_path)
    _settled_at_once(monkeypatch)
    reads = _counting_reads(monkeypatch)
    notes = folder / "www.ledger.example" / "notes.txt"
    page = folder / "www.ledger.example" / "3.html"
    new_notes = b"Home\nThe editor rewrote this note between the two passes.\n"
    new_page = _page(33)

    def rewrite(model) -> None:
        notes.write_bytes(new_notes)
        page.write_bytes(new_page)

    run_clean([str(folder)], Options(out=tmp_path / "out"), hooks=Hooks(learned=rewrite))
    assert len(reads) == 2  # the two it changed; the others were taken by their stamps
    records = {Path(r["input"]).name: r for r in map(json.loads, (tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8").splitlines())}
    for path, data in ((notes, new_notes), (page, new_page)):
        assert records[path.name]["sha256"] == hashlib.sha256(data).hexdigest()
        assert records[path.name]["bytes_in"] == len(data)
    assert "rewrote this note" in (tmp_path / "out" / "www.ledger.example" / "notes.txt").read_text(encoding="utf-8")


def test_the_read_ahead_gives_a_stamped_input_only_while_its_stamp_holds(tmp_path: Path) -> None:
    path = tmp_path / "a.html"
    path.write_bytes(_page(1))
    data = path.read_bytes()
    read = read_document(data, Reading(max_line_chars=1000))
    ahead = ReadAhead()
    ahead.keep(path, data, read, stamp=cleaner.readers.files.stamp(path))
    path.write_bytes(_page(12))  # another size, so another stamp however coarse the clock
    assert ahead.unchanged(path) is None
    assert len(ahead) == 1  # still there for `take`, which compares the bytes
    assert ahead.take(path, hashlib.sha256(data).hexdigest()) is not None
    ahead.keep(path, path.read_bytes(), read, stamp=cleaner.readers.files.stamp(path))
    assert ahead.unchanged(path, needs_bytes=True) is None  # an HTML page's bytes are not kept
    kept = ahead.unchanged(path)
    assert kept is not None and kept.sha256 == hashlib.sha256(_page(12)).hexdigest() and len(ahead) == 0
