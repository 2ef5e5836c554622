"""A worker process begins cleaning the text pages it holds while the parent makes the site
model (`cleaner.engine.pipeline.prepare_text`, `cleaner.run.worker.Worker.prepare`): a page
begun so cleans exactly as one cleaned from the start."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner.run.worker
from benchmarks.corpus import CORPUS, DUMPERS, load_pages
from cleaner.engine.keep import KeepList
from cleaner.engine.pipeline import clean_text, prepare_text
from cleaner.readers.files import find_sources
from cleaner.rules.presets import Preset, preset_rules
from cleaner.run.batch import Options, run_clean
from cleaner.run.executors import model_of
from cleaner.run.worker import Worker
from cleaner.sites.pages import ReadAhead, count_pages
from tests.dumps import dumps


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(dumps(), st.sampled_from(list(Preset)), st.booleans())
def test_a_prepared_text_cleans_as_one_cleaned_from_the_start(text: str, preset: Preset, keyed: bool) -> None:
    rules = preset_rules(preset)
    prepared = prepare_text(text, rules, {} if keyed else None)
    assert clean_text(text, rules, keys={} if keyed else None, prepared=prepared) == clean_text(text, rules)


def test_a_prepared_text_is_not_used_for_another_text_nor_with_a_keep_list() -> None:
    rules = preset_rules(Preset.DEFAULT)
    text = "Home\nShare\nThe council voted on Tuesday to close the northern bridge.\n\n\n\nFacebook\n"
    other = prepare_text("Another page\n", rules)
    assert clean_text(text, rules, prepared=other) == clean_text(text, rules)
    keep = KeepList(patterns=("Share",))
    assert clean_text(text, rules, keep, prepared=prepare_text(text, rules)) == clean_text(text, rules, keep)


def _texts(root: Path, pages: int = 12) -> Path:
    folder = root / "in" / "www.ledger.example"
    folder.mkdir(parents=True)
    for number in range(pages):
        lines = ["Home", "News", "Sign in", f"Story {number}", f"Story {number}", "", f"The council met for the {number}th time on Tuesday.", "Share", "Facebook", "", "", "", "© The Ledger"]
        (folder / f"{number}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root / "in"


def _cleaned(folder: Path, options: Options, prepare: bool, stop: bool = False) -> tuple[list, int]:
    """Each input's outcome (report, output, diff) by a worker that learned `folder` in this
    process, preparing what it holds first if asked; and how many cleans began prepared."""
    sources = find_sources([str(folder)])
    read_ahead = ReadAhead()
    worker = Worker(options, read_ahead=read_ahead)
    model = model_of(count_pages(sources, options.reading, None, None, read_ahead))
    if prepare:
        worker.prepare(1 << 40, (lambda: True) if stop else None)
    worker.learned(model)
    begun = []
    clean = cleaner.run.worker.clean_text

    def counted(*args, **kwargs):
        begun.append(args[4] is not None)
        return clean(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cleaner.run.worker, "clean_text", counted)
        outcomes = [(o.report, o.output, o.diff) for o in map(worker, sources)]
    return outcomes, sum(begun)


def test_a_worker_cleans_the_pages_it_prepared_as_it_cleans_them_unprepared(tmp_path: Path) -> None:
    folder = _texts(tmp_path)
    options = Options(out=tmp_path / "out")
    prepared, begun = _cleaned(folder, options, prepare=True)
    assert begun == 12
    assert prepared == _cleaned(folder, options, prepare=False)[0]


def test_a_worker_told_to_stop_prepares_nothing(tmp_path: Path) -> None:
    folder = _texts(tmp_path)
    assert _cleaned(folder, Options(out=tmp_path / "out"), prepare=True, stop=True)[1] == 0


def test_a_worker_prepares_its_first_pages_up_to_its_budget(tmp_path: Path) -> None:
    folder = _texts(tmp_path)
    sources = find_sources([str(folder)])
    read_ahead = ReadAhead()
    worker = Worker(Options(out=tmp_path / "out"), read_ahead=read_ahead)
    list(count_pages(sources, worker.options.reading, None, None, read_ahead))
    first = read_ahead.held()[0][1].size
    worker.prepare(first)
    assert list(worker._prepared) == [read_ahead.held()[0][0]]


def test_a_parallel_run_of_text_pages_writes_what_one_process_writes(tmp_path: Path) -> None:
    folder = _texts(tmp_path, pages=40)
    for jobs in (1, 2):
        run_clean([str(folder)], Options(out=tmp_path / f"out{jobs}", jobs=jobs))
    names = sorted(str(p.relative_to(tmp_path / "out1")) for p in (tmp_path / "out1").rglob("*") if p.is_file())
    assert len(names) == 42  # the pages, the report and its diff
    for name in names:
        one, two = (tmp_path / "out1" / name).read_bytes(), (tmp_path / "out2" / name).read_bytes()
        assert one.replace(b"out1", b"outN") == two.replace(b"out2", b"outN"), name


@pytest.fixture(scope="module")
def benchmark_dumps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every benchmark page in every dump style, as text files of one folder."""
    if not (CORPUS / "ground-truth.json").exists():
        pytest.skip("../shared/corpus is not beside the project")
    from concurrent.futures import ProcessPoolExecutor

    folder = tmp_path_factory.mktemp("dumps")
    pages = load_pages()
    with ProcessPoolExecutor() as pool:
        for page, dumped in zip(pages, pool.map(_dumped, [page.html for page in pages])):
            for number, text in enumerate(dumped):
                (folder / f"{page.id}-{number}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    return folder


def _dumped(html: bytes) -> list[str]:
    return [dump(html) for dump in DUMPERS.values()]


@pytest.mark.timeout(600)
@pytest.mark.parametrize("preset", list(Preset))
def test_every_benchmark_dump_cleans_prepared_as_unprepared(benchmark_dumps: Path, tmp_path: Path, preset: Preset) -> None:
    folder = benchmark_dumps
    options = replace(Options(out=tmp_path / "out"), preset=preset)
    prepared, begun = _cleaned(folder, options, prepare=True)
    assert begun == len(prepared)
    assert prepared == _cleaned(folder, options, prepare=False)[0]
