"""Profile parts learned shard by shard (`cleaner profile --part`) and merged (`cleaner profile merge`) against
one site profile learned in one pass."""

from __future__ import annotations

import gzip
import json
import random
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.readers import Reading
from cleaner.report.model import ExitCode
from cleaner.sites.counts import SiteCounts
from cleaner.sites.learn import TemplateCounter
from cleaner.sites.model import TemplateModel, line_keys
from cleaner.sites.parts import Part, load_part, merge_parts, model_of, reading_settings, save_part, write_entries
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
# Each a sub-folder of the folder named: the sub-folder is the site.
FOLDERED = {
    "almanac": ["Almanac contents", "Almanac seasons", "Almanac tides", "Almanac reader service"],
    "bulletin": ["Bulletin board", "Bulletin notices", "Bulletin events", "Bulletin editorial office"],
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
    """Each shard's inputs: a JSON Lines file of the sited pages, its part of one flat folder
    (`SHARD/flat`, all named `flat` as one pass over `all/flat` names them), and its pages of
    the sites of a folder of site folders (`SHARD/bysite/SITE`)."""
    r = random.Random(7)
    shards: list[list[Path]] = []
    for shard in range(1, SHARDS + 1):
        records = root / "all" / f"scrape-{shard}.jsonl"
        records.parent.mkdir(parents=True, exist_ok=True)
        records.write_text("".join(json.dumps(x) + "\n" for x in _records(shard, r)), encoding="utf-8")
        for n in range(3):
            for name, template in UNSITED.items():
                _write_both(root, shard, f"flat/{name}-{shard}-{n}.txt", _page(template, r))
        for n in range(2):
            for name, template in FOLDERED.items():
                _write_both(root, shard, f"bysite/{name}/{shard}-{n}.txt", _page(template, r))
        shards.append([records, root / f"shard-{shard}" / "flat", root / f"shard-{shard}" / "bysite"])
    return shards


def _write_both(root: Path, shard: int, name: str, text: str) -> None:
    """A page of a shard, and of the one pass over all of them."""
    for path in (root / f"shard-{shard}" / name, root / "all" / name):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


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
    parts = [Path(f"part-{n}.json.gz") for n in range(1, len(shards) + 1)]
    for part, inputs in zip(parts, shards):
        _invoke(runner, "profile", *inputs, "--part", "-o", part)
    return parts


def _all_inputs(tmp_path: Path) -> list[Path]:
    return [*sorted((tmp_path / "all").glob("*.jsonl")), tmp_path / "all" / "flat", tmp_path / "all" / "bysite"]


def test_merged_shard_profiles_equal_the_profile_of_one_pass(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    _invoke(runner, "profile", *_all_inputs(tmp_path), "-o", "one-pass.json")
    _invoke(runner, "profile", "merge", *_parts(runner, shards), "-o", "merged.json")
    assert (tmp_path / "merged.json").read_bytes() == (tmp_path / "one-pass.json").read_bytes()
    profile = json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))
    # The folder split across the shards is grouped over all its pages: one group a template.
    assert list(profile["groups"]["flat"]) == [f"flat (group {n})" for n in range(1, len(UNSITED) + 1)]
    assert profile["sites"]["ledger.example"]["lines"]["sponsored by the ledger garden centre"] == SHARDS
    assert profile["sites"]["almanac"] == {"pages": 2 * SHARDS, "lines": {line.lower(): 2 * SHARDS for line in sorted(FOLDERED["almanac"])}}


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
    almanac = next(text for name, text in outputs["merged"].items() if name.endswith("almanac/1-0.txt"))
    assert b"Almanac seasons" not in almanac
    assert b'"TP01"' in outputs["merged"]["cleaner-report.jsonl"]


def test_merge_gives_the_same_file_in_any_order_or_grouping(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    one, two, three = _parts(runner, shards)
    _invoke(runner, "profile", "merge", one, two, three, "-o", "a.json")
    _invoke(runner, "profile", "merge", three, one, two, "-o", "b.json")
    # A tree merge: merged parts (--part) merged again.
    _invoke(runner, "profile", "merge", one, two, "--part", "-o", "one-two.json.gz")
    _invoke(runner, "profile", "merge", "one-two.json.gz", three, "-o", "c.json")
    _invoke(runner, "profile", "merge", two, three, "--part", "-o", "two-three.json.gz")
    _invoke(runner, "profile", "merge", "two-three.json.gz", one, "-o", "d.json")
    assert len({(tmp_path / f"{name}.json").read_bytes() for name in "abcd"}) == 1
    # ...and the parts of a tree merge are the parts of a flat one.
    _invoke(runner, "profile", "merge", "one-two.json.gz", three, "--part", "-o", "tree.json.gz")
    _invoke(runner, "profile", "merge", three, two, one, "--part", "-o", "flat.json.gz")
    assert (tmp_path / "tree.json.gz").read_bytes() == (tmp_path / "flat.json.gz").read_bytes()


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
    return SiteCounts.from_tallies([tally])


def _one_pass(pages: list[tuple[str | None, str]]) -> TemplateModel:
    """The model a run's learn pass makes of `pages`."""
    counter = TemplateCounter()
    for site, text in pages:
        if site is None:
            counter.add_unsited("flat", text)
        else:
            counter.add(site, text)
    return counter.model()


def _merged(paths: list[Path]) -> TemplateModel:
    with ExitStack() as stack:
        return model_of(merge_parts(paths, stack)[1])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=len(PAGES), max_size=len(PAGES)), st.randoms(use_true_random=False))
