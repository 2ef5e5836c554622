"""benchmarks/wcxb.py's machinery on a few pages: every method gives every page a prediction,
the benchmark's own scorer scores them, and the table has a row per method. No figure is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import wcxb

pytestmark = pytest.mark.skipif(not (wcxb.WCXB / "evaluate.py").exists(), reason="../shared/corpus/wcxb is not beside the project")


def test_the_wcxb_benchmark_scores_every_method_on_every_page_by_type(tmp_path: Path) -> None:
    for peer in ("trafilatura", "resiliparse", "bs4"):
        pytest.importorskip(peer)
    truth, html = wcxb.load(limit=4)
    methods = [wcxb.RAW, *wcxb.CLEANER_RUNS, *wcxb.PEERS]
    predictions, dumps = wcxb.predict(html, methods, jobs=1, scratch=tmp_path / "scratch", keep=tmp_path / "kept")

    assert set(predictions) == set(methods)
    assert all(set(texts) == set(truth) for texts, _ in predictions.values())
    # cleaner's outputs came from its CLI runs over the folders, one file a page.
    assert all(any(texts.values()) for texts, _ in predictions.values())
    table = wcxb.score(truth, predictions, dumps)
    assert all(len(column.pages) == len(truth) for column in table.values())
    assert all(0.0 <= page[measure] <= 1.0 for column in table.values() for page in column.pages for measure in range(1, 6))
    # The dump's content kept is a share too, or NaN where the dump holds none of the gold.
    assert all(not page[6] < 0.0 and not page[6] > 1.0 for column in table.values() for page in column.pages)
    section = wcxb.render(table, truth, "python -m benchmarks.wcxb --limit 4", jobs=1)
    rows = [line for line in section.splitlines() if line.startswith("| ") and not line.startswith(("| ---", "| method"))]
    assert len(rows) == 2 * len(methods)
