"""Fit and measure the report's page confidence (`cleaner.report.assessment`) on WCXB.

    python -m benchmarks.wcxb --jobs 2 --keep DIR --scores SCORES.json   # first: outputs and page scores
    python -m benchmarks.confidence DIR SCORES.json [--fit]

For every cleaner run the WCXB benchmark kept (HTML and text, both presets), each page's
facts are read from its clean output and its report line (the original rebuilt from
them), and its label is whether its F1 is below 0.5. Prints how well the shipped
confidence separates bad pages from good ones (ROC AUC for "F1 < 0.5", mean F1 and
share of pages by confidence band), by run and pooled; `--fit` refits the weights
(logistic regression, L2) and prints them with out-of-fold figures: five folds grouped
by site, so no site is both learned from and scored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from benchmarks.quality import slug
from benchmarks.wcxb import scorer
from cleaner.model.spans import restore_text
from cleaner.report import assessment
from cleaner.report.model import read_report

BAD = 0.5
"""A page whose F1 is below this is one the confidence should flag."""
BANDS = ((0.0, 0.5), (0.5, 0.8), (0.8, 1.01))
NAMES = tuple(assessment.WEIGHTS)


def pages(folder: Path, scores: dict[str, dict[str, list]]) -> list[tuple[str, str, list[float], float, str]]:
    """(run, site, scaled facts, F1, page type) for every page of every kept cleaner run."""
    sites = {key: urlsplit(gt.get("url") or "").hostname or key for key, gt in scorer().load_ground_truth("dev").items()}
    rows = []
    for run, by_page in scores.items():
        out = folder / "out" / slug(run)
        if not out.exists():
            continue
        reports = {Path(r.input).stem: r for r in read_report((out / "cleaner-report.jsonl").read_text(encoding="utf-8"))}
        for key, page in by_page.items():
            report = reports.get(key)
            target = out / f"{key}.txt"
            if report is None or report.failed or not target.exists():
                continue
            # Bytes, not read_text: its newline translation would turn a page's \r into \n,
            # and the report's offsets would no longer fit.
            clean = target.read_bytes().decode("utf-8")
            original = restore_text(clean, report.removals)
            scaled, _ = assessment.facts(original, clean)
            rows.append((run, sites.get(key, key), [scaled[name] for name in NAMES], page[3], page[0]))
    return rows


def auc(scores: np.ndarray, positive: np.ndarray) -> float:
    """ROC AUC of `scores` ranking the `positive` cases first (ties count half)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    # Average ranks over ties.
    start = 0
    for end in range(1, len(scores) + 1):
        if end == len(scores) or sorted_scores[end] != sorted_scores[start]:
            ranks[order[start:end]] = (start + end - 1) / 2 + 1
            start = end
    count = positive.sum()
    others = len(scores) - count
    if not count or not others:
        return float("nan")
    return float((ranks[positive].sum() - count * (count + 1) / 2) / (count * others))


def fit(x: np.ndarray, good: np.ndarray, l2: float = 1e-3, steps: int = 50) -> tuple[np.ndarray, float]:
    """Logistic regression by Newton's method: weights and bias."""
    design = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(design.shape[1])
    penalty = l2 * len(x) * np.diag([1.0] * x.shape[1] + [0.0])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (p - good) + penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    return w[:-1], float(w[-1])


def predict(x: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ weights + bias)))


def folds(sites: list[str], k: int = 5) -> np.ndarray:
    """Each page's fold, every page of a site in the same one (sites dealt largest first)."""
    counts: dict[str, int] = {}
    for site in sites:
        counts[site] = counts.get(site, 0) + 1
    load = [0] * k
    fold_of = {}
    for site in sorted(counts, key=lambda s: (-counts[s], s)):
        fold = load.index(min(load))
        fold_of[site] = fold
        load[fold] += counts[site]
    return np.array([fold_of[s] for s in sites])


def describe(label: str, confidence: np.ndarray, f1: np.ndarray) -> str:
    bands = []
    for low, high in BANDS:
        chosen = (confidence >= low) & (confidence < high)
        mean = f1[chosen].mean() if chosen.any() else float("nan")
        bands.append(f"[{low:.1f},{min(high, 1):.1f}): {chosen.mean():5.1%} of pages, mean F1 {mean:.3f}")
    flagged, bad = confidence < BAD, f1 < BAD
    caught = f"flagged below {BAD}: {flagged.mean():.1%} of pages, {bad[flagged].mean() if flagged.any() else float('nan'):.0%} of them bad, {flagged[bad].mean() if bad.any() else float('nan'):.0%} of the bad ones"
    return f"{label}: AUC(F1<{BAD}) {auc(-confidence, bad):.3f}; " + "; ".join(bands) + f"; {caught}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keep", type=Path, help="The --keep folder of a benchmarks.wcxb run.")
    parser.add_argument("scores", type=Path, help="Its --scores file.")
    parser.add_argument("--fit", action="store_true", help="Refit the weights; print them and out-of-fold figures.")
    args = parser.parse_args(argv)
    rows = pages(args.keep, json.loads(args.scores.read_text(encoding="utf-8")))
    if not rows:
        print("no kept cleaner runs found", file=sys.stderr)
        return 2
    runs = [r[0] for r in rows]
    x = np.array([r[2] for r in rows])
    f1 = np.array([r[3] for r in rows])
    good = (f1 >= BAD).astype(float)
    shipped = predict(x, np.array([assessment.WEIGHTS[n] for n in NAMES]), assessment.BIAS)
    print(f"{len(rows)} pages over {len(set(runs))} runs; {np.mean(f1 < BAD):.1%} with F1 < {BAD}")
    for run in sorted(set(runs)):
        chosen = np.array([r == run for r in runs])
        print(describe(f"shipped, {run}", shipped[chosen], f1[chosen]))
    print(describe("shipped, pooled", shipped, f1))
    types = [r[4] for r in rows]
    for page_type in sorted(set(types)):
        chosen = np.array([t == page_type for t in types])
        print(describe(f"shipped, {page_type} pages (runs pooled)", shipped[chosen], f1[chosen]))
    print(f"kept share alone, pooled: AUC(F1<{BAD}) {auc(-x[:, 0], f1 < BAD):.3f}")
    if args.fit:
        weights, bias = fit(x, good)
        print("fitted:", ", ".join(f"{n}={w:.3f}" for n, w in zip(NAMES, weights)), f"bias={bias:.3f}")
        print(describe("in-sample", predict(x, weights, bias), f1))
        fold = folds([r[1] for r in rows])
        out_of_fold = np.empty(len(rows))
        for k in range(fold.max() + 1):
            train = fold != k
            w, b = fit(x[train], good[train])
            out_of_fold[~train] = predict(x[~train], w, b)
        print(describe("out of fold (5 folds by site)", out_of_fold, f1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
