"""A regression floor for quality on the real pages of ../shared/corpus.

The figures sit a little below those in docs/benchmarks.md, so a change that loses
article text or lets boilerplate back in fails here, not silently.
"""

from __future__ import annotations

import pytest

from benchmarks.corpus import CORPUS, dump_newline, dump_nosep, load_pages
from benchmarks.scoring import Score, score_page
from cleaner.engine.pipeline import clean_html, clean_text
from cleaner.rules.presets import Preset, preset_rules

pytestmark = pytest.mark.skipif(not (CORPUS / "ground-truth.json").exists(), reason="../shared/corpus is not beside the project")

FLOORS = {
    # (dump, preset): (F1 at least, recall at least)
    ("nosep", Preset.DEFAULT): (0.737, 0.982),
    ("nosep", Preset.ARTICLE): (0.851, 0.937),
    ("newline", Preset.DEFAULT): (0.740, 0.990),
    ("newline", Preset.ARTICLE): (0.877, 0.937),
}


@pytest.fixture(scope="module")
def dumps() -> dict[str, list[tuple[str, str]]]:
    pages = load_pages()
    return {
        "nosep": [(p.truth, dump_nosep(p.html)) for p in pages],
        "newline": [(p.truth, dump_newline(p.html)) for p in pages],
    }


@pytest.mark.parametrize(("style", "preset"), list(FLOORS), ids=lambda v: getattr(v, "value", v))
def test_quality_stays_above_its_floor(dumps: dict, style: str, preset: Preset) -> None:
    rules = preset_rules(preset)
    result = Score.of([score_page(truth, clean_text(dump, rules).text) for truth, dump in dumps[style]])
    f1, recall = FLOORS[(style, preset)]
    assert result.f1 >= f1
    assert result.recall >= recall


HTML_FLOORS = {
    # preset: (F1 at least, recall at least). The benchmark's article bodies leave the
    # headline out, which the default preset keeps and --article drops. The default keeps
    # what lies outside the main region unless it is marked as template (HT06), so its
    # precision on these news pages is lower by design.
    Preset.DEFAULT: (0.885, 0.985),
    Preset.ARTICLE: (0.966, 0.980),
}


@pytest.mark.parametrize("preset", list(HTML_FLOORS), ids=lambda p: p.value)
def test_html_mode_quality_stays_above_its_floor(preset: Preset) -> None:
    rules = preset_rules(preset)
    result = Score.of([score_page(page.truth, clean_html(page.html, rules).text) for page in load_pages()])
    f1, recall = HTML_FLOORS[preset]
    assert result.f1 >= f1
    assert result.recall >= recall
