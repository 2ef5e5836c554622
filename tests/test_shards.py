"""`--shard I/N`: N copies of a run clean every input exactly once, and together write what one run writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.readers.excludes import is_own_output
from cleaner.readers.files import Source, find_sources
from cleaner.report.model import ExitCode, read_report
from cleaner.run.shards import Shard, ShardError, parse_shard, shard_of, shard_sources
from cleaner.sites.profile import load_profile
from tests.cli_runs import invoke
from tests.multisite import assert_report_restores_its_outputs, tree, write_scrape

NAME = st.text(st.characters(codec="utf-8", exclude_characters="/\0"), min_size=1, max_size=12).filter(lambda n: n not in (".", ".."))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(NAME, min_size=1, max_size=4).map("/".join), unique=True, max_size=40), st.integers(1, 7))
def test_the_shards_of_any_listing_hold_every_input_exactly_once(relatives: list[str], count: int) -> None:
    sources = [Source(f"scrape/{relative}", Path("scrape", relative), Path(relative)) for relative in relatives]
    slices = [shard_sources(sources, Shard(index, count)) for index in range(1, count + 1)]
    taken = [source.display for part in slices for source in part]
    assert sorted(taken) == sorted(s.display for s in sources)
    # Each slice keeps the run's order.
    assert all(part == [s for s in sources if s in part] for part in slices)


@pytest.mark.parametrize("count", range(1, 8))
def test_shards_cover_nested_flat_and_json_lines_inputs_once(tmp_path: Path, count: int) -> None:
    scrape = write_scrape(tmp_path / "scrape")
    sources = find_sources([str(scrape / "by-site"), str(scrape / "flat"), str(scrape / "shards" / "part-1.jsonl"), str(scrape / "shards")])
    slices = [shard_sources(sources, Shard(index, count)) for index in range(1, count + 1)]
    assert sorted(s.display for part in slices for s in part) == sorted(s.display for s in sources)
    # A JSON Lines file is one input, whole in one shard.
    assert sum(s.holds_records for part in slices for s in part) == sum(s.holds_records for s in sources) == 4


def test_a_shard_is_chosen_by_the_path_below_the_argument_so_machines_with_other_mounts_agree(tmp_path: Path) -> None:
    write_scrape(tmp_path / "here" / "scrape")
    shutil.copytree(tmp_path / "here" / "scrape", tmp_path / "mnt" / "data" / "scrape")
    here = find_sources([str(tmp_path / "here" / "scrape")])
    there = find_sources([str(tmp_path / "mnt" / "data" / "scrape")])
    assert [shard_of(s, 5) for s in here] == [shard_of(s, 5) for s in there]
    assert len({shard_of(s, 5) for s in here}) == 5  # the inputs do spread over the shards


def test_shard_numbers_come_from_the_path_hash_not_from_pythons_hash() -> None:
    # Pinned: a change here would make copies of different versions disagree on who cleans what.
    source = Source("scrape/a/page.txt", Path("scrape/a/page.txt"), Path("a/page.txt"))
    assert [shard_of(source, count) for count in (2, 3, 7, 16)] == [2, 1, 1, 14]


@pytest.fixture(scope="module")
def scrape(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scrape(tmp_path_factory.mktemp("multisite") / "scrape")


@pytest.fixture(scope="module")
def whole(scrape: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("whole") / "out"
    assert invoke("clean", str(scrape), "-o", str(out), "-j", "1").exit_code == 0
    return out


def test_the_outputs_of_all_shards_are_those_of_one_unsharded_run(scrape: Path, whole: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for index in (1, 2, 3):
        result = invoke("clean", str(scrape), "-o", str(out), "--shard", f"{index}/3", "-j", "2", "-q")
        assert result.exit_code == 0, result.stderr
    assert tree(out) == tree(whole)
    # Each shard's report describes its own slice and nothing else.
    reports = sorted(out.glob("cleaner-report.shard-*-of-3.jsonl"))
    assert [p.name for p in reports] == [f"cleaner-report.shard-{i}-of-3.jsonl" for i in (1, 2, 3)]
    inputs = [{r.input.split(":")[0] for r in read_report(p.read_text("utf-8"))} for p in reports]
    assert not (inputs[0] & inputs[1]) and not (inputs[1] & inputs[2]) and not (inputs[0] & inputs[2])
    for report in reports:
        assert_report_restores_its_outputs(report, out, scrape)


def test_a_sharded_check_finds_what_the_unsharded_check_finds(scrape: Path) -> None:
    whole = invoke("check", str(scrape), "--output-format", "jsonl", "-j", "1")
    parts = [invoke("check", str(scrape), "--output-format", "jsonl", "--shard", f"{i}/2", "-j", "1") for i in (1, 2)]
    assert whole.exit_code == ExitCode.CHANGES and all(p.exit_code == ExitCode.CHANGES for p in parts)
    assert sorted(whole.stdout.splitlines()) == sorted(line for p in parts for line in p.stdout.splitlines())


def test_verbose_says_the_shard_learns_from_every_input(scrape: Path, tmp_path: Path) -> None:
    result = invoke("clean", str(scrape), "-o", str(tmp_path / "out"), "--shard", "2/4", "-j", "1", "-v")
    assert result.exit_code == 0
    total = len(find_sources([str(scrape)]))
    assert f"the learn pass reads all {total}" in result.stderr


def test_a_shard_writes_its_marker_only_when_every_input_of_its_slice_is_done(scrape: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(scrape, inputs)
    broken = inputs / "flat" / "gone.txt"
    broken.symlink_to(inputs / "nowhere.txt")
    failing = shard_of(next(s for s in find_sources([str(inputs)]) if s.path == broken), 3)
    out = tmp_path / "out"
    for index in (1, 2, 3):
        result = invoke("clean", str(inputs), "-o", str(out), "--shard", f"{index}/3", "-j", "1", "-q")
        marker = out / ".cleaner" / f"shard-{index}-of-3.done"
        if index == failing:
            assert result.exit_code == ExitCode.INPUT_FAILED and not marker.exists()
        else:
            assert result.exit_code == 0 and marker.exists()
            written = json.loads(marker.read_text("utf-8"))
            assert written["shard"] == f"{index}/3" and written["report"] == f"cleaner-report.shard-{index}-of-3.jsonl"
            assert written["inputs"] == len(read_report((out / written["report"]).read_text("utf-8"))) - _records(out / written["report"]) + _jsonl_files(out / written["report"])
    # Once the failure is mended, the shard completes and says so; a later walk of OUT reads no report or marker.
    broken.unlink()
    assert invoke("clean", str(inputs), "-o", str(out), "--shard", f"{failing}/3", "-j", "1", "-q").exit_code == 0
    assert (out / ".cleaner" / f"shard-{failing}-of-3.done").exists()
    assert not [s for s in find_sources([str(out)]) if s.path.name.startswith("cleaner-report") or ".cleaner" in s.path.parts]


def _records(report: Path) -> int:
    return sum(r.record is not None for r in read_report(report.read_text("utf-8")))


def _jsonl_files(report: Path) -> int:
    return len({r.output.rsplit(":", 1)[0] for r in read_report(report.read_text("utf-8")) if r.record is not None})


def test_a_profile_of_a_shard_learns_from_its_slice_alone(scrape: Path, tmp_path: Path) -> None:
    pages = []
    for index in (1, 2):
        part = tmp_path / f"part-{index}.json"
        result = invoke("profile", str(scrape), "-o", str(part), "--shard", f"{index}/2", "-q")
        assert result.exit_code == 0, result.stderr
        pages.append(sum(load_profile(part).pages.values()))
    whole = tmp_path / "whole.json"
    assert invoke("profile", str(scrape), "-o", str(whole), "-q").exit_code == 0
    assert 0 < pages[0] and 0 < pages[1]
    assert sum(pages) == sum(load_profile(whole).pages.values())


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "16"}, Shard(1, 16)),
        ({"SLURM_ARRAY_TASK_ID": "16", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "16"}, Shard(16, 16)),
        ({"SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4"}, Shard(1, 4)),
        ({"SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "2"}, Shard(4, 4)),
    ],
)
def test_shard_slurm_is_the_tasks_place_in_its_array(environ: dict[str, str], expected: Shard) -> None:
    assert parse_shard("slurm", environ) == expected


def test_shard_slurm_from_the_environment_of_a_run(scrape: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLURM_ARRAY_TASK_ID", "3")
    monkeypatch.setenv("SLURM_ARRAY_TASK_MIN", "2")
    monkeypatch.setenv("SLURM_ARRAY_TASK_COUNT", "3")
    out = tmp_path / "out"
    assert invoke("clean", str(scrape), "-o", str(out), "--shard", "slurm", "-j", "1", "-q").exit_code == 0
    assert (out / "cleaner-report.shard-2-of-3.jsonl").exists() and (out / ".cleaner" / "shard-2-of-3.done").exists()


@pytest.mark.parametrize("asked", ["0/3", "4/3", "3", "a/b", "1/0", "", "1/3/5", "slurm"])
def test_a_shard_that_names_none_is_a_one_line_usage_error(asked: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "a.txt").write_text("Home\nText.\n", encoding="utf-8")
    for command in (["clean", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out")], ["check", str(tmp_path / "a.txt")], ["profile", str(tmp_path), "-o", str(tmp_path / "p.json")]):
        result = invoke(*command, "--shard", asked)
        assert result.exit_code == ExitCode.USAGE, result.stderr
        assert result.stderr.startswith("cleaner: error: --shard") and result.stderr.count("\n") == 1, result.stderr
    with pytest.raises(ShardError):
        parse_shard(asked, {})
    assert not (tmp_path / "out").exists()


def test_standard_input_cannot_be_sharded() -> None:
    result = invoke("clean", "-", "--shard", "1/2", input="Home\nText.\n")
    assert result.exit_code == ExitCode.USAGE and "standard input cannot be sharded" in result.stderr


def test_a_shards_report_is_cleaners_own_output_by_its_name_even_while_empty(tmp_path: Path) -> None:
    for name in ("cleaner-report.shard-03-of-16.jsonl", "cleaner-report.shard-03-of-16.diff"):
        (tmp_path / name).write_bytes(b"")
        assert is_own_output(tmp_path / name)
    (tmp_path / "cleaner-report.shard-notes.txt").write_text("Our notes on sharding.\n", encoding="utf-8")
    assert not is_own_output(tmp_path / "cleaner-report.shard-notes.txt")
    assert [s.relative.name for s in find_sources([str(tmp_path)])] == ["cleaner-report.shard-notes.txt"]
