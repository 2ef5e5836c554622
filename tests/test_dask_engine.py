"""`--engine dask`: the same outputs, report, diff, findings and profile as the local engine.

One LocalCluster (2 worker processes) serves the module, named to each run by `--scheduler`;
one test lets the engine start its own. Paths are absolute: the workers do not share the
test's working folder. Each comparison runs the local engine (`-j 1`) into OUT, sets it
aside, runs the Dask engine into the same OUT, and compares every byte.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from cleaner.report.model import ExitCode, read_report, rebuild_original
from tests.cli_runs import invoke

distributed = pytest.importorskip("distributed")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
WORDS = "the of and to in valley council bridge river flood repairs vote mayor engineers report said would town ferry".split()
TEMPLATES = {
    "www.ledger.example": ["Home", "World", "Sport", "Sign in to the Ledger", "© 2031 The Ledger"],
    "news.other.example": ["Start", "Other news today", "Subscribe now", "Contact the Other"],
    "valley.example": ["Valley Times", "Latest", "Weather", "Letters to the editor"],
}


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


def _sentence(r: random.Random, words: int = 16) -> str:
    return " ".join(r.choice(WORDS) for _ in range(words)).capitalize() + "."


def _text_page(site: str, r: random.Random) -> str:
    nav = TEMPLATES[site]
    body = [_sentence(r) for _ in range(r.randint(2, 5))]
    return "\n".join([*nav[:3], " ".join(r.choice(WORDS) for _ in range(7)).title(), *body, "Advertisement", *nav[3:]]) + "\n"


def _html_page(site: str, r: random.Random) -> str:
    nav = "".join(f"<li><a href='/{n}'>{item}</a></li>" for n, item in enumerate(TEMPLATES[site][:3]))
    body = "".join(f"<p>{_sentence(r, 24)}</p>" for _ in range(3))
    return (
        f"<html><head><title>{site}</title></head><body><nav><ul>{nav}</ul></nav>"
        f"<article><h1>{_sentence(r, 6)}</h1>{body}</article><footer><p>{TEMPLATES[site][-1]}</p></footer></body></html>\n"
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A multi-site scrape, the same bytes every time: a folder per site, a flat folder of
    text and HTML pages of two sites that declare none, and two JSON Lines shards with URLs."""
    root = tmp_path_factory.mktemp("corpus")
    r = random.Random(15)
    for site in TEMPLATES:
        for n in range(6):
            path = root / "sites" / site / f"{n:02}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_text_page(site, r), encoding="utf-8")
    flat = root / "flat"
    flat.mkdir()
    for n in range(10):
        site = "valley.example" if n % 2 else "news.other.example"
        if n % 3 == 0:
            (flat / f"page{n}.html").write_text(_html_page(site, r), encoding="utf-8")
        else:
            (flat / f"page{n}.txt").write_text(_text_page(site, r), encoding="utf-8")
    shards = root / "shards"
    shards.mkdir()
    for shard, name in enumerate(["part-0.jsonl", "part-1.jsonl.gz"]):
        lines = []
        for n in range(40):
            site = list(TEMPLATES)[(n + shard) % 3]
            lines.append(json.dumps({"id": f"{shard}-{n}", "url": f"https://{site}/2031/{shard}/{n}", "text": _text_page(site, r)}))
        lines.insert(7, "{not json")
        data = ("\n".join(lines) + "\n").encode("utf-8")
        (shards / name).write_bytes(gzip.compress(data, mtime=0) if name.endswith(".gz") else data)
    return [str(root / "sites"), str(flat), str(shards)]


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _both(tmp_path: Path, scheduler: str, *args: str) -> tuple[dict[str, bytes], dict[str, bytes], Result, Result]:
    """`cleaner clean ARGS -o OUT` locally and on the cluster: every file each wrote, and the results."""
    out = tmp_path / "out"
    local = invoke("clean", *args, "-o", str(out), "-j", "1")
    local_files = _files(out)
    shutil.rmtree(out)
    dask = invoke("clean", *args, "-o", str(out), "--engine", "dask", "--scheduler", scheduler)
    return local_files, _files(out), local, dask


