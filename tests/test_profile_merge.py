"""Site profiles learned shard by shard and merged (`cleaner profile merge`) against one learned in one pass."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.report.model import ExitCode
from cleaner.sites.counts import SiteCounts
from cleaner.sites.model import line_keys
from cleaner.sites.tally import LineTally

WORDS = "the of and to in valley council bridge river flood repairs vote mayor engineers report said would town".split()
SITED = {
    "www.ledger.example": ["Home", "World news", "Sport results", "Contact the Ledger"],
    "news.harbour.example": ["Front page", "Opinion columns", "Business desk", "About the Harbour Herald"],
    "daily.valley.example": ["Main menu", "Politics section", "Culture guide", "Write to the Valley Daily"],
    "post.river.example": ["Start", "River Post today", "Local events", "River Post terms"],
}
# The flat folder's pages declare no site: they are grouped by the lines they share.
UNSITED = {
    "gazette": ["Gazette home", "Gazette archive", "Gazette letters", "Subscribe to the Gazette"],
    "courier": ["Courier front", "Courier sport", "Courier weather", "Courier privacy notice"],
    "tribune": ["Tribune index", "Tribune markets", "Tribune travel", "Tribune contact desk"],
}
SHARDS = 3


def _prose(r: random.Random) -> str:
    return " ".join(r.choice(WORDS) for _ in range(18)).capitalize() + "."


def _page(template: list[str], r: random.Random, extra: list[str] = ()) -> str:
    headline = " ".join(r.choice(WORDS) for _ in range(7)).title()
    return "\n".join([*template[:-1], headline, _prose(r), *extra, _prose(r), template[-1]]) + "\n"


def _records(shard: int, r: random.Random) -> list[dict[str, str]]:
    records = []
    for n in range(8):
        site = list(SITED)[n % len(SITED)]
        # On one page of each site in each shard: a template line only once the shards' counts meet.
        extra = [f"Sponsored by the {site.split('.')[1]} garden centre"] if n < len(SITED) else []
        records.append({"url": f"https://{site}/2031/{shard}/{n}", "text": _page(SITED[site], r, extra)})
    return records


def _corpus(root: Path) -> list[list[Path]]:
    """Each shard's inputs: a JSON Lines file of the sited pages, and its part of one flat folder
    (`SHARD/flat`, all named `flat` as one pass over `all/flat` names them)."""
    r = random.Random(7)
    shards: list[list[Path]] = []
    flat_all = root / "all" / "flat"
    flat_all.mkdir(parents=True)
    for shard in range(1, SHARDS + 1):
        records = root / "all" / f"scrape-{shard}.jsonl"
        records.write_text("".join(json.dumps(x) + "\n" for x in _records(shard, r)), encoding="utf-8")
        flat = root / f"shard-{shard}" / "flat"
        flat.mkdir(parents=True)
        for n in range(3):
            for name, template in UNSITED.items():
                page = f"{name}-{shard}-{n}.txt"
                (flat / page).write_text(_page(template, r), encoding="utf-8")
                shutil.copy(flat / page, flat_all / page)
        shards.append([records, flat])
    return shards


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.fixture
def shards(tmp_path: Path) -> list[list[Path]]:
    return _corpus(tmp_path)


def _invoke(runner: CliRunner, *args: object) -> None:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == ExitCode.OK, result.stderr


def _parts(runner: CliRunner, shards: list[list[Path]]) -> list[Path]:
    parts = [Path(f"part-{n}.json") for n in range(1, len(shards) + 1)]
    for part, inputs in zip(parts, shards):
        _invoke(runner, "profile", *inputs, "-o", part)
    return parts


def _all_inputs(tmp_path: Path) -> list[Path]:
    return [*sorted((tmp_path / "all").glob("*.jsonl")), tmp_path / "all" / "flat"]


def test_merged_shard_profiles_equal_the_profile_of_one_pass(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    _invoke(runner, "profile", *_all_inputs(tmp_path), "-o", "one-pass.json")
    _invoke(runner, "profile", "merge", *_parts(runner, shards), "-o", "merged.json")
    assert (tmp_path / "merged.json").read_bytes() == (tmp_path / "one-pass.json").read_bytes()
    profile = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    # The folder split across the shards is grouped over all its pages: one group a template.
    assert list(profile["groups"]["flat"]) == [f"flat (group {n})" for n in range(1, len(UNSITED) + 1)]
    assert profile["sites"]["ledger.example"]["lines"]["sponsored by the ledger garden centre"] == SHARDS


def test_cleaning_with_a_merged_profile_is_byte_identical_to_one_pass(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    _invoke(runner, "profile", *_all_inputs(tmp_path), "-o", "one-pass.json")
    _invoke(runner, "profile", "merge", *_parts(runner, shards), "-o", "merged.json")
    outputs = {}
    # Each run writes into "out" (the report names it) and is moved aside.
    for name, profile in (("one-pass", ["--profile", "one-pass.json"]), ("merged", ["--profile", "merged.json"]), ("learned", [])):
        _invoke(runner, "clean", *_all_inputs(tmp_path), "-o", "out", *profile)
        outputs[name] = _tree(tmp_path / "out")
        shutil.rmtree(tmp_path / "out")
    assert outputs["merged"] == outputs["one-pass"] == outputs["learned"]
    cleaned = outputs["merged"]["scrape-1.jsonl"].decode("utf-8")
    assert "garden centre" not in cleaned and "Contact the Ledger" not in cleaned
    assert "Gazette archive" not in outputs["merged"]["gazette-1-0.txt"].decode("utf-8")
    assert b'"TP01"' in outputs["merged"]["cleaner-report.jsonl"]


def test_merge_gives_the_same_file_in_any_order_or_grouping(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    one, two, three = _parts(runner, shards)
    _invoke(runner, "profile", "merge", one, two, three, "-o", "a.json")
    _invoke(runner, "profile", "merge", three, one, two, "-o", "b.json")
    _invoke(runner, "profile", "merge", one, two, "-o", "one-two.json")
    _invoke(runner, "profile", "merge", "one-two.json", three, "-o", "c.json")
    _invoke(runner, "profile", "merge", two, three, "-o", "two-three.json")
    _invoke(runner, "profile", "merge", "two-three.json", one, "-o", "d.json")
    assert len({(tmp_path / f"{name}.json").read_bytes() for name in "abcd"}) == 1


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


PAGES = [
    *((site, _page(template, random.Random(n), ["Sponsored line seen once"] if n == 0 else [])) for n in range(4) for site, template in SITED.items()),
    *((None, _page(template, random.Random(100 + n))) for n in range(4) for template in UNSITED.values()),
]


def _counts(pages: list[tuple[str | None, str]]) -> SiteCounts:
    tally = LineTally()
    for site, text in pages:
        if site is None:
            tally.add_unsited("flat", line_keys(text).values())
        else:
            tally.add(site, line_keys(text).values())
    return SiteCounts.from_tally(tally)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=len(PAGES), max_size=len(PAGES)), st.randoms(use_true_random=False))
def test_any_split_of_the_pages_merges_into_the_counts_and_model_of_one_pass(shard_of: list[int], r: random.Random) -> None:
    pages = list(PAGES)
    r.shuffle(pages)
    parts = [_counts([page for page, shard in zip(pages, shard_of) if shard == n]) for n in range(4)]
    r.shuffle(parts)
    merged, whole = parts[0].merged(*parts[1:]), _counts(PAGES)
    assert merged == whole
    model, expected = merged.model(), whole.model()
    assert (model.pages, model.lines, model.groups) == (expected.pages, expected.lines, expected.groups)


def _refused(runner: CliRunner, *args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def _v2_profile() -> str:
    return json.dumps({"format": "cleaner-site-profile", "version": 2, "key": "normalise-digits-0-terse-exact", "sites": {}, "groups": {}})


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        ("[]", "not a site profile"),
        ("{not json", "not valid JSON"),
        (_v2_profile(), "a version 2 profile keeps only the lines seen on two pages or more, so it cannot be merged"),
        (_v2_profile().replace('"version": 2', '"version": 3').replace("terse-exact", "other"), "line key scheme 'normalise-digits-0-other'"),
        (_v2_profile().replace('"version": 2', '"version": 3'), '"folders" must be an object'),
    ],
    ids=["not-a-profile", "not-json", "version-2", "other-key-scheme", "no-folders"],
)
def test_merge_refuses_a_file_it_cannot_merge_naming_it_and_the_cause(
    runner: CliRunner, tmp_path: Path, shards: list[list[Path]], content: str, cause: str
) -> None:
    (part,) = _parts(runner, shards[:1])
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    message = _refused(runner, "profile", "merge", part, "bad.json", "-o", "merged.json")
    assert f"cleaner: error: profile bad.json: {cause}" in message
    assert not (tmp_path / "merged.json").exists()


def test_merge_refuses_to_write_over_one_of_its_profiles(runner: CliRunner, shards: list[list[Path]]) -> None:
    one, two = _parts(runner, shards[:2])
    before = one.read_bytes()
    assert "is one of the profiles merged" in _refused(runner, "profile", "merge", one, two, "-o", one)
    assert one.read_bytes() == before


def test_clean_still_reads_a_version_2_profile(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    v2 = {
        "format": "cleaner-site-profile",
        "version": 2,
        "key": "normalise-digits-0-terse-exact",
        "sites": {"www.ledger.example": {"pages": 10, "lines": {"home": 10, "world news": 10}}},
        "groups": {},
    }
    (tmp_path / "v2.json").write_text(json.dumps(v2), encoding="utf-8")
    _invoke(runner, "clean", shards[0][0], "-o", "out", "--profile", "v2.json")
    cleaned = [json.loads(line)["text"] for line in (tmp_path / "out" / shards[0][0].name).read_text(encoding="utf-8").splitlines()]
    assert not any(text.startswith("Home\nWorld news\n") for text in cleaned)


def test_profile_merge_help_says_how_to_learn_the_parts_and_what_it_refuses(runner: CliRunner) -> None:
    result = runner.invoke(app, ["profile", "merge", "--help"], prog_name="cleaner")
    assert result.exit_code == ExitCode.OK
    assert result.stdout.startswith("Usage: cleaner profile merge [OPTIONS] ")
    text = " ".join(result.stdout.split())
    assert "cleaner profile SHARD... -o part-N.json" in text and "version 2 profile" in text
    assert "cleaner profile merge" in " ".join(runner.invoke(app, ["profile", "--help"]).stdout.split())


def test_json_lines_without_urls_split_across_shards_merge_as_one_pass(runner: CliRunner, tmp_path: Path) -> None:
    r = random.Random(11)
    pages = [_page(template, r) for _ in range(4) for template in UNSITED.values()]
    everything = []
    for shard in range(2):
        # Each shard's file in a folder named "dumps", as the one pass's files are.
        path = tmp_path / f"shard-{shard}" / "dumps" / f"part-{shard}.jsonl"
        path.parent.mkdir(parents=True)
        path.write_text("".join(json.dumps({"text": text}) + "\n" for text in pages[shard::2]), encoding="utf-8")
        everything.append(tmp_path / "all" / "dumps" / path.name)
        everything[-1].parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, everything[-1])
        _invoke(runner, "profile", path, "-o", f"part-{shard}.json")
    _invoke(runner, "profile", *everything, "-o", "one-pass.json")
    _invoke(runner, "profile", "merge", "part-0.json", "part-1.json", "-o", "merged.json")
    assert (tmp_path / "merged.json").read_bytes() == (tmp_path / "one-pass.json").read_bytes()
    assert len(json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))["groups"]["dumps"]) == len(UNSITED)
