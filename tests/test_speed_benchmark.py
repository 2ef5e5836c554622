"""benchmarks/speed.py's machinery on 3 pages: every row is produced, every command
exits 0 and writes an output per page. No timing is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.corpus import CORPUS, load_pages

pytestmark = pytest.mark.skipif(not (CORPUS / "ground-truth.json").exists(), reason="../shared/corpus is not beside the project")


def test_speed_benchmark_times_every_method_and_every_command_writes_its_outputs(tmp_path: Path) -> None:
    for peer in ("justext", "trafilatura", "resiliparse", "bs4"):
        pytest.importorskip(peer)
    from benchmarks import speed

    pages = load_pages()[:3]
    dumps = speed.make_dumps(pages, [speed.FOLDER_STYLE], jobs=1)
    in_process = speed.in_process(pages, dumps, rounds=1)
    many_sites = tmp_path / "many-sites"  # three gzipped pages stand in for WCXB's 1,497
    many_sites.mkdir()
    for page in pages:
        (many_sites / f"{page.id}.html.gz").write_bytes((CORPUS / "html" / f"{page.id}.html.gz").read_bytes())
    e2e = speed.end_to_end(speed.write_folders(pages, dumps, tmp_path / "in", many_sites), tmp_path, rounds=1, warm=False)

    assert {(t.group, t.label) for t in in_process} == {
        *((speed.FOLDER_STYLE, label) for label in speed.text_methods()),
        *((speed.HTML, label) for label in speed.HTML_METHODS),
    }
    assert {t.group for t in e2e} == {speed.FOLDER_STYLE, speed.HTML, speed.EVERY_STYLE, speed.MANY_SITES}
    assert [(t.label, t.code, t.files) for t in e2e if t.code or t.files != len(pages)] == []
    assert all(len(t.seconds) == len(t.peak_kib) == 1 and t.peak_kib[0] > 0 for t in e2e)
    section = "\n".join(
        speed.targets(in_process, e2e, len(pages)) + speed.render_in_process(in_process, 3, 1) + speed.render_end_to_end(e2e, 3, 1)
    )
    assert "nan" not in section
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")]
    assert len(rows) == 3 + 7 + len(in_process) + len(e2e)  # 3 headers, 5 targets and 2 rows beside them
    assert all(any(f" | {t.label} | " in row for row in rows) for t in in_process + e2e)
