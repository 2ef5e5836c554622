from __future__ import annotations

import codecs
import sys

import pytest

from cleaner.readers.files import InputError
from cleaner.readers.text import Decoded, decode


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
        (b"GIF89a\x00\x01\x00\x01\x80\x00\x00", "binary file (NUL byte at offset 6)"),
        (b"\x1b[0m\x01\x02\x03\x04 text", "binary file (control byte 0x01 at offset 4)"),
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


JAPANESE = "東京都は月曜日、新しい防災計画を発表した。計画では、地震や台風に備えて避難所を増やす。\n"


def test_empty_file_is_an_empty_utf8_text() -> None:
    assert decode(b"") == Decoded("", "utf-8")


def test_one_stray_nul_stays_in_the_text() -> None:
    data = b"The council met on Tuesday. " * 4 + b"Nothing was decided" + b"\x00" + b" about the bridge.\n" * 40
    assert data.index(b"\x00") == 131
    decoded = decode(data)
    assert (decoded.text, decoded.encoding) == (data.decode(), "utf-8")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["The bridge is closed.\nTraffic goes round.\n", "Мост закрыт на ремонт до весны.\n"])
def test_utf16_without_byte_order_mark_is_decoded_not_binary(codec: str, text: str) -> None:
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)


@pytest.mark.parametrize(
    ("codec", "name"),
    [("utf-16-be", "utf-16-be-sig"), ("utf-16-le", "utf-16-le-sig"), ("utf-32-be", "utf-32-be-sig"), ("utf-32-le", "utf-32-le-sig")],
)
def test_byte_order_mark_is_recorded_with_its_byte_order(codec: str, name: str) -> None:
    text = "Мост закрыт.\n"
    decoded = decode(codecs.lookup(codec).encode("\ufeff")[0] + text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, name)


@pytest.mark.parametrize(
    "data",
    [b"Caf\xe9 cr\xe8me br\xfbl\xe9e", "Die Bürger äußerten große Sorgen.\n".encode("cp1252"), "Ærø og Åbenrå er små byer.".encode("cp1252")],
)
def test_short_western_text_is_windows_1252_when_detection_is_a_close_call(data: bytes) -> None:
    decoded = decode(data)
    assert (decoded.text, decoded.encoding) == (data.decode("cp1252"), "cp1252")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Москва — столица России, крупнейший по численности населения город страны.\n", "cp1251"),
        ("Zażółć gęślą jaźń, powiedział w środę burmistrz.\n", "cp1250"),
        (JAPANESE * 3, "cp932"),
    ],
)
def test_other_legacy_code_pages_are_still_detected(text: str, codec: str) -> None:
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding) == (text, codec)


def test_cp932_nec_duplicate_is_refused_naming_its_offset() -> None:
    data = JAPANESE.encode("cp932") * 3 + b"\x87\x90" + JAPANESE.encode("cp932")
    with pytest.raises(InputError) as error:
        decode(data)
    offset = len(JAPANESE.encode("cp932")) * 3
    assert str(error.value) == (
        f"cp932 bytes at byte {offset} (87 90) do not survive decoding: they would write back as 81 e0, "
        "so the report could not restore this file; give --encoding"
    )


def test_forced_encoding_that_would_not_write_back_the_same_bytes_is_refused() -> None:
    # Python's "utf-16" writes the machine's byte order, so big-endian text would come back little-endian.
    foreign = "utf-16-be" if sys.byteorder == "little" else "utf-16-le"
    data = codecs.lookup(foreign).encode("\ufeffBridge closed.\n")[0]
    with pytest.raises(InputError, match="^utf-16 bytes at byte 0 .* do not survive decoding"):
        decode(data, encoding="utf-16")
