"""How `cleaner clean DIR -o OUT` treats bad input, run in-process through the CLI.

A bad file fails alone: one line on standard error naming it and the cause, a report
record with the error, exit code 123; the good files beside it are still cleaned.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import pathlib
import stat
from pathlib import Path

import pytest
from typer.testing import Result

from cleaner.report.model import ExitCode
from tests.cli_runs import invoke

GOOD_TEXT = (
    "The council voted on Tuesday to close the northern bridge for repairs.\n"
    "Advertisement\n"
    "The work will take a year, the mayor said.\n"
)
GOOD_CLEAN = (
    "The council voted on Tuesday to close the northern bridge for repairs.\n"
    "The work will take a year, the mayor said.\n"
)
JAPANESE = "東京都は月曜日、新しい防災計画を発表した。計画では、地震や台風に備えて避難所を増やす。\n"
GOOD = "dumps/good.txt"
REPORT = Path("out/cleaner-report.jsonl")


pytestmark = pytest.mark.usefixtures("in_tmp")


@pytest.fixture
def dumps(in_tmp: Path) -> Path:
    """./dumps holding one good dump; tests add the bad input beside it."""
    folder = Path("dumps")
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    return folder


def clean_dumps(*extra: str) -> Result:
    return invoke("clean", "dumps", *extra, "-o", "out")


def records(report: Path = REPORT) -> dict[str, dict]:
    lines = report.read_text(encoding="utf-8").splitlines()
    return {record["input"]: record for record in map(json.loads, lines)}


def error_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("cleaner: ")]


def assert_no_crash(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def assert_failed_alone(result: Result, failures: dict[str, str | tuple[str, ...]]) -> None:
    """Each bad input in `failures` (display path -> cause fragments) failed alone; good.txt was cleaned."""
    assert_no_crash(result)
    assert result.exit_code == ExitCode.INPUT_FAILED == 123, result.stderr
    # One stderr line per bad input, nothing else reported as an error.
    assert len(error_lines(result)) == len(failures), result.stderr
    report = records()
    for bad, causes in failures.items():
        causes = (causes,) if isinstance(causes, str) else causes
        lines = [line for line in result.stderr.splitlines() if bad in line]
        assert len(lines) == 1, result.stderr
        # The whole message is on the path's line, not wrapped onto another one.
        error = report[bad]["error"]
        assert lines[0] == f"cleaner: {bad}: {error}"
        assert "\n" not in error
        for cause in causes:
            assert cause in error
        assert report[bad]["output"] is None
    # The good file beside them was still cleaned and reported.
    assert Path("out/good.txt").read_text(encoding="utf-8") == GOOD_CLEAN
    assert report[GOOD]["error"] is None
    assert report[GOOD]["output"] == "out/good.txt"
    assert report[GOOD]["counts"] == {"UI01": 1}
    assert set(report) == {GOOD, *failures}


# --- one bad input beside a good one -----------------------------------------------------------


def test_binary_file_fails_alone_and_the_run_goes_on(dumps: Path) -> None:
    (dumps / "image.txt").write_bytes(b"GIF89a\x00\x01\x00\x01\x80\x00\x00")
    result = clean_dumps()
    assert_failed_alone(result, {"dumps/image.txt": ("binary file", "NUL byte at offset 6")})
    assert not Path("out/image.txt").exists()


def test_damaged_utf8_fails_alone_as_invalid_utf8(dumps: Path) -> None:
    data = bytearray("Прокуратура начала проверку после жалоб жителей района.\n".encode("utf-8"))
    data[5] = 0xFF  # the second byte of "о": one damaged byte in otherwise valid UTF-8
    (dumps / "damaged.txt").write_bytes(bytes(data))
    result = clean_dumps()
    assert_failed_alone(result, {"dumps/damaged.txt": ("undecodable bytes", "invalid UTF-8 at byte 4")})
    assert records()["dumps/damaged.txt"]["bytes_in"] == len(data)


def test_bytes_no_encoding_fits_fail_alone_as_undecodable(dumps: Path) -> None:
    (dumps / "noise.txt").write_bytes(bytes(range(128, 256)) * 4)
    result = clean_dumps()
    assert_failed_alone(result, {"dumps/noise.txt": ("undecodable bytes", "not UTF-8", "no other encoding fits")})


def test_empty_file_is_no_error_and_cleans_to_an_empty_file(dumps: Path) -> None:
    (dumps / "empty.txt").write_bytes(b"")
    result = clean_dumps()
    assert_no_crash(result)
    assert result.exit_code == ExitCode.OK, result.stderr
    assert error_lines(result) == []
    assert Path("out/empty.txt").read_bytes() == b""
    record = records()["dumps/empty.txt"]
    assert (record["error"], record["removals"], record["encoding"]) == (None, [], "utf-8")


def test_html_page_with_no_content_is_no_error(dumps: Path) -> None:
    (dumps / "blank.html").write_bytes(b"<!doctype html><html><body>\n</body></html>\n")
    result = clean_dumps()
    assert result.exit_code == ExitCode.OK, result.stderr
    assert Path("out/blank.txt").read_bytes() == b""
    assert records()["dumps/blank.html"]["error"] is None


def test_stray_nul_in_a_dump_is_kept_and_restored(dumps: Path) -> None:
    data = GOOD_TEXT.encode().replace(b"the mayor", b"the\x00mayor")
    (dumps / "nul.txt").write_bytes(data)
    result = clean_dumps()
    assert result.exit_code == ExitCode.OK, result.stderr
    assert "\x00" in Path("out/nul.txt").read_text(encoding="utf-8")
    restored = invoke("restore", "out/nul.txt", str(REPORT), "-o", "back.txt")
    assert restored.exit_code == 0, restored.stderr
    assert Path("back.txt").read_bytes() == data


@pytest.mark.parametrize(
    "codec", ["utf-16-be", "utf-32-be", "utf-16-le", "utf-32-le", "cp932"]
)
def test_in_place_clean_then_restore_gives_the_same_bytes_in_any_byte_order(in_tmp: Path, codec: str) -> None:
    text = GOOD_TEXT if codec != "cp932" else JAPANESE * 3 + "Advertisement\n"
    data = text.encode(codec) if codec == "cp932" else codecs.lookup(codec).encode("\ufeff" + text)[0]
    Path("page.txt").write_bytes(data)
    result = invoke("clean", "--in-place", "page.txt")
    assert result.exit_code == ExitCode.OK, result.stderr
    cleaned = Path("page.txt").read_bytes()
    assert cleaned != data and "Advertisement" not in cleaned.decode(codec)
    # The clean file keeps the byte order and its mark.
    assert cleaned[:4] == data[:4] if codec != "cp932" else cleaned.decode("cp932").startswith(JAPANESE)
    restored = invoke("restore", "page.txt", "cleaner-report.jsonl", "-o", "back.txt")
    assert restored.exit_code == 0, restored.stderr
    assert Path("back.txt").read_bytes() == data


def test_cp932_with_an_nec_duplicate_fails_alone_with_one_line(dumps: Path) -> None:
    data = JAPANESE.encode("cp932") * 3 + b"\x87\x90" + JAPANESE.encode("cp932")
    (dumps / "nec.txt").write_bytes(data)
    result = clean_dumps()
    offset = len(JAPANESE.encode("cp932")) * 3
    assert_failed_alone(result, {"dumps/nec.txt": f"cp932 bytes at byte {offset} (87 90) do not survive decoding: they would write back as 81 e0"})


def test_single_50mb_line_fails_alone_over_the_line_limit(dumps: Path) -> None:
    size = 50 * 1024 * 1024
    (dumps / "blob.txt").write_bytes(b"a" * size)
    result = clean_dumps()
    assert_failed_alone(result, {"dumps/blob.txt": ("line 1 has 52,428,800 characters, over the limit", "--max-line-chars")})
    assert records()["dumps/blob.txt"]["bytes_in"] == size


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_fails_alone_with_permission_denied(dumps: Path) -> None:
    locked = dumps / "locked.txt"
    locked.write_text(GOOD_TEXT, encoding="utf-8")
    locked.chmod(0)
    try:
        result = clean_dumps()
    finally:
        locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert_failed_alone(result, {"dumps/locked.txt": ("cannot read", "permission denied")})


def test_read_refused_by_the_os_fails_alone_with_permission_denied(dumps: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: only this one file's read raises, as chmod 000 would for a user.
    locked = dumps / "locked.txt"
    locked.write_text(GOOD_TEXT, encoding="utf-8")
    real_read_bytes = pathlib.Path.read_bytes
    target = locked.resolve()

    def read_bytes(self: pathlib.Path) -> bytes:
        if self.resolve() == target:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_read_bytes(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    result = clean_dumps()
    assert_failed_alone(result, {"dumps/locked.txt": ("cannot read", "permission denied")})
    assert not Path("out/locked.txt").exists()


def test_broken_symlink_fails_alone(dumps: Path) -> None:
    (dumps / "gone.txt").symlink_to("deleted.txt")
    result = clean_dumps()
    assert_failed_alone(result, {"dumps/gone.txt": ("broken symlink", "deleted.txt")})


def test_file_symlink_loop_fails_alone(dumps: Path) -> None:
    (dumps / "a.txt").symlink_to("b.txt")
    (dumps / "b.txt").symlink_to("a.txt")
    result = clean_dumps()
    assert_failed_alone(result, {"dumps/a.txt": "symlink loop", "dumps/b.txt": "symlink loop"})


def test_folder_symlink_to_its_parent_fails_alone_as_a_loop(dumps: Path) -> None:
    (dumps / "back").symlink_to(dumps.resolve(), target_is_directory=True)
    result = clean_dumps()
    assert_failed_alone(result, {"dumps/back": ("symlink loop", "leads back to")})


def test_nonexistent_path_argument_fails_alone(dumps: Path) -> None:
    result = invoke("clean", "dumps", "missing.txt", "-o", "out")
    assert_failed_alone(result, {"missing.txt": "no such file"})


# --- good runs -------------------------------------------------------------------------------


def test_all_good_inputs_exit_zero_with_no_errors(dumps: Path) -> None:
    (dumps / "sub").mkdir()
    (dumps / "sub" / "more.txt").write_text(GOOD_TEXT, encoding="utf-8")
    result = clean_dumps()
    assert_no_crash(result)
    assert result.exit_code == ExitCode.OK == 0, result.stderr
    assert error_lines(result) == []
    assert Path("out/good.txt").read_text(encoding="utf-8") == GOOD_CLEAN
    assert Path("out/sub/more.txt").read_text(encoding="utf-8") == GOOD_CLEAN
    assert all(record["error"] is None for record in records().values())
    assert set(records()) == {GOOD, "dumps/sub/more.txt"}


def test_paths_with_spaces_and_non_ascii_names_are_cleaned_and_mirrored(in_tmp: Path) -> None:
    folder = Path("my dumps")
    (folder / "раздел два").mkdir(parents=True)
    (folder / "новости дня.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "раздел два" / "ещё один файл.txt").write_text(GOOD_TEXT, encoding="utf-8")
    result = invoke("clean", "my dumps", "-o", "clean out")
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert error_lines(result) == []
    assert Path("clean out/новости дня.txt").read_text(encoding="utf-8") == GOOD_CLEAN
    assert Path("clean out/раздел два/ещё один файл.txt").read_text(encoding="utf-8") == GOOD_CLEAN
    report = records(Path("clean out/cleaner-report.jsonl"))
    assert report["my dumps/новости дня.txt"]["output"] == "clean out/новости дня.txt"
    assert report["my dumps/раздел два/ещё один файл.txt"]["error"] is None


def test_inputs_are_byte_identical_after_the_run(dumps: Path) -> None:
    (dumps / "image.txt").write_bytes(b"GIF89a\x00\x01")
    (dumps / "empty.txt").write_bytes(b"")
    (dumps / "sub").mkdir()
    (dumps / "sub" / "crlf.txt").write_bytes(GOOD_TEXT.replace("\n", "\r\n").encode("utf-8"))
    (dumps / "sub" / "latin1.txt").write_bytes("Le maire a promis une solution avant l'été.\nAdvertisement\n".encode("latin-1"))

    def snapshot() -> dict[str, tuple[bytes, int]]:
        return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(dumps.rglob("*")) if p.is_file()}

    before = snapshot()
    result = clean_dumps()
    assert_no_crash(result)
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert snapshot() == before
    assert sorted(str(p) for p in dumps.rglob("*")) == sorted([*before, "dumps/sub"])
    assert Path("out/sub/crlf.txt").exists() and Path("out/sub/latin1.txt").exists()


def test_in_place_rewrites_the_file_and_leaves_no_temp_files(dumps: Path) -> None:
    good = dumps / "good.txt"
    good.chmod(0o640)
    result = invoke("clean", "--in-place", "dumps")
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert good.read_text(encoding="utf-8") == GOOD_CLEAN
    assert stat.S_IMODE(good.stat().st_mode) == 0o640
    assert sorted(os.listdir(dumps)) == ["good.txt"]
    # In place, the report goes to the current folder.
    assert records(Path("cleaner-report.jsonl"))[GOOD]["output"] == GOOD


def test_stdin_dash_prints_the_clean_text_on_stdout(in_tmp: Path) -> None:
    result = invoke("clean", "-", input=GOOD_TEXT)
    assert_no_crash(result)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == GOOD_CLEAN
    assert error_lines(result) == []
    assert os.listdir(in_tmp) == []  # no report for standard input alone


# --- usage errors: exit 2, nothing processed ---------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["clean", "dumps"], "give -o/--output OUT", id="no-output-and-no-in-place"),
        pytest.param(["clean", "dumps", "-o", "dumps/out"], "overlaps input folder", id="output-inside-input"),
        pytest.param(["clean", "dumps", "-o", "out", "--in-place"], "exclude each other", id="output-with-in-place"),
        pytest.param(["clean", "dumps", "-o", "out", "--no-such-option"], "No such option", id="unknown-option"),
    ],
)
def test_usage_errors_exit_2_and_process_nothing(dumps: Path, in_tmp: Path, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert_no_crash(result)
    assert result.exit_code == ExitCode.USAGE == 2, result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert sorted(os.listdir(in_tmp)) == ["dumps"]
    assert sorted(os.listdir(dumps)) == ["good.txt"]
    assert (dumps / "good.txt").read_text(encoding="utf-8") == GOOD_TEXT


def test_control_characters_in_a_file_name_keep_the_error_on_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad\nname.txt"
    bad.write_bytes(b"\x00\x01")
    result = invoke("clean", str(bad), "-o", str(tmp_path / "out"))
    assert result.exit_code == ExitCode.INPUT_FAILED
    assert result.stderr.splitlines()[0] == f"cleaner: {tmp_path}/bad\\nname.txt: binary file (NUL byte at offset 0)"
