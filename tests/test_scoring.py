"""The benchmark scorer reproduces the figures the benchmark published for three tools."""

from __future__ import annotations

import json

import pytest

from benchmarks.corpus import CORPUS
from benchmarks.scoring import Score, score, score_page, shingles

pytestmark = pytest.mark.skipif(not (CORPUS / "ground-truth.json").exists(), reason="../shared/corpus is not beside the project")


@pytest.mark.parametrize(
    ("tool", "f1", "precision", "recall"),
    [("beautifulsoup", 0.665, 0.499, 0.994), ("justext", 0.804, 0.858, 0.756), ("trafilatura", 0.958, 0.938, 0.978)],
)
def test_published_predictions_score_as_published(tool: str, f1: float, precision: float, recall: float) -> None:
    truth = {k: v["articleBody"] for k, v in json.loads((CORPUS / "ground-truth.json").read_text()).items()}
    output = json.loads((CORPUS / "output" / f"{tool}.json").read_text())["output"]
    result = score(truth, {k: v.get("articleBody", "") for k, v in output.items()})
    assert result.f1 == pytest.approx(f1, abs=0.001)
    assert result.precision == pytest.approx(precision, abs=0.001)
    assert result.recall == pytest.approx(recall, abs=0.001)


def test_short_text_is_one_shorter_shingle() -> None:
    assert shingles("Hello, world") == {("Hello", "world"): 1}


def test_empty_prediction_has_no_precision_and_zero_recall() -> None:
    page = score_page("one two three four five", "")
    assert (page.precision, page.recall) == (None, 0.0)
    assert Score.of([page, score_page("a b c d", "a b c d")]).precision == 1.0
