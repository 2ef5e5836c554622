"""samples/: every dump and page cleans to exactly its samples/expected/<name>.expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.batch import Options, run_clean

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DUMPS = sorted([*SAMPLES.glob("*.txt"), *SAMPLES.glob("pages/*.html")])
"""Text dumps at the top; HTML pages in pages/, a site of their own for the template rule."""


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cleaned")
    report = run_clean([str(SAMPLES)], Options(out=out), report_path=out / "report.jsonl")
    assert report.failed == []
    return out


def test_there_are_enough_samples_in_the_promised_shapes() -> None:
    names = [d.name for d in DUMPS]
    assert len(names) >= 12
    for prefix in ("en-seed-like", "en-gettext", "en-html2text", "en-inscriptis", "en-html-", "ru-html-", "ru-", "de-", "fr-", "es-"):
        assert any(n.startswith(prefix) for n in names), prefix


def test_the_walk_reads_dumps_and_not_expected_files(cleaned: Path) -> None:
    written = sorted(p.relative_to(cleaned) for p in cleaned.rglob("*.txt"))
    assert written == sorted(d.relative_to(SAMPLES).with_suffix(".txt") for d in DUMPS)


@pytest.mark.parametrize("dump", DUMPS, ids=lambda p: p.stem)
def test_sample_cleans_to_its_expected_text(cleaned: Path, dump: Path) -> None:
    expected = SAMPLES / "expected" / f"{dump.stem}.expected"
    assert (cleaned / dump.relative_to(SAMPLES).with_suffix(".txt")).read_bytes() == expected.read_bytes()


@pytest.mark.parametrize("dump", DUMPS, ids=lambda p: p.stem)
def test_expected_text_is_already_clean(dump: Path) -> None:
    from cleaner.pipeline import clean_text

    expected = (SAMPLES / "expected" / f"{dump.stem}.expected").read_bytes().decode("utf-8")
    assert clean_text(expected).removals == ()
