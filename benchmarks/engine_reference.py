"""A fingerprint of what the engine makes of every benchmark page, to prove a faster engine changes nothing.

For each page of ../shared/corpus/scrapinghub, each dump style of `benchmarks.corpus.DUMPERS`
and the HTML page itself, under both presets, it records the sha256 of the clean text and
of the removals (code, start, end, reason and text of each). The dump itself is fingerprinted
too, so that a new BeautifulSoup, html2text or inscriptis that dumps a page differently is
told apart from an engine that cleans it differently.

    python -m benchmarks.engine_reference --write tests/data/engine_reference.json

writes the reference; tests/test_engine_reference.py recomputes and compares it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.corpus import CORPUS, DUMPERS, load_pages

REFERENCE = Path(__file__).resolve().parents[1] / "tests" / "data" / "engine_reference.json"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def _fingerprint(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    removals = "\n".join(json.dumps([r.code, r.start, r.end, r.reason, r.text], ensure_ascii=False) for r in result.removals)
    return {"text": _digest(result.text), "removals": _digest(removals)}


def fingerprint_page(page_id: str, html: bytes) -> dict[str, dict[str, str]]:
    """Every (input kind, preset) of one page: its dump's digest and what cleaning made of it."""
    from cleaner.engine.pipeline import clean_html, clean_text
    from cleaner.rules.presets import Preset, preset_rules

    entries: dict[str, dict[str, str]] = {}
    for style, dump in DUMPERS.items():
        text = dump(html)
        for preset in Preset:
            entries[f"{style} {preset.value}"] = {"dump": _digest(text), **_fingerprint(clean_text(text, preset_rules(preset)))}
    for preset in Preset:
        entries[f"html {preset.value}"] = _fingerprint(clean_html(html, preset_rules(preset)))
    return entries


def _fingerprint_one(args: tuple[str, bytes]) -> tuple[str, dict[str, dict[str, str]]]:
    return args[0], fingerprint_page(*args)


def fingerprint_corpus(corpus: Path = CORPUS, workers: int | None = None) -> dict[str, dict[str, dict[str, str]]]:
    """Page id -> input kind and preset -> digests, for the whole corpus."""
    pages = [(page.id, page.html) for page in load_pages(corpus)]
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        return dict(map(_fingerprint_one, pages))
    with ProcessPoolExecutor(workers) as pool:
        return dict(pool.map(_fingerprint_one, pages, chunksize=4))


def differences(expected: dict, actual: dict) -> list[str]:
    """One line per page and input kind whose fingerprint differs, naming what differs."""
    lines = []
    for page_id in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(page_id, {}), actual.get(page_id, {})
        for kind in sorted(want.keys() | got.keys()):
            a, b = want.get(kind, {}), got.get(kind, {})
            if a != b:
                which = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
                lines.append(f"{page_id} {kind}: {', '.join(which)} differ")
    return lines


def dumps_reference(fingerprints: dict) -> str:
    """The reference as JSON with a line per page, so that a rewrite's diff names the pages it changed."""
    lines = (f"{json.dumps(page_id)}: {json.dumps(fingerprints[page_id], sort_keys=True, ensure_ascii=False)}" for page_id in sorted(fingerprints))
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the reference here (e.g. tests/data/engine_reference.json)")
    parser.add_argument("-j", "--workers", type=int, default=None)
    args = parser.parse_args(argv)
    actual = fingerprint_corpus(workers=args.workers)
    if args.write:
        args.write.write_text(dumps_reference(actual), encoding="utf-8")
        print(f"{len(actual)} pages written to {args.write}")
        return 0
    found = differences(json.loads(REFERENCE.read_text(encoding="utf-8")), actual)
    print("\n".join(found) or f"all {len(actual)} pages match {REFERENCE}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