def test_any_split_of_the_pages_merges_into_the_model_of_one_pass(shard_of: list[int], r: random.Random) -> None:
    pages = list(PAGES)
    r.shuffle(pages)
    counts = [_counts([page for page, shard in zip(pages, shard_of) if shard == n]) for n in range(4)]
    expected = _one_pass(PAGES)
    with tempfile.TemporaryDirectory() as folder:
        parts = [Path(folder) / f"part-{n}.json.gz" for n in range(4)]
        for part, counted in zip(parts, counts):
            save_part(Part(counted, {}), part)
            assert load_part(part).counts == counted
        r.shuffle(parts)
        models = [_merged(parts)]
        # A tree: the first two merged into a part, then with the others.
        with ExitStack() as stack:
            write_entries({}, merge_parts(parts[:2], stack)[1], Path(folder) / "two.json.gz")
        models.append(_merged([Path(folder) / "two.json.gz", *parts[2:]]))
    for model in models:
        assert (model.pages, model.lines, model.groups) == (expected.pages, expected.lines, expected.groups)


def _refused(runner: CliRunner, *args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


def _v2_profile() -> str:
    return json.dumps({"format": "cleaner-site-profile", "version": 2, "key": "normalise-digits-0-terse-exact", "sites": {}, "groups": {}})


def _part(*lines: object, **head: object) -> bytes:
    head = {"format": "cleaner-profile-part", "version": 1, "key": "normalise-digits-0-terse-exact", "reading": reading_settings(Reading()), **head}
    return gzip.compress("".join(json.dumps(line) + "\n" for line in (head, *lines)).encode("utf-8"), mtime=0)


PAGE = "AAAAAAAAAAA="
"""A page of one line hash, base64."""


@pytest.mark.parametrize(
    ("content", "cause"),
    [
        (b"[]", "not a profile part (not gzip-compressed): write parts with 'cleaner profile --part'"),
        (_v2_profile().encode(), "a site profile keeps only the lines seen on two pages or more, so it cannot be merged"),
        (gzip.compress(b"{not json"), "line 1: not valid JSON"),
        (_part()[:-9], "its gzip stream is corrupted or cut short"),
        (_part(format="cleaner-site-profile"), 'not a profile part (no "format": "cleaner-profile-part")'),
        (_part(version=2), "version 2 is not supported; this cleaner reads version 1"),
        (_part(key="other"), "line key scheme 'other'"),
        (_part(reading=[]), '"reading" must be an object'),
        (_part({"site": "a.example", "pages": 2}, ["home", 3]), "line 3: a line is [KEY, PAGES], PAGES a count of at most 2"),
        (_part({"folder": "flat", "pages": 2}, PAGE), "line 4: folder 'flat' lists 1 pages of its 2"),
        (_part({"folder": "flat", "pages": 1}, "AAAA"), "line 3: a page's line hashes must be base64 of 8-byte integers"),
        (_part({"site": "b.example", "pages": 1}, {"site": "a.example", "pages": 1}), "line 3: out of order"),
        (_part({"site": "a.example", "pages": 2}, ["b", 1], ["a", 1]), "line 4: out of order"),
        (_part(["home", 1]), "line 2: a line or page before any site or folder"),
        (_part({"site": "a.example", "pages": 1}, PAGE), "line 3: not a site, a folder, a line or (in a folder) a page"),
    ],
    ids=["not-gzip", "site-profile", "not-json", "cut-short", "not-a-part", "other-version", "other-key-scheme", "no-reading",
         "count-over-pages", "pages-unlisted", "hashes-not-8-bytes", "sites-out-of-order", "lines-out-of-order",
         "line-before-a-site", "page-of-a-site"],
)
def test_merge_refuses_a_file_it_cannot_merge_naming_it_and_the_cause(
    runner: CliRunner, tmp_path: Path, shards: list[list[Path]], content: bytes, cause: str
) -> None:
    (part,) = _parts(runner, shards[:1])
    (tmp_path / "bad.json").write_bytes(content)
    for merged in ("merged.json", "merged.json.gz"):
        message = _refused(runner, "profile", "merge", part, "bad.json", "-o", merged, *(["--part"] if merged.endswith(".gz") else []))
        assert message.startswith("cleaner: error: profile part bad.json: ") and cause in message
        assert not (tmp_path / merged).exists()
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


def test_merge_refuses_parts_read_with_other_settings_naming_them(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    one, two = _parts(runner, shards[:2])
    _invoke(runner, "profile", *shards[1], "--part", "--url-field", "link", "-o", "two-link.json.gz")
    message = _refused(runner, "profile", "merge", one, "two-link.json.gz", "-o", "merged.json")
    assert "profile part two-link.json.gz: learned with url_field 'link' where it is 'url' in part-1.json.gz" in message
    assert not (tmp_path / "merged.json").exists()


def test_clean_refuses_a_part_and_says_to_merge_it(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    (part,) = _parts(runner, shards[:1])
    message = _refused(runner, "clean", *shards[0], "-o", "out", "--profile", part)
    assert "holds one shard's counts, not a site profile: merge the parts first with 'cleaner profile merge" in message
    assert not (tmp_path / "out").exists()


def test_profile_writes_the_compact_profile_unless_asked_for_a_part(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    _invoke(runner, "profile", *shards[0], "-o", "profile.json")
    profile = json.loads((tmp_path / "profile.json").read_text(encoding="utf-8"))
    assert profile["version"] == 2 and set(profile) == {"format", "version", "key", "sites", "groups"}
    # Only the lines on two pages or more: the sponsor line, once a site in the shard, is not kept...
    assert "sponsored by the ledger garden centre" not in profile["sites"]["ledger.example"]["lines"]
    (part,) = _parts(runner, shards[:1])
    counts = load_part(part).counts
    # ...while the part keeps it, to be counted with the other shards'.
    assert counts.sites["ledger.example"].lines["sponsored by the ledger garden centre"] == 1
    assert counts.folders["flat"].pages == len(counts.unsited["flat"]) == 3 * len(UNSITED)


def test_shards_with_no_readable_input_leave_empty_parts_that_change_nothing(
    runner: CliRunner, tmp_path: Path, shards: list[list[Path]]
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "unreadable").mkdir()
    (tmp_path / "unreadable" / "blob.txt").write_bytes(bytes(range(256)) * 64)
    _invoke(runner, "profile", "empty", "--part", "-o", "empty.json.gz")
    _invoke(runner, "profile", "unreadable", "--part", "-o", "unreadable.json.gz")
    assert load_part(Path("empty.json.gz")).counts == load_part(Path("unreadable.json.gz")).counts == SiteCounts()
    _invoke(runner, "profile", *_all_inputs(tmp_path), "-o", "one-pass.json")
    _invoke(runner, "profile", "merge", "empty.json.gz", *_parts(runner, shards), "unreadable.json.gz", "-o", "merged.json")
    assert (tmp_path / "merged.json").read_bytes() == (tmp_path / "one-pass.json").read_bytes()
    # A path that is not there is a mistake, not an empty shard.
    assert "no-such-shard: no such file or folder" in _refused(runner, "profile", "no-such-shard", "--part", "-o", "x.json.gz")


def test_merge_refuses_to_write_over_one_of_its_parts(runner: CliRunner, shards: list[list[Path]]) -> None:
    one, two = _parts(runner, shards[:2])
    before = one.read_bytes()
    assert "is one of the parts merged" in _refused(runner, "profile", "merge", one, two, "-o", one)
    assert one.read_bytes() == before


def test_profile_merge_help_says_how_to_learn_the_parts_and_what_it_refuses(runner: CliRunner) -> None:
    result = runner.invoke(app, ["profile", "merge", "--help"], prog_name="cleaner")
    assert result.exit_code == ExitCode.OK
    assert result.stdout.startswith("Usage: cleaner profile merge [OPTIONS] ")
    text = " ".join(result.stdout.split())
    assert "cleaner profile SHARD... --part -o part-N.json.gz" in text and "A site profile keeps only the lines seen on two pages" in text
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
        _invoke(runner, "profile", path, "--part", "-o", f"part-{shard}.json.gz")
    _invoke(runner, "profile", *everything, "-o", "one-pass.json")
    _invoke(runner, "profile", "merge", "part-0.json.gz", "part-1.json.gz", "-o", "merged.json")
    assert (tmp_path / "merged.json").read_bytes() == (tmp_path / "one-pass.json").read_bytes()
    assert len(json.loads((tmp_path / "merged.json").read_text(encoding="utf-8"))["groups"]["dumps"]) == len(UNSITED)


def test_parts_of_the_shards_of_one_folder_merge_into_its_profile(runner: CliRunner, tmp_path: Path, shards: list[list[Path]]) -> None:
    _invoke(runner, "profile", "all", "-o", "one-pass.json")
    parts = [f"part-{n}.json.gz" for n in range(1, 5)]
    for n, part in enumerate(parts, 1):
        _invoke(runner, "profile", "all", "--shard", f"{n}/4", "--part", "-o", part)
    _invoke(runner, "profile", "merge", *parts, "-o", "merged.json")
    assert (tmp_path / "merged.json").read_bytes() == (tmp_path / "one-pass.json").read_bytes()
    # Each input in one slice: the parts' pages add up to the scrape's.
    counts = [load_part(Path(part)).counts for part in parts]
    assert sum(c.sites["ledger.example"].pages for c in counts if "ledger.example" in c.sites) == 2 * SHARDS
    assert sum(c.sites["flat"].pages for c in counts if "flat" in c.sites) == 3 * SHARDS * len(UNSITED)
