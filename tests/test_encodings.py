from __future__ import annotations

import codecs
import hashlib
import random
import sys

import pytest
from charset_normalizer import from_bytes

from cleaner.engine.pipeline import clean_text
from cleaner.readers.encodings import binary_cause, choose_detected, decode_text, encode_text, first_change, utf16_without_mark
from cleaner.report.model import FileReport, rebuild_original

TEXT = "Мост закрыт на ремонт.\nThe bridge is closed.\n"


@pytest.mark.parametrize("name", ["utf-8", "utf-8-sig", "utf-16-le-sig", "utf-16-be-sig", "utf-32-le-sig", "utf-32-be-sig", "utf-16-le", "cp1251"])
def test_recorded_names_encode_and_decode_back_to_the_same_text(name: str) -> None:
    assert decode_text(encode_text(TEXT, name), name) == TEXT


def test_signed_names_keep_their_byte_order_and_mark() -> None:
    assert encode_text("A", "utf-16-be-sig") == codecs.BOM_UTF16_BE + b"\x00A"
    assert encode_text("A", "utf-32-be-sig") == codecs.BOM_UTF32_BE + b"\x00\x00\x00A"


def test_an_old_report_that_says_utf16_still_restores() -> None:
    original = "The bridge is closed.\nAdvertisement\n".encode("utf-16")
    result = clean_text(original.decode("utf-16"))
    clean = result.text.encode("utf-16")
    record = FileReport(
        input="old.txt",
        output="old.txt",
        sha256=hashlib.sha256(original).hexdigest(),
        encoding="utf-16",
        output_sha256=hashlib.sha256(clean).hexdigest(),
        output_encoding="utf-16",
        removals=result.removals,
    )
    assert rebuild_original(clean, [record])[0] == original


@pytest.mark.parametrize(
    "data",
    [
        b"a" * 139 + b"\x00" + b"b" * 10,
        b"x\x00",
        b"Page one.\x0cPage two.\n\x1b[1mbold\x1b[0m\r\n\ttabbed\n",
        "Мост закрыт.\n".encode("cp1251"),
    ],
)
def test_text_with_at_most_a_stray_control_byte_is_not_binary(data: bytes) -> None:
    assert binary_cause(data) is None


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (random.Random(1).randbytes(100_000), "binary file (NUL byte at offset "),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at offset 8)"),
        (b"x" * 9000 + b"\x01\x02" * 500, "binary file (control byte 0x01 at offset 9000)"),
    ],
)
def test_many_control_bytes_at_the_start_or_overall_are_binary(data: bytes, cause: str) -> None:
    assert (binary_cause(data) or "").startswith(cause)


def test_binary_that_looks_like_utf16_at_first_is_not_taken_for_it() -> None:
    data = "Header text\n".encode("utf-16-le") + bytes(range(32)) * 100
    assert utf16_without_mark(data) is None
    assert binary_cause(data) is not None


def test_odd_length_or_few_nuls_is_not_utf16() -> None:
    assert utf16_without_mark("Bridge\n".encode("utf-16-le") + b"x") is None
    assert utf16_without_mark(b"GIF89a\x00\x01") is None


def test_close_call_goes_to_windows_1252_and_a_clear_one_does_not() -> None:
    western = b"Caf\xe9 cr\xe8me br\xfbl\xe9e"
    assert choose_detected(from_bytes(western), western) == "cp1252"
    russian = "Москва — столица России, крупнейший город страны.\n".encode("cp1251")
    assert choose_detected(from_bytes(russian), russian) == "cp1251"


def test_first_change_names_the_bytes_that_would_come_back_different() -> None:
    data = "東京".encode("cp932") + b"\x87\x90" + "です".encode("cp932")
    change = first_change(data, data.decode("cp932"), "cp932")
    assert change is not None
    assert (change.offset, change.original, change.written) == (4, b"\x87\x90", b"\x81\xe0")
    assert first_change("東京です".encode("cp932"), "東京です", "cp932") is None


def test_first_change_of_a_byte_order_mark_in_the_other_order_is_the_mark() -> None:
    foreign = "utf-16-be" if sys.byteorder == "little" else "utf-16-le"
    data = codecs.lookup(foreign).encode("\ufeffx")[0]
    change = first_change(data, "x", "utf-16")
    assert change is not None and (change.offset, change.original) == (0, data[:2])
