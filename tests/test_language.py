from __future__ import annotations

import pytest

from cleaner.engine.language import UNKNOWN, coverage, detect, language_of, packed_coverage, unpacked
from cleaner.text import words


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The council said that it would close the bridge for a year because of the cracks.", "english"),
        ("Власти города заявили, что мост будет закрыт на год, потому что он требует ремонта.", "russian"),
        ("Die Stadt hat gesagt, dass die Brücke für ein Jahr geschlossen wird, weil sie Risse hat.", "german"),
        ("La mairie a dit que le pont serait fermé pendant un an, car il est fissuré.", "french"),
        ("El ayuntamiento dijo que el puente estará cerrado durante un año porque tiene grietas.", "spanish"),
    ],
)
def test_language_is_told_by_its_stopwords(text: str, language: str) -> None:
    assert detect(words(text)).name == language


def test_menu_labels_have_no_language() -> None:
    assert detect(words("Bollywood Cricket IPL Ranchi Kolkata")) is UNKNOWN


def test_coverage_of_a_text_is_the_sum_of_its_parts() -> None:
    first, second = words("Die Stadt hat gesagt, dass die Brücke"), words("the bridge is closed for a year and that is all")
    assert coverage(first) + coverage(second) == coverage(first + second)
    assert language_of(coverage(first) + coverage(second)) == detect(first + second)


def test_packed_coverage_counts_as_coverage_does() -> None:
    words = "Der Hund und die Katze sind in dem Haus, and the cat is in the house".split()
    assert unpacked(packed_coverage(words), len(words)) == coverage(words)