def test_dask_clean_of_the_samples_is_byte_identical_with_its_own_local_cluster(tmp_path: Path) -> None:
    out = tmp_path / "out"
    local = invoke("clean", str(SAMPLES), "-o", str(out), "-j", "1")
    expected = _files(out)
    shutil.rmtree(out)
    dask = invoke("clean", str(SAMPLES), "-o", str(out), "-j", "2", "--engine", "dask")
    assert (dask.exit_code, dask.stderr) == (local.exit_code, local.stderr)
    assert _files(out) == expected
    assert {"cleaner-report.jsonl", "cleaner-report.diff"} <= set(expected)


@pytest.mark.parametrize(
    "extra",
    [pytest.param([], id="learning-templates"), pytest.param(["--ignore", "TP01"], id="without-TP01"), pytest.param(["--article", "--keep-structure"], id="article")],
)
def test_dask_clean_of_a_multi_site_corpus_is_byte_identical(tmp_path: Path, scheduler: str, corpus: list[str], extra: list[str]) -> None:
    local_files, dask_files, local, dask = _both(tmp_path, scheduler, *corpus, *extra)
    assert local.exit_code == ExitCode.INPUT_FAILED  # the malformed record in each shard
    assert (dask.exit_code, dask.stderr) == (local.exit_code, local.stderr)
    assert dask_files.keys() == local_files.keys()
    for name in local_files:
        assert dask_files[name] == local_files[name], name
    assert {"part-1.jsonl.gz", "page0.txt", "www.ledger.example/00.txt"} <= set(dask_files)


def test_dask_templates_remove_lines_so_the_comparison_is_not_vacuous(tmp_path: Path, scheduler: str, corpus: list[str]) -> None:
    _, dask_files, _, _ = _both(tmp_path, scheduler, *corpus)
    report = [json.loads(line) for line in dask_files["cleaner-report.jsonl"].splitlines()]
    assert sum(line.get("counts", {}).get("TP01", 0) for line in report) > 50
    assert sum(line.get("record") is not None for line in report) == 80


def test_dask_clean_with_a_profile_is_byte_identical(tmp_path: Path, scheduler: str, corpus: list[str]) -> None:
    profile = tmp_path / "profile.json"
    assert invoke("profile", *corpus[:2], "-o", str(profile)).exit_code == 0
    local_files, dask_files, local, dask = _both(tmp_path, scheduler, *corpus, "--profile", str(profile))
    assert (dask.exit_code, dask.stderr) == (local.exit_code, local.stderr)
    assert dask_files == local_files


def test_dask_profile_is_the_local_profile(tmp_path: Path, scheduler: str, corpus: list[str]) -> None:
    local = invoke("profile", *corpus, "-o", str(tmp_path / "local.json"))
    dask = invoke("profile", *corpus, "-o", str(tmp_path / "dask.json"), "--engine", "dask", "--scheduler", scheduler)
    assert local.exit_code == dask.exit_code == 0
    assert (tmp_path / "dask.json").read_bytes() == (tmp_path / "local.json").read_bytes()
    assert len(json.loads((tmp_path / "local.json").read_text())["sites"]) >= 3


def test_dask_check_prints_what_the_local_check_prints(scheduler: str, corpus: list[str]) -> None:
    args = ["check", *corpus, "--output-format", "json", "--diff"]
    local = invoke(*args, "-j", "1")
    dask = invoke(*args, "--engine", "dask", "--scheduler", scheduler)
    assert (dask.exit_code, dask.stdout, dask.stderr) == (local.exit_code, local.stdout, local.stderr)
    assert '"TP01"' in local.stdout


