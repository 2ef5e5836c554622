"""The real dump in ../shared/seed: what must go and every sentence that must stay."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaner.engine.pipeline import clean_text
from cleaner.rules.presets import Preset, preset_rules

SEED = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_e918bda1a7ccd8d9.txt"

pytestmark = pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside the project")


@pytest.fixture(scope="module", params=list(Preset), ids=lambda p: p.value)
def preset(request: pytest.FixtureRequest) -> Preset:
    return request.param


@pytest.fixture(scope="module")
def seed(preset: Preset) -> tuple[str, str]:
    original = SEED.read_text(encoding="utf-8")
    return original, clean_text(original, preset_rules(preset)).text


def _body_sentences(original: str) -> list[str]:
    """Sentences of every line after the headline pair, except the teaser line."""
    lines = [line.strip() for line in original.splitlines() if line.strip()]
    body = [line for line in lines[3:] if not line.startswith("READ MORE:")]
    return [s for line in body for s in re.split(r"(?<=[.!?”])\s+(?=[“A-Z])", line) if s]


def test_seed_icon_run_is_gone(seed: tuple[str, str]) -> None:
    _, clean = seed
    assert "bookmarkicon" not in clean
    assert not clean.startswith("icon")


def test_seed_headline_appears_once_and_not_at_all_in_article_mode(seed: tuple[str, str], preset: Preset) -> None:
    _, clean = seed
    headline = "No problem in buying Russian S-400s, Erdogan says, hints at S-500 talks"
    if preset is Preset.ARTICLE:
        # The article preset keeps the article body, which the headline is not part of.
        assert clean.count(headline) == 0
    else:
        assert clean.count(headline) == 1
        assert clean.startswith(headline)


def test_seed_read_more_teaser_is_gone(seed: tuple[str, str]) -> None:
    _, clean = seed
    assert "READ MORE:" not in clean
    assert "No problem in Turkey acquiring Russian S-400 defense systems" not in clean


def test_seed_keeps_every_sentence_of_the_article(seed: tuple[str, str]) -> None:
    original, clean = seed
    sentences = _body_sentences(original)
    assert len(sentences) >= 25
    missing = [s for s in sentences if s.strip() not in clean]
    assert missing == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Turkish President Tayyip Erdogan said there was no problem with the purchase of Russian S-400 anti-aircraft systems",
        "“What do you expect? Should we wait for you?” he said.",
        "On Tuesday NATO Secretary-General Jens Stoltenberg said that Ankara’s decision to buy the S-400 from Moscow does not harm the alliance’s interests.",
        "will be “more effective against stealth aircraft.”",
    ],
)
def test_seed_keeps_named_sentences(seed: tuple[str, str], sentence: str) -> None:
    assert sentence in seed[1]
