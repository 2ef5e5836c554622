"""samples/: each dump or page, cleaned as a site of its own, gives what a careful reader keeps.

samples/expected/<name>.expected is reviewed by hand: the article (headline once,
standfirst, byline and date, body, subheads, quotes, lists and tables that are content)
and none of the page's furniture, as the dump's own lines minus the dropped ones, with
blank runs collapsed. Where cleaner does not get there yet, the test is a strict xfail
whose reason says which lines it gets wrong; regenerate the two tables below with
`python -m tests.sample_differences` after a rule changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.engine.pipeline import clean_text
from cleaner.run.batch import Options, run_clean
from tests.sample_differences import DUMPS, SAMPLES, clean_alone, describe_differences, describe_removals, expected_path

# Line numbers: "keeps" counts lines of cleaner's output, "drops" lines of the expected text.
WRONG_OUTPUT = {
    "de-gettext-ausland-wahl": "keeps 'Inselstaat Valmora wählt erstmals eine …' … 'Valmora' (lines 1-7), 'Lesezeit: 3 Min.' (line 14), 'Valmora: Warum die Fischer um ihre Zuku…' … 'Stichwahl in Valmora: Die wichtigsten F…' (lines 24-25)",
    "de-politik-ausland-busverkehr": "keeps 'Bahnstrecke ins Lautertal soll bis 2033…' (line 17), 1 blank line",
    "en-gettext-council-four-day-week": "keeps 'Riverside council approves four-day wee…' (line 1), 'Council tax to rise by 4.9% in Riverside' … 'Ferry timetable cut over winter' (lines 24-26), 1 blank line",
    "en-gettext-tram-extension": "keeps \"What's On / News / Transport\" (lines 3-6), 'Ring road roadworks to last until Novem…' … 'Cookies' (lines 33-35), 2 blank lines",
    "en-html2text-unwrapped-festival": "keeps '* [News](https://www.thewealdherald.exa…' … '* [Food & Drink](https://www.thewealdhe…' (lines 1-3), '![Paper lanterns shaped like herons flo…' … '_Paper lanterns shaped like herons abov…' (lines 11-13), '* * *' … '3. [Farm shop wins regional cheese awar…' (lines 29-33), 5 blank lines",
    "en-html2text-wrapped-eels": "keeps '* [News](https://www.northmoorgazette.e…' … '* [Opinion](https://www.northmoorgazett…' (lines 1-4), \"![A silver eel held in a researcher's g…\" … 'A silver eel is measured before release…' (lines 14-16), 'season](https://www.northmoorgazette.ex…' (line 28), '* [Otters return to Lake Ormond after 3…' … '[Accept all](#) [Manage preferences](#)' (lines 43-50), 7 blank lines",
    "en-inscriptis-layout-runoff": "keeps '* Regions / * Data / * Podcasts' (lines 1-3), 'More from Politics' … 'Privacy | Terms | Contact' (lines 31-36), 4 blank lines",
    "en-naive-dump-separators-blank-runs": "keeps 'Sports  |  Weather  |  Traffic' (line 1)",
    "en-seed-like-flood-barrier": "keeps 'Volunteers fill sandbags at the Granary…' (line 3)",
    "en-html-ferry-page": "drops 'By Ann Lee · 14 March 2031' (line 2)",
    "ru-crlf-news": "keeps 'Театр в Приморске вернул на сцену спект…' … 'Спорт' (lines 1-5), 'В Приморске откроют летнюю сцену на наб…' … 'Автобус № 7 изменит маршрут с понедельн…' (lines 18-19)",
}
"""Samples whose output is not yet their expected text, and how it differs."""
EXPECTED_TEXT_LOSES: dict[str, str] = {}
"""Samples whose reviewed expected text cleaner would still cut (precision bugs), and what it removes."""


def _params(known: dict[str, str]) -> list:
    return [
        pytest.param(dump, id=dump.stem, marks=[pytest.mark.xfail(strict=True, reason=known[dump.stem])] if dump.stem in known else [])
        for dump in DUMPS
    ]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each sample's output, cleaned alone so that no other sample counts as a page of its site."""
    out = tmp_path_factory.mktemp("cleaned")
    return {dump.stem: clean_alone(dump, out / dump.stem) for dump in DUMPS}


def test_there_are_enough_samples_in_the_promised_shapes() -> None:
    names = [d.name for d in DUMPS]
    assert len(names) >= 12
    for prefix in ("en-seed-like", "en-gettext", "en-html2text", "en-inscriptis", "en-html-", "ru-html-", "ru-", "de-", "fr-", "es-"):
        assert any(n.startswith(prefix) for n in names), prefix


def test_every_sample_has_a_reviewed_expected_text_and_every_expected_text_a_sample() -> None:
    assert sorted(p.name for p in (SAMPLES / "expected").iterdir()) == sorted(expected_path(d).name for d in DUMPS)
    assert set(WRONG_OUTPUT) | set(EXPECTED_TEXT_LOSES) <= {d.stem for d in DUMPS}


def test_the_walk_reads_dumps_and_not_expected_files() -> None:
    inputs: list[Path] = []
    report = run_clean([str(SAMPLES)], Options(check=True), on_done=lambda outcome: inputs.append(Path(outcome.report.input)))
    assert report.failed == []
    assert sorted(p.resolve() for p in inputs) == [d.resolve() for d in DUMPS]


@pytest.mark.parametrize("dump", _params(WRONG_OUTPUT))
def test_sample_cleans_to_its_expected_text(cleaned: dict[str, bytes], dump: Path) -> None:
    assert cleaned[dump.stem].decode("utf-8") == expected_path(dump).read_bytes().decode("utf-8")


@pytest.mark.parametrize("dump", _params(EXPECTED_TEXT_LOSES))
def test_expected_text_is_already_clean(dump: Path) -> None:
    """A reader's text loses nothing more: whatever cleaner would cut from it is a precision bug."""
    expected = expected_path(dump).read_bytes().decode("utf-8")
    assert clean_text(expected).removals == ()


def test_a_difference_names_kept_lines_by_output_line_and_missing_ones_by_expected_line() -> None:
    output = "Menu\nHeadline\n\nStory.\nShare / Facebook\n"
    expected = "Headline\nBy Ann Lee\n\nStory.\n"
    assert describe_differences(output, expected) == "keeps 'Menu' (line 1), 'Share / Facebook' (line 5); drops 'By Ann Lee' (line 2)"
    assert describe_differences(expected, expected) == ""


def test_a_precision_bug_names_each_removal_by_line_and_rule() -> None:
    removals = clean_text("The council met on Tuesday.\nAdvertisement\n").removals
    assert describe_removals(removals) == "removes 'Advertisement' (line 2, UI01)"
