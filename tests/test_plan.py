"""A run is decided once (`cleaner.run.plan.RunPlan`): its mode, report, inputs and learn pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.run.options import Mode, Options
from cleaner.run.plan import UsageError, plan_run
from cleaner.sites.model import TemplateModel


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(2):
        (folder / f"{n}.txt").write_text(f"Home\nStory {n} of the day, told at length.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("options", "mode"),
    [
        (Options(out=Path("out")), Mode.OUT),
        (Options(in_place=True), Mode.IN_PLACE),
        (Options(check=True), Mode.CHECK),
        (Options(), Mode.STDOUT),
    ],
)
def test_the_mode_is_decided_by_the_options_once(options: Options, mode: Mode) -> None:
    assert options.mode is mode


def test_a_folder_run_into_out_reports_there_and_learns(folder: Path, tmp_path: Path) -> None:
    plan = plan_run([str(folder)], Options(out=tmp_path / "out"))
    assert plan.mode is Mode.OUT and plan.report_path == tmp_path / "out" / "cleaner-report.jsonl"
    assert plan.learns and [s.path.name for s in plan.sources] == ["0.txt", "1.txt"]


def test_a_check_writes_no_report_and_a_single_file_learns_nothing(folder: Path) -> None:
    plan = plan_run([str(folder / "0.txt")], Options(check=True))
    assert plan.report_path is None and not plan.learns


def test_a_run_given_a_profile_or_without_tp01_does_not_learn(folder: Path, tmp_path: Path) -> None:
    assert not plan_run([str(folder)], Options(out=tmp_path / "a"), model=TemplateModel()).learns
    assert not plan_run([str(folder)], Options(out=tmp_path / "b", template=None)).learns


def test_files_named_without_a_place_to_write_are_refused(folder: Path) -> None:
    with pytest.raises(UsageError, match="give -o/--output OUT"):
        plan_run([str(folder)], Options())