def test_dask_in_place_is_byte_identical(tmp_path: Path, scheduler: str, corpus: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    results = {}
    for engine in ("local", "dask"):
        folder = tmp_path / "inputs"
        shutil.copytree(corpus[0], folder / "sites")
        shutil.copytree(corpus[2], folder / "shards")
        args = [str(folder / "sites"), str(folder / "shards"), "--in-place", "--report", str(folder / "report.jsonl")]
        result = invoke("clean", *args, "--engine", engine, *(["--scheduler", scheduler] if engine == "dask" else ["-j", "1"]))
        results[engine] = (result.exit_code, _files(folder))
        shutil.rmtree(folder)
    assert results["dask"] == results["local"]


def test_dask_bad_inputs_give_the_local_one_line_errors(tmp_path: Path, scheduler: str) -> None:
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "good.txt").write_text("The council voted on Tuesday to close the bridge.\nAdvertisement\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "latin.txt").write_bytes("caf\xe9 au lait, d\xe9j\xe0 vu\n".encode("latin-1") + b"\x81\x8d\x8f\x90\x9d" * 3)
    (folder / "empty.txt").write_bytes(b"")
    local_files, dask_files, local, dask = _both(tmp_path, scheduler, str(folder), "--encoding", "utf-8")
    assert local.exit_code == ExitCode.INPUT_FAILED
    assert (dask.exit_code, dask.stderr) == (local.exit_code, local.stderr)
    assert dask_files == local_files
    assert sum(line.startswith("cleaner: ") for line in dask.stderr.splitlines()) >= 2


def test_dask_engine_without_dask_installed_is_a_usage_error_naming_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "distributed" else found(name, *a))
    result = invoke("clean", str(SAMPLES), "-o", str(tmp_path / "out"), "--engine", "dask")
    assert result.exit_code == ExitCode.USAGE
    assert "pip install 'scrape-cleaner[dask]'" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_a_dask_run_stopped_midway_leaves_only_restorable_outputs_and_a_rerun_completes_it(
    tmp_path: Path, scheduler: str, corpus: list[str], signum: int
) -> None:
    scrape = _scrape(tmp_path, corpus)
    out = tmp_path / "out"
    args = [sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out), "--engine", "dask", "--scheduler", scheduler]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for_outputs(process, out)
    process.send_signal(signum)
    assert process.wait(60) == (-signal.SIGKILL if signum == signal.SIGKILL else 128 + signal.SIGINT)
    written = _visible(out)
    assert 10 <= len(written) < 161
    records = read_report((out / "cleaner-report.jsonl").read_text("utf-8"))
    for output in written:
        if output.suffix == ".txt":
            assert rebuild_original(output.read_bytes(), records, output)[0] == (scrape / output.relative_to(out)).read_bytes()

    rerun = subprocess.run(args, capture_output=True)
    assert rerun.returncode == ExitCode.INPUT_FAILED, rerun.stderr.decode()  # the shard's malformed line
    whole = tmp_path / "whole"
    subprocess.run([sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(whole), "-j", "1"], capture_output=True)
    assert _visible_bytes(out) == _visible_bytes(whole)


def _visible(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".") and not p.name.startswith("cleaner-report"))


def _visible_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in _visible(out)}


def test_an_unreachable_scheduler_is_a_usage_error_before_any_report_is_made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("cleaner.run.dask_engine.CONNECT_TIMEOUT", 0.5)
    result = invoke("clean", str(SAMPLES), "-o", str(tmp_path / "out"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == ExitCode.USAGE
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_scheduler_without_the_dask_engine_is_refused(tmp_path: Path) -> None:
    result = invoke("clean", str(SAMPLES), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == ExitCode.USAGE
    assert "give --engine dask with it" in result.stderr
    assert not (tmp_path / "out").exists()


def test_ctrl_c_reaching_the_local_clusters_workers_too_stops_the_run_in_one_line(tmp_path: Path, corpus: list[str]) -> None:
    scrape = _scrape(tmp_path, corpus)
    out = tmp_path / "out"
    args = [sys.executable, "-m", "cleaner", "clean", str(scrape), "-o", str(out), "--engine", "dask", "-j", "2", "-q"]
    # Its own process group, as a terminal's foreground job: the signal reaches the workers as well.
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    _wait_for_outputs(process, out)
    os.killpg(process.pid, signal.SIGINT)
    assert process.wait(60) == 128 + signal.SIGINT
    message = process.stderr.read().decode()
    assert message.startswith("cleaner: interrupted by SIGINT; stopped after "), message
    assert message.count("\n") == 1


def _scrape(tmp_path: Path, corpus: list[str]) -> Path:
    """160 pages of three sites, long enough that a run can be stopped midway, and a JSON Lines shard."""
    r = random.Random(23)
    scrape = tmp_path / "scrape"
    for n in range(160):
        site = list(TEMPLATES)[n % 3]
        page = scrape / site / f"{n:03}.txt"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(_text_page(site, r) + "\n".join(_sentence(r, 30) for _ in range(40)) + "\n", encoding="utf-8")
    shutil.copy(Path(corpus[2]) / "part-0.jsonl", scrape / "part-0.jsonl")
    return scrape


def _wait_for_outputs(process: subprocess.Popen[bytes], out: Path, count: int = 10) -> None:
    deadline = time.monotonic() + 60
    while len(_visible(out)) < count:
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read().decode()
        time.sleep(0.005)
