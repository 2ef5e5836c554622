"""A generated scrape of several sites, in the layouts runs are shared out over: a folder per
site with nested folders, a flat folder of mixed sites, and JSON Lines files."""

from __future__ import annotations

import json
import random
from pathlib import Path

from cleaner.readers.records import Fields, JsonlWriter, is_jsonl
from cleaner.report.model import read_report, rebuild_original
from cleaner.run.records import rebuild_records

WORDS = "the of and to in valley council bridge river flood repairs vote mayor engineers report said would town".split()
# Each site prints 3 template lines or more, so that flat folders group by them (cleaner.sites.groups.MIN_SHARED).
SITES = {
    "ledger.example": ["Home", "World news", "Sport and results", "Subscribe to The Ledger for free", "Contact the Ledger"],
    "courier.example": ["Start", "Politics today", "Courier weather desk", "Sign up for our morning briefing", "About the Courier"],
    "gazette.example": ["Front page", "Gazette local", "Gazette letters", "Gazette archive search", "Gazette staff"],
}


def page(site: str, r: random.Random, paragraphs: int = 6) -> str:
    """A page of `site`: its navigation around a headline and a body of its own."""
    nav = SITES[site]
    headline = " ".join(r.choice(WORDS) for _ in range(7)).title()
    body = [" ".join(r.choice(WORDS) for _ in range(24)).capitalize() + "." for _ in range(paragraphs)]
    return "\n".join([*nav[:3], headline, "", *body, "Advertisement", *nav[3:]]) + "\n"


def write_scrape(root: Path, pages: int = 8, flat: int = 9, jsonl_files: int = 3, records: int = 10, seed: int = 5) -> Path:
    """`root`/by-site/SITE/YEAR/pageNN.txt, `root`/flat/ of mixed sites, `root`/shards/part-N.jsonl."""
    r = random.Random(seed)
    for site in SITES:
        for n in range(pages):
            path = root / "by-site" / site / str(2030 + n % 2) / f"page{n:02}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(page(site, r), encoding="utf-8")
    (root / "flat").mkdir(parents=True)
    names = list(SITES)
    for n in range(flat):
        (root / "flat" / f"story-{n:02}.txt").write_text(page(names[n % len(names)], r), encoding="utf-8")
    (root / "shards").mkdir()
    for part in range(jsonl_files):
        lines = []
        for n in range(records):
            site = names[(part + n) % len(names)]
            lines.append(json.dumps({"id": f"p{part}-{n}", "url": f"https://{site}/a/{part}/{n}", "text": page(site, r, 3)}))
        (root / "shards" / f"part-{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def tree(folder: Path) -> dict[str, bytes]:
    """Every visible file below `folder` but cleaner's reports: path -> bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("cleaner-report") and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def assert_report_restores_its_outputs(report: Path, out: Path, scrape: Path) -> None:
    """Every output a report names rebuilds, from it, the input it came from (JSON Lines: record by record)."""
    records = read_report(report.read_text("utf-8"))
    outputs = {Path(r.output.rsplit(":", 1)[0] if r.record is not None else r.output) for r in records}
    assert outputs
    for output in outputs:
        original = scrape / output.relative_to(out)
        if is_jsonl(output):
            rebuilt = out.parent / "rebuilt.jsonl"
            with JsonlWriter(rebuilt) as writer:
                rebuild_records(output, records, Fields(), writer)
            assert [json.loads(line) for line in rebuilt.read_text("utf-8").splitlines()] == [
                json.loads(line) for line in original.read_text("utf-8").splitlines()
            ]
        else:
            assert rebuild_original(output.read_bytes(), records, output)[0] == original.read_bytes()
