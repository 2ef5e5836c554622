"""JSON Lines records: reading line by line with errors as values, writing atomically, safe ids."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner.readers.files import InputError
from cleaner.readers.records import Fields, JsonlWriter, Record, is_jsonl, read_records, with_text

FIELDS = Fields()


def _record(number: int = 1, **data: object) -> Record:
    return Record(number, data)


def _write_lines(path: Path, *lines: bytes) -> Path:
    data = b"".join(line + b"\n" for line in lines)
    path.write_bytes(gzip.compress(data) if path.name.lower().endswith(".gz") else data)
    return path


def _read_all(path: Path, fields: Fields = FIELDS, **options: int) -> tuple[list[Record], InputError | None]:
    """Every record yielded, and the error that ended the file early, if any."""
    records: list[Record] = []
    try:
        for record in read_records(path, fields, **options):
            records.append(record)
    except InputError as error:
        return records, error
    return records, None


@pytest.mark.parametrize(
    "name", ["a.jsonl", "a.jsonl.gz", "a.json.gz", "a.ndjson", "a.ndjson.gz", "A.JSONL", "Scrape.NDJSON.GZ"]
)
def test_json_lines_names_are_recognised_whatever_their_case(name: str) -> None:
    assert is_jsonl(Path("folder") / name)


@pytest.mark.parametrize("name", ["a.json", "a.txt", "a.gz", "a.txt.gz", "jsonl", "a.jsonl.bak"])
def test_other_names_are_not_json_lines(name: str) -> None:
    assert not is_jsonl(Path(name))


def test_records_come_in_order_with_physical_line_numbers_counting_blank_lines(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "a.jsonl", b'{"text": "one"}', b"", b"   ", b'{"html": "<p>two</p>"}')
    records, error = _read_all(path)
    assert error is None
    assert [(r.number, r.data, r.error) for r in records] == [
        (1, {"text": "one"}, None),
        (4, {"html": "<p>two</p>"}, None),
    ]


@pytest.mark.parametrize("name", ["a.jsonl", "a.jsonl.gz"])
def test_long_runs_of_blank_lines_keep_the_line_numbers_right(tmp_path: Path, name: str) -> None:
    blank = [b""] * 100_000 + [b" \t\r"] * 3 + [b""] * 70_000
    path = _write_lines(tmp_path / name, b'{"text": "one"}', *blank, b'{"text": "two"}', b"", b"", b"{bad", *blank)
    records, error = _read_all(path)
    assert error is None
    assert [(r.number, r.error) for r in records] == [(1, None), (170_005, None), (170_008, "line 170008: not valid JSON (Expecting property name enclosed in double quotes at column 2)")]


def test_one_stray_nul_fails_its_line_not_the_file(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "a.jsonl", b'{"text": "one"}', b'{"text": "t\x00wo"}', b'{"text": "three"}')
    records, error = _read_all(path)
    assert error is None
    assert [(r.number, r.error is None) for r in records] == [(1, True), (2, False), (3, True)]


def test_windows_line_endings_and_a_leading_byte_order_mark_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "one"}\r\n{"text": "two"}')
    records, _ = _read_all(path)
    assert [r.text(FIELDS) for r in records] == ["one", "two"]


def test_malformed_line_is_reported_by_number_and_reading_goes_on(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "a.jsonl", b'{"text": "one"}', b'{"text": "tw', b'{"text": "three"}')
    records, error = _read_all(path)
    assert error is None
    assert [r.number for r in records] == [1, 2, 3]
    assert records[1].data is None
    assert records[1].error is not None
    assert records[1].error.startswith("line 2: not valid JSON (")
    assert records[2].text(FIELDS) == "three"


@pytest.mark.parametrize(
    ("line", "error"),
    [
        (b'{"text": "caf\xe9"}', "line 1: not valid UTF-8"),
        (b"[1, 2]", "line 1: not a JSON object"),
        (b'"just a string"', "line 1: not a JSON object"),
        (b'{"title": "no body"}', 'line 1: no string "text" or "html" field'),
        (b'{"text": 3, "html": null}', 'line 1: no string "text" or "html" field'),
        (b'{"n": ' + b"1" * 5000 + b"}", "line 1: not valid JSON (number too long)"),
        (b"[" * 100_000, "line 1: not valid JSON (nested too deeply)"),
    ],
)
def test_each_kind_of_bad_line_is_a_one_line_error(tmp_path: Path, line: bytes, error: str) -> None:
    records, failure = _read_all(_write_lines(tmp_path / "a.jsonl", line))
    assert failure is None
    assert [(r.number, r.data, r.error) for r in records] == [(1, None, error)]


def test_missing_field_error_names_the_configured_fields(tmp_path: Path) -> None:
    path = _write_lines(tmp_path / "a.jsonl", b'{"text": "x"}', b'{"content": "y"}')
    records, _ = _read_all(path, Fields(text="content", html="raw_html"))
    assert records[0].error == 'line 1: no string "content" or "raw_html" field'
    assert records[1].text(Fields(text="content")) == "y"


def test_overlong_line_is_skipped_without_losing_the_lines_after_it(tmp_path: Path) -> None:
    long_line = b'{"text": "' + b"x" * 5_000_000 + b'"}'
    path = _write_lines(tmp_path / "a.jsonl", b'{"text": "one"}', long_line, b'{"text": "three"}')
    records, error = _read_all(path, max_line_bytes=1000)
    assert error is None
    assert [(r.number, r.error) for r in records] == [(1, None), (2, "line 2: longer than 1,000 bytes"), (3, None)]
    assert records[2].text(FIELDS) == "three"


def test_line_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    line = b'{"text": "' + b"x" * 88 + b'"}'
    assert len(line) == 100
    path = _write_lines(tmp_path / "a.jsonl", line, line + b"\r", line + b"y")
    records, _ = _read_all(path, max_line_bytes=100)
    assert [r.error for r in records] == [None, None, "line 3: longer than 100 bytes"]


def test_overlong_last_line_without_newline_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "one"}\n' + b"x" * 500)
    records, _ = _read_all(path, max_line_bytes=100)
    assert [r.error for r in records] == [None, "line 2: longer than 100 bytes"]


@pytest.mark.parametrize("name", ["a.jsonl.gz", "a.json.gz", "a.NDJSON.GZ"])
def test_gzip_input_is_read_like_plain_input(tmp_path: Path, name: str) -> None:
    path = _write_lines(tmp_path / name, b'{"text": "one"}', b"oops", b'{"text": "tr\xc3\xa8s"}')
    records, error = _read_all(path)
    assert error is None
    assert [(r.number, r.text(FIELDS), r.error) for r in records] == [
        (1, "one", None),
        (2, None, "line 2: not valid JSON (Expecting value at column 1)"),
        (3, "très", None),
    ]


def test_truncated_gzip_yields_the_records_before_the_damage_then_fails(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    lines = [json.dumps({"id": n, "text": os.urandom(64).hex()}).encode() for n in range(2000)]
    data = gzip.compress(b"\n".join(lines) + b"\n")
    path.write_bytes(data[: len(data) // 2])
    records, error = _read_all(path)
    assert str(error) == "gzip data ends early"
    assert 0 < len(records) < 2000
    assert all(r.error is None for r in records)
    assert [r.id(FIELDS) for r in records] == [str(n) for n in range(len(records))]


def test_plain_file_named_gz_is_not_a_valid_gzip_file(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(b'{"text": "one"}\n')
    records, error = _read_all(path)
    assert records == []
    assert str(error) == "not a valid gzip file"


def test_garbage_after_the_gzip_stream_fails_after_the_good_records(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "one"}\n') + b"garbage")
    records, error = _read_all(path)
    assert [r.text(FIELDS) for r in records] == ["one"]
    assert str(error) == "data that is not gzip after line 1"


@pytest.mark.parametrize("make", [lambda path: None, Path.mkdir], ids=["missing", "folder"])
def test_file_that_cannot_be_opened_is_an_input_error(tmp_path: Path, make: Callable[[Path], object]) -> None:
    path = tmp_path / "a.jsonl"
    make(path)
    with pytest.raises(InputError, match="^cannot read: "):
        list(read_records(path, FIELDS))


def test_reading_is_lazy_so_nothing_is_read_until_asked(tmp_path: Path) -> None:
    records = read_records(tmp_path / "missing.jsonl", FIELDS)
    with pytest.raises(InputError):
        next(records)


def test_string_fields_are_returned_and_other_types_are_not() -> None:
    record = _record(text="body", html=["<p>"], url=None)
    assert (record.text(FIELDS), record.html(FIELDS), record.url(FIELDS)) == ("body", None, None)
    failed = Record(3, None, "line 3: not a JSON object")
    assert (failed.text(FIELDS), failed.html(FIELDS), failed.url(FIELDS)) == (None, None, None)


@pytest.mark.parametrize(
    ("value", "expected"), [("abc", "abc"), (42, "42"), (True, "7"), (4.5, "7"), (None, "7"), ("", "7")]
)
def test_id_is_a_string_or_an_integer_else_the_line_number(value: object, expected: str) -> None:
    assert _record(7, text="x", id=value).id(FIELDS) == expected
    assert Record(7, None, "line 7: not valid UTF-8").id(FIELDS) == "7"


def test_custom_field_names_are_used() -> None:
    fields = Fields(text="body", html="raw", url="link", id="key")
    record = _record(body="b", raw="<p>", link="https://example.org/", key="k1", text="t", id="i")
    assert (record.text(fields), record.html(fields), record.site(fields), record.id(fields)) == (
        "b",
        "<p>",
        "example.org",
        "k1",
    )


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.Example.COM/path?q=1", "example.com"),
        ("http://example.com:8080/", "example.com"),
        ("https://user:secret@News.example.co.uk/a", "news.example.co.uk"),
        ("https://www2.example.com/", "www2.example.com"),
        ("//cdn.example.net/x.js", "cdn.example.net"),
        ("  https://example.com./  ", "example.com"),
        ("http://[2001:db8::1]:80/", "2001:db8::1"),
        ("https://www/", "www"),
        ("example.com/no-scheme", None),
        ("/relative/path", None),
        ("mailto:someone@example.com", None),
        ("http://[::1/", None),
        ("https://www./", "www"),
        ("https://./", None),
        ("", None),
    ],
)
def test_site_is_the_bare_lower_cased_host(url: str, site: str | None) -> None:
    assert _record(text="x", url=url).site(FIELDS) == site


def test_site_is_none_without_a_string_url() -> None:
    assert _record(text="x").site(FIELDS) is None
    assert _record(text="x", url=17).site(FIELDS) is None


def test_label_names_file_line_and_id() -> None:
    assert _record(17, text="x", id="abc").label("scrape.jsonl", FIELDS) == "scrape.jsonl:17 (id abc)"
    assert _record(17, text="x").label("scrape.jsonl", FIELDS) == "scrape.jsonl:17"


@pytest.mark.parametrize("identifier", ["a\nb", "a\rb", "a\x00b", "a\x1bb", "a\u2028b", "a\x85b", "a\ud800b", "x" * 5000])
def test_label_stays_on_one_printable_line_whatever_the_id(identifier: str) -> None:
    label = _record(2, text="x", id=identifier).label("a.jsonl", FIELDS)
    assert label.startswith(("a.jsonl:2 (id a", "a.jsonl:2 (id x"))
    assert label.isprintable()
    assert len(label.splitlines()) == 1
    assert len(label) < 200


def test_with_text_replaces_the_text_in_place_and_leaves_the_rest_alone() -> None:
    data = {"id": 1, "text": "old", "meta": {"lang": "de"}}
    updated = with_text(data, FIELDS, "new")
    assert list(updated.items()) == [("id", 1), ("text", "new"), ("meta", {"lang": "de"})]
    assert data["text"] == "old"


def test_with_text_adds_the_text_at_the_end_of_an_html_only_record() -> None:
    updated = with_text({"html": "<p>hi</p>", "url": "u"}, Fields(text="clean"), "hi")
    assert list(updated) == ["html", "url", "clean"]
    assert updated["clean"] == "hi"


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_writer_round_trip_keeps_field_order_and_non_ascii_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / "new" / "folder" / name
    objects = [
        {"url": "https://example.jp/", "text": "日本語のテキスト", "id": "a"},
        {"id": 2, "html": "<p>Grüße</p>", "text": "Grüße — «ok» 😀\u2028next", "extra": [1, None, True]},
        {"id": "surrogate", "text": "lone \ud800 half"},
    ]
    with JsonlWriter(path) as writer:
        for obj in objects:
            writer.write(obj)
    records, error = _read_all(path)
    assert error is None
    assert [r.data for r in records] == objects
    assert [list(r.data or ()) for r in records] == [list(o) for o in objects]
    raw = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
    assert "日本語".encode() in raw
    assert raw.count(b"\n") == 3
    assert list(path.parent.iterdir()) == [path]


def test_gzip_output_is_the_same_bytes_from_run_to_run(tmp_path: Path) -> None:
    outputs = []
    for name in ("a.jsonl.gz", "b.jsonl.gz"):
        with JsonlWriter(tmp_path / name) as writer:
            writer.write({"text": "same"})
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]


def test_writer_leaves_the_old_file_untouched_and_no_temporary_on_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"text": "old"}\n')
    with pytest.raises(RuntimeError, match="boom"), JsonlWriter(path) as writer:
        writer.write({"text": "new"})
        raise RuntimeError("boom")
    assert path.read_bytes() == b'{"text": "old"}\n'
    assert list(tmp_path.iterdir()) == [path]


def test_writer_replaces_the_old_file_on_success_and_can_set_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"text": "old"}\n')
    with JsonlWriter(path, mode=0o644) as writer:
        writer.write({"text": "new"})
    assert path.read_bytes() == b'{"text": "new"}\n'
    assert path.stat().st_mode & 0o777 == 0o644


def test_writer_with_no_records_leaves_an_empty_file(tmp_path: Path) -> None:
    with JsonlWriter(tmp_path / "out.jsonl"):
        pass
    assert (tmp_path / "out.jsonl").read_bytes() == b""