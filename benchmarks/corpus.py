"""The benchmark corpus in ../shared/corpus, and dumps made from it as naive scrapers make them."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "scrapinghub"


@dataclass(frozen=True)
class Page:
    id: str
    html: bytes
    truth: str


def load_pages(corpus: Path = CORPUS) -> list[Page]:
    """Every page of the benchmark with its true article body, in id order."""
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(id=key, html=gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes()), truth=truth[key]["articleBody"])
        for key in sorted(truth)
    ]


def _soup(html: bytes):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup


def dump_nosep(html: bytes) -> str:
    """BeautifulSoup `get_text()` with no separator: the seed's shape, text nodes glued."""
    return _soup(html).get_text()


def dump_newline(html: bytes) -> str:
    """BeautifulSoup `get_text("\\n", strip=True)`: one text node per line."""
    return _soup(html).get_text("\n", strip=True)


def dump_html2text(html: bytes) -> str:
    """html2text's markdown with its defaults (links inline, 78-column wrapping)."""
    import html2text

    return html2text.html2text(str(_soup(html)))


def dump_inscriptis(html: bytes) -> str:
    """inscriptis layout text."""
    from inscriptis import get_text

    return get_text(str(_soup(html)))


DUMPERS: dict[str, Callable[[bytes], str]] = {
    "get_text()": dump_nosep,
    'get_text("\\n")': dump_newline,
    "html2text": dump_html2text,
    "inscriptis": dump_inscriptis,
}
