"""`cleaner clean` on flat scrape folders that hold many sites: sites declared by pages, groups found by shared lines."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.cli import app
from cleaner.report.model import ExitCode

WORDS = "the of and to in valley council bridge river flood repairs vote mayor engineers report said would town".split()
SITES = {
    "ledger": (["Home", "World news", "Sport results", "Weather today"], ["Contact the Valley Ledger", "Privacy at the Ledger"]),
    "herald": (["Front page", "Opinion columns", "Business desk", "Local events"], ["About the Harbour Herald", "Herald terms of use"]),
    "times": (["Main menu", "Politics section", "Culture guide", "Science pages"], ["Write to the Times", "Times cookie settings"]),
}


def _prose(r: random.Random) -> str:
    return " ".join(r.choice(WORDS) for _ in range(18)).capitalize() + "."


def _site_page(site: str, r: random.Random, extra: list[str] = ()) -> str:
    nav, footer = SITES[site]
    headline = " ".join(r.choice(WORDS) for _ in range(7)).title()
    return "\n".join([*nav, headline, _prose(r), *extra, _prose(r), *footer]) + "\n"


def _flat_folder(root: Path, pages_per_site: int = 6, seed: int = 3) -> dict[str, str]:
    """Each site's pages in one flat folder, named so that the sites interleave; returns name -> site."""
    r = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    sites = {}
    for n in range(pages_per_site):
        for site in SITES:
            # "News" and "By" are on a third of each site's pages: across the folder, on 6 of 18.
            extra = ["News", "By"] if n < 2 else []
            name = f"{site}-{n}.txt"
            (root / name).write_text(_site_page(site, r, extra), encoding="utf-8")
            sites[name] = site
    return sites


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_a_flat_folder_of_several_sites_loses_each_sites_template_but_not_lines_shared_across_sites(
    runner: CliRunner, tmp_path: Path
) -> None:
    sites = _flat_folder(tmp_path / "pages")
    result = runner.invoke(app, ["clean", "pages", "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    for name, site in sites.items():
        cleaned = (tmp_path / "out" / name).read_text(encoding="utf-8")
        nav, footer = SITES[site]
        assert not [line for line in [*nav, *footer] if line in cleaned.splitlines()], name
        if name.endswith(("-0.txt", "-1.txt")):
            assert "News\nBy\n" in cleaned, name  # on 6 of the folder's 18 pages, but on 2 of each site's 6
    report = (tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8")
    assert "pages of pages (group" in report


def test_a_flat_folder_of_unrelated_sites_keeps_every_number_of_a_standings_table(runner: CliRunner, tmp_path: Path) -> None:
    r = random.Random(8)
    folder = tmp_path / "pages"
    folder.mkdir()
    standings = ["Drivers' standings after round 19", *(str(n) for row in range(20) for n in (row + 1, 400 - 17 * row))]
    (folder / "standings.txt").write_text("\n".join([*standings, _prose(r)]) + "\n", encoding="utf-8")
    for n in range(12):
        # Unrelated pages, each with a numbered list, "Home" and a comment counter: nothing is one site's template.
        lines = [f"Home of site {n}", *(str(k) for k in range(1, 12)), f"{n} comments", _prose(r), _prose(r)]
        (folder / f"site{n}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", "pages", "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    cleaned = (tmp_path / "out" / "standings.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in cleaned if line.isdigit()] == standings[1:]
    assert "TP01" not in (tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8")


def _html(site_url: str, how: str, nav: list[str], headline: str, body: str, most_read: list[str] = ()) -> str:
    head = {
        "canonical": f'<link rel="canonical" href="{site_url}/story">',
        "og:url": f'<meta property="og:url" content="{site_url}/story">',
        "base": f'<base href="{site_url}/">',
    }[how]
    items = "".join(f"<p>{line}</p>" for line in nav)
    boxed = "".join(f"<li>{line}</li>" for line in most_read)
    return (
        f"<html><head>{head}<title>{headline}</title></head><body><div>{items}</div>"
        f"<h1>{headline}</h1><p>{body}</p><p>{body} Again.</p><h2>Most read</h2><ul>{boxed}</ul></body></html>"
    )


def test_html_pages_are_grouped_by_the_host_their_head_declares(runner: CliRunner, tmp_path: Path) -> None:
    r = random.Random(2)
    folder = tmp_path / "pages"
    folder.mkdir()
    hows = ["canonical", "og:url", "base"]
    for n in range(6):
        for name, host in (("ledger", "https://www.Ledger.example:8443"), ("herald", "https://herald.example")):
            nav = [f"{name.title()} home", f"{name.title()} world"]
            page = _html(host, hows[n % 3], nav, f"Story {n} about the river", _prose(r))
            (folder / f"{n:02d}-{name}.html").write_text(page, encoding="utf-8")
    result = runner.invoke(app, ["clean", "pages", "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    report = [json.loads(line) for line in (tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8").splitlines()]
    reasons = {r["input"].rsplit("/", 1)[1]: {x["reason"] for x in r["removals"] if x["rule"] == "TP01"} for r in report}
    assert all(any("6 pages of ledger.example" in reason for reason in reasons[f"{n:02d}-ledger.html"]) for n in range(6))
    assert all(any("6 pages of herald.example" in reason for reason in reasons[f"{n:02d}-herald.html"]) for n in range(6))
    assert "Ledger home" not in (tmp_path / "out" / "00-ledger.txt").read_text(encoding="utf-8")


def test_a_pages_headline_in_other_pages_most_read_box_stays_on_its_own_page(runner: CliRunner, tmp_path: Path) -> None:
    r = random.Random(6)
    folder = tmp_path / "pages"
    folder.mkdir()
    star = "Council votes to close the northern bridge"
    nav, footer = SITES["ledger"]
    for n in range(8):
        headline = star if n == 0 else f"Story {n} about the flooded valley road"
        dump = [*nav, headline, _prose(r), _prose(r), "Most read", star, f"Other story number {n} of the week", *footer]
        (folder / f"dump{n}.txt").write_text("\n".join(dump) + "\n", encoding="utf-8")
        page = _html("https://ledger.example", "canonical", nav, headline, _prose(r), [star])
        (folder / f"page{n}.html").write_text(page, encoding="utf-8")
    result = runner.invoke(app, ["clean", "pages", "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    own_dump = (tmp_path / "out" / "dump0.txt").read_text(encoding="utf-8").splitlines()
    assert own_dump[0] == star and star not in own_dump[1:]  # its headline stays; its own "most read" copy goes
    assert star not in (tmp_path / "out" / "dump1.txt").read_text(encoding="utf-8")
    assert star in (tmp_path / "out" / "page0.txt").read_text(encoding="utf-8")
    assert star not in (tmp_path / "out" / "page1.txt").read_text(encoding="utf-8")


def test_a_flat_folders_output_depends_on_neither_file_order_nor_jobs_nor_a_saved_profile(runner: CliRunner, tmp_path: Path) -> None:
    sites = _flat_folder(tmp_path / "a")
    names = sorted(sites)
    shuffled = list(names)
    random.Random(1).shuffle(shuffled)
    (tmp_path / "b").mkdir()
    for old, new in zip(names, shuffled):
        # The same pages under other names: the walk meets them in another order.
        (tmp_path / "b" / f"x-{new}").write_bytes((tmp_path / "a" / old).read_bytes())
    assert runner.invoke(app, ["clean", "a", "-o", "out_a"]).exit_code == ExitCode.OK
    assert runner.invoke(app, ["clean", "b", "-o", "out_b", "-j", "2"]).exit_code == ExitCode.OK
    assert runner.invoke(app, ["profile", "a", "-o", "site-profile.json"]).exit_code == ExitCode.OK
    assert runner.invoke(app, ["clean", "a", "-o", "out_p", "--profile", "site-profile.json"]).exit_code == ExitCode.OK
    for old, new in zip(names, shuffled):
        once = (tmp_path / "out_a" / old).read_bytes()
        assert once == (tmp_path / "out_b" / f"x-{new}").read_bytes()
        assert once == (tmp_path / "out_p" / old).read_bytes()
    report = lambda folder: [{k: v for k, v in json.loads(line).items() if k not in ("input", "output")} for line in (tmp_path / folder / "cleaner-report.jsonl").read_text(encoding="utf-8").splitlines()]  # noqa: E731
    assert report("out_a") == report("out_p")


def test_jsonl_records_without_urls_are_grouped_like_a_flat_folder(runner: CliRunner, tmp_path: Path) -> None:
    r = random.Random(9)
    records = []
    for n in range(6):
        for site in SITES:
            records.append({"id": f"{site}{n}", "text": _site_page(site, r, ["News", "By"] if n < 2 else [])})
    (tmp_path / "scrape.jsonl").write_text("\n".join(json.dumps(record) for record in records) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", "scrape.jsonl", "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    cleaned = {rec["id"]: rec["text"] for rec in map(json.loads, (tmp_path / "out" / "scrape.jsonl").read_text(encoding="utf-8").splitlines())}
    assert "Front page" not in cleaned["herald3"] and "Write to the Times" not in cleaned["times0"]
    assert "News\nBy\n" in cleaned["ledger1"]


def test_a_declared_host_comes_before_the_input_sub_folder_in_both_passes(runner: CliRunner, tmp_path: Path) -> None:
    r = random.Random(4)
    folder = tmp_path / "scrape" / "mixed"
    folder.mkdir(parents=True)
    for n in range(4):
        page = _html("https://ledger.example", "canonical", ["Ledger home", "Ledger world"], f"Story {n} about the river", _prose(r))
        (folder / f"{n}.html").write_text(page, encoding="utf-8")
        (folder / f"dump{n}.txt").write_text(f"Ledger home\nLedger world\n{_prose(r)}\n", encoding="utf-8")
    result = runner.invoke(app, ["clean", "scrape", "-o", "out"])
    assert result.exit_code == ExitCode.OK, result.stderr
    report = (tmp_path / "out" / "cleaner-report.jsonl").read_text(encoding="utf-8")
    assert "on 4 of the 4 pages of ledger.example" in report and "on 4 of the 4 pages of mixed" in report
    assert "Ledger home" not in (tmp_path / "out" / "mixed" / "0.txt").read_text(encoding="utf-8")
    assert "Ledger home" not in (tmp_path / "out" / "mixed" / "dump0.txt").read_text(encoding="utf-8")
