"""The article-extraction benchmark's metric: multisets of 4-token shingles.

Tokens are `\\w+` matches; a text of fewer than four tokens is one shorter shingle.
Per page, tp/fp/fn are the shared, extra and missing shingles divided by their sum;
precision and recall are means over pages, and F1 is computed from those means. A
page with an empty prediction has no precision (0/0) and is left out of the
precision mean, as the benchmark's NaN-skipping mean does; it still counts as
recall 0. Scoring the benchmark's published predictions reproduces its figures.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)
SHINGLE = 4


def shingles(text: str, n: int = SHINGLE) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


@dataclass(frozen=True)
class PageScore:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score_page(true: str, predicted: str) -> PageScore:
    truth, guess = shingles(true), shingles(predicted)
    tp = sum((truth & guess).values())
    return PageScore(tp=tp, fp=sum((guess - truth).values()), fn=sum((truth - guess).values()))


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    pages: int

    @classmethod
    def of(cls, pages: list[PageScore]) -> Score:
        defined = [p.precision for p in pages if p.precision is not None]
        precision = sum(defined) / len(defined) if defined else 0.0
        recall = sum(p.recall for p in pages) / len(pages)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(precision, recall, f1, len(pages))


def score(truth: Mapping[str, str], predicted: Mapping[str, str]) -> Score:
    """Score predictions (page id -> text) against the true article bodies."""
    return Score.of([score_page(truth[key], predicted.get(key, "")) for key in truth])
