"""Which files a run leaves out: exclude/include globs, .gitignore and cleaner's own outputs."""

from __future__ import annotations

import json
import shutil
import subprocess
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from cleaner.readers.excludes import DEFAULT_EXCLUDE, FileFilter, git_ignored, in_work_tree, is_own_output
from cleaner.readers.files import find_sources
from cleaner.report.html import ReportedFile, write_report
from cleaner.report.model import FileReport

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _files(root: Path, *relatives: str) -> None:
    for relative in relatives:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text("The council met on Tuesday.\n", encoding="utf-8")


def _found(folder: Path, files: FileFilter | None = None) -> list[str]:
    return [s.relative.as_posix() for s in find_sources([str(folder)], files=files)]


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)


# include and exclude globs


GLOBS = [
    ((), (), "a/b.txt", True),
    ((), ("*.md",), "notes/readme.md", False),
    ((), ("*.md",), "notes/readme.txt", True),
    ((), ("drafts/*",), "drafts/a.txt", False),
    ((), ("drafts/*",), "site/drafts/a.txt", True),
    ((), ("**/drafts/*",), "site/drafts/a.txt", False),
    ((), ("**/drafts/*",), "drafts/a.txt", False),
    ((), ("drafts",), "site/drafts/a.txt", False),
    ((), ("drafts/",), "drafts/deep/a.txt", False),
    ((), ("index.html",), "site/index.html", False),
    ((), ("*.MD",), "readme.md", True),
    (("*.txt",), (), "a/b.txt", True),
    (("*.txt",), (), "a/b.html", False),
    (("site/*",), ("*.md",), "site/a.md", False),
    (("site/*",), ("*.md",), "site/a.txt", True),
    (("site/*",), (), "other/a.txt", False),
]


@pytest.mark.parametrize(("include", "exclude", "relative", "expected"), GLOBS)
def test_filter_applies_include_then_exclude_globs_to_a_path(
    include: tuple[str, ...], exclude: tuple[str, ...], relative: str, expected: bool
) -> None:
    files = FileFilter(include, exclude)
    assert (files.includes([relative]) and not files.excludes([relative])) is expected


@pytest.mark.parametrize("name", ["venv", "readme.md", "abxbc", "axc", "bx!", "ax", ".md", "node_modules", "venv2", "a\nb.md"])
def test_an_entry_is_excluded_by_name_exactly_when_one_pattern_matches_it_alone(name: str) -> None:
    patterns = ("venv", "*.md", "a*b*c", "[!a]x?", "drafts/", "**/old/*")
    expected = any(fnmatchcase(name, pattern) for pattern in patterns if "/" not in pattern)
    assert FileFilter(exclude=patterns).excludes_entry(name, [name]) is expected


@pytest.mark.parametrize(("include", "exclude", "relative", "expected"), GLOBS)
def test_walk_leaves_out_what_the_globs_exclude_and_keeps_the_rest(
    tmp_path: Path, include: tuple[str, ...], exclude: tuple[str, ...], relative: str, expected: bool
) -> None:
    _files(tmp_path / "in", relative)
    files = FileFilter(include, exclude, root=tmp_path / "elsewhere")
    assert _found(tmp_path / "in", files) == ([relative] if expected else [])


def test_patterns_with_a_slash_may_be_relative_to_the_project_root(tmp_path: Path) -> None:
    _files(tmp_path, "scrape/drafts/a.txt", "scrape/news/b.txt")
    files = FileFilter(exclude=("scrape/drafts/",), root=tmp_path)
    assert _found(tmp_path / "scrape", files) == ["news/b.txt"]
    assert _found(tmp_path / "scrape", FileFilter(exclude=("drafts/",), root=tmp_path)) == ["news/b.txt"]


def test_default_excludes_leave_out_virtualenvs_and_caches(tmp_path: Path) -> None:
    _files(tmp_path, "venv/lib/site-packages/x/LICENSE", "node_modules/y/README.md", "news/a.txt")
    assert _found(tmp_path) == ["news/a.txt"]
    assert "venv" in DEFAULT_EXCLUDE
    # --exclude replaces the defaults, as ruff's does.
    assert "venv/lib/site-packages/x/LICENSE" not in _found(tmp_path, FileFilter(exclude=("site-packages",)))
    assert "node_modules/y/README.md" in _found(tmp_path, FileFilter(exclude=("site-packages",)))


def test_folder_named_on_the_command_line_is_walked_whatever_its_name(tmp_path: Path) -> None:
    _files(tmp_path, "drafts/a.txt")
    assert _found(tmp_path / "drafts", FileFilter(exclude=("drafts",))) == ["a.txt"]


def test_named_file_is_read_unless_force_exclude_applies_the_excludes(tmp_path: Path) -> None:
    _files(tmp_path, "drafts/a.txt")
    named = [str(tmp_path / "drafts" / "a.txt")]
    assert len(find_sources(named, files=FileFilter(exclude=("drafts",)))) == 1
    assert find_sources(named, files=FileFilter(exclude=("drafts",), force_exclude=True)) == []
    assert find_sources(named, files=FileFilter(exclude=("*.txt",), force_exclude=True)) == []


