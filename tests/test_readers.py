from __future__ import annotations

import codecs

import pytest

from cleaner.readers import InputError, decode


def test_utf8_with_byte_order_mark_is_decoded_without_it() -> None:
    decoded = decode(codecs.BOM_UTF8 + "Привет\n".encode())
    assert (decoded.text, decoded.encoding) == ("Привет\n", "utf-8-sig")


def test_utf16_with_byte_order_mark_is_not_mistaken_for_binary() -> None:
    assert decode("Hallo Welt\n".encode("utf-16")).text == "Hallo Welt\n"


def test_legacy_code_page_is_detected() -> None:
    text = "Die Bürger äußerten große Sorgen über die Brücke.\n" * 3
    decoded = decode(text.encode("cp1252"))
    assert decoded.text == text


def test_forced_encoding_wins_and_fails_clearly() -> None:
    assert decode(b"caf\xe9", encoding="latin-1").text == "café"
    with pytest.raises(InputError, match="cannot decode as utf-8"):
        decode(b"caf\xe9", encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"text\x00more", "binary file (NUL byte at offset 4)"),
        ("Привет мир\n".encode() + b"\xff\n", "invalid UTF-8 at byte 20"),
    ],
)
def test_bad_bytes_are_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as error:
        decode(data)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_overlong_line_is_refused_with_its_line_number() -> None:
    with pytest.raises(InputError, match="line 2 has 11 characters, over the limit of 10"):
        decode(b"short\n" + b"x" * 11 + b"\n", max_line_chars=10)


def test_utf16_text_that_starts_with_nul_is_not_taken_for_utf32() -> None:
    data = "\x00Bridge closed.\n".encode("utf-16")
    assert data.startswith(b"\xff\xfe\x00\x00")
    assert decode(data).text == "\x00Bridge closed.\n"
