"""`cleaner.run.partitions`: a run's inputs cut into the tasks of a cluster engine."""

from __future__ import annotations

from pathlib import Path

from cleaner.readers.files import find_sources
from cleaner.run import partitions as cut
from cleaner.run.partitions import partitions


def _folder(root: Path, texts: int, shards: tuple[int, ...] = ()) -> list[str]:
    root.mkdir()
    for n in range(texts):
        (root / f"{n:03}.txt").write_text(f"page {n}\n", encoding="utf-8")
    for n in shards:
        (root / f"{n:03}.jsonl").write_text('{"text": "a record"}\n', encoding="utf-8")
    return [str(root)]


def test_partitions_are_the_inputs_in_order_each_once_a_json_lines_file_alone(tmp_path: Path) -> None:
    sources = find_sources(_folder(tmp_path / "in", 300, shards=(40, 41, 200)))
    parts = partitions(sources, 2)
    assert [s for part in parts for s in part.sources] == sources
    assert [part.index for part in parts] == list(range(len(parts)))
    shards = [part for part in parts if part.records]
    assert [part.sources[0].path.name for part in shards] == ["040.jsonl", "041.jsonl", "200.jsonl"]
    assert all(len(part.sources) == 1 for part in shards)
    assert not any(s.holds_records for part in parts if not part.records for s in part.sources)


def test_partitions_give_each_worker_several_and_never_more_than_the_caps(tmp_path: Path, monkeypatch) -> None:
    sources = find_sources(_folder(tmp_path / "in", 1100))
    assert max(len(part.sources) for part in partitions(sources[:400], 2)) == 400 // (2 * cut.PARTITIONS_PER_WORKER)
    assert max(len(part.sources) for part in partitions(sources, 1)) == cut.PARTITION_FILES
    assert len(partitions(sources[:3], 8)) == 3
    monkeypatch.setattr(cut, "PARTITION_BYTES", 20)
    assert max(part.size for part in partitions(sources, 1)) <= 20