def test_excluded_broken_symlink_is_left_out_not_failed(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "gone.md").symlink_to("nowhere.md")
    assert find_sources([str(tmp_path / "in")], files=FileFilter(exclude=("*.md",))) == []


# cleaner's own outputs


def test_own_outputs_are_known_by_name_by_report_record_and_by_html_marker(tmp_path: Path) -> None:
    for name in ("cleaner-report.jsonl", "cleaner-report.diff", ".cleaner.lock"):
        assert is_own_output(tmp_path / name)
    moved = tmp_path / "removals.jsonl"
    moved.write_text(FileReport(input='odd "name".txt', output=None, error="empty file").to_json() + "\n", encoding="utf-8")
    assert is_own_output(moved)
    page = tmp_path / "review.html"
    write_report(page, [ReportedFile("a.txt", "text\n", ())], title="x" * 50_000)
    assert is_own_output(page)


@pytest.mark.parametrize(
    "content",
    [
        '{"input": "a", "text": "a scrape whose records happen to start with input"}\n',
        json.dumps({"url": "https://example.org", "text": "page"}) + "\n",
        "<!doctype html><html><head><meta name=\"generator\" content=\"WordPress\"></head></html>",
        "<html><head><title>A page</title></head><body><p>" + "x" * 2000 + '<meta name="generator" content="cleaner"></body></html>',
        "",
    ],
)
def test_a_scrape_is_not_taken_for_an_own_output(tmp_path: Path, content: str) -> None:
    path = tmp_path / "scrape.jsonl"
    path.write_text(content, encoding="utf-8")
    assert not is_own_output(path)


@pytest.mark.parametrize("name", ["a.txt", "a.TXT", "a.", "README", "a.tar.txt", "a.htm", "a.json", "b.JSONL.GZ", "c.ndjson", "d.pdf", "e.md.bak"])
def test_walk_picks_up_a_file_by_the_suffix_pathlib_reads(tmp_path: Path, name: str) -> None:
    _files(tmp_path, name)
    suffix = Path(name).suffix.lower()
    expected = suffix in {"", ".txt", ".text", ".md", ".markdown", ".dump", ".htm", ".html"} or name.lower().endswith(
        (".jsonl", ".jsonl.gz", ".ndjson")
    )
    assert _found(tmp_path) == ([name] if expected else [])


def test_walk_skips_reports_diffs_and_html_reports_it_wrote(tmp_path: Path) -> None:
    _files(tmp_path, "a.txt")
    (tmp_path / "cleaner-report.jsonl").write_text("{}\n", encoding="utf-8")
    (tmp_path / "moved.jsonl").write_text(FileReport(input="a.txt", output="a.txt").to_json() + "\n", encoding="utf-8")
    write_report(tmp_path / "review.html", [ReportedFile("a.txt", "text\n", ())])
    assert _found(tmp_path) == ["a.txt"]


# .gitignore


@needs_git
def test_walk_leaves_out_what_git_ignores_in_a_work_tree(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("cleaned/\n*.log.txt\nscrape/old/\n", encoding="utf-8")
    _files(tmp_path, "cleaned/a.txt", "scrape/old/b.txt", "scrape/new/c.txt", "scrape/x.log.txt", "d.txt")
    assert _found(tmp_path) == ["d.txt", "scrape/new/c.txt"]
    assert _found(tmp_path / "scrape") == ["new/c.txt"]
    assert git_ignored(tmp_path / "scrape") == {"old", "x.log.txt"}


@needs_git
def test_folder_git_ignores_is_walked_whole_when_named(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("scrape/\n", encoding="utf-8")
    _files(tmp_path, "scrape/a.txt")
    assert _found(tmp_path) == []
    assert _found(tmp_path / "scrape") == ["a.txt"]


def test_outside_a_work_tree_git_ignore_files_change_nothing(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    _files(tmp_path, "a.txt")
    assert git_ignored(tmp_path) == frozenset()
    assert _found(tmp_path) == ["a.txt"]


def test_outside_a_work_tree_git_is_not_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError("git was started outside a work tree")

    monkeypatch.setattr(subprocess, "run", no_git)
    (tmp_path / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    _files(tmp_path, "scrape/a.txt")
    assert not in_work_tree(tmp_path / "scrape")
    assert _found(tmp_path) == ["scrape/a.txt"]


@needs_git
def test_a_work_tree_is_found_from_any_folder_below_its_top(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _files(tmp_path, "scrape/deep/a.txt")
    assert in_work_tree(tmp_path / "scrape" / "deep")
    (tmp_path / "link").symlink_to(tmp_path / "scrape")
    assert in_work_tree(tmp_path / "link")


@needs_git
def test_gitignore_can_be_turned_off(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    _files(tmp_path, "a.txt")
    assert _found(tmp_path) == []
    assert _found(tmp_path, FileFilter(gitignore=False)) == ["a.txt"]
