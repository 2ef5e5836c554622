"""Runs over files as a library call: inputs untouched, outputs restorable."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.report.model import read_report, rebuild_original
from cleaner.run.batch import Options, run_clean
from tests.dumps import dumps


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(dumps(), min_size=1, max_size=4), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_run_never_modifies_inputs_and_every_output_restores(texts: list[str], encoding: str) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folder = root / "in"
        folder.mkdir()
        originals = {}
        for index, text in enumerate(texts):
            data = text.encode(encoding)
            (folder / f"{index}.txt").write_bytes(data)
            originals[f"{index}.txt"] = data
        run_clean([str(folder)], Options(out=root / "out"))
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == originals
        records = read_report((root / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8"))
        for record in records:
            if record.error:
                assert record.error == "empty file" or record.error.startswith("binary file")
                continue
            clean = Path(record.output).read_bytes()
            rebuilt, _ = rebuild_original(clean, records, Path(record.output))
            assert rebuilt == originals[Path(record.input).name]
