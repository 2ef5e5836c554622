"""The one reading boundary: every input goes through `read_document`, and the registry of
input kinds decides how it is read."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

import cleaner.readers
from cleaner.readers import READERS, Input, Reading, read_document
from cleaner.readers.files import InputError


def test_html_is_read_as_a_page_by_its_content() -> None:
    read = read_document(b"<!doctype html><html><body><p>Hello there.</p><nav>Home</nav></body></html>")
    assert read.kind == "html"
    assert read.page is not None and read.page_text == "Hello there.\nHome\n"
    assert read.markup.startswith("<!doctype html>")


def test_anything_else_is_read_as_a_text_dump() -> None:
    read = read_document("Überschrift\nHome | News\n".encode("utf-16"))
    assert (read.kind, read.encoding, read.text, read.page) == ("text", "utf-16-le-sig", "Überschrift\nHome | News\n", None)


def test_the_reading_settings_reach_the_reader() -> None:
    with pytest.raises(InputError, match="line 2 has 12 characters, over the limit of 10"):
        read_document(b"short\ntwelve chars\n", Reading(max_line_chars=10))
    assert read_document(b"caf\xe9\n", Reading(encoding="latin-1")).text == "café\n"


def test_a_binary_file_is_refused_with_its_cause() -> None:
    with pytest.raises(InputError, match="binary"):
        read_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


def test_the_text_dump_reader_comes_last_and_takes_everything() -> None:
    assert [reader.kind for reader in READERS] == ["html", "text"]
    assert READERS[-1].recognises(b"\x00anything")


@dataclass(frozen=True)
class _Shouting:
    """A made-up input kind: files that open with "LOUD:", read in lower case."""

    kind: str = "loud"

    def recognises(self, data: bytes) -> bool:
        return data.startswith(b"LOUD:")

    def read(self, data: bytes, reading: Reading) -> Input:
        return Input(self.kind, "ascii", text=data.decode("ascii").removeprefix("LOUD:").lower())


def test_a_new_input_kind_is_one_reader_and_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cleaner.readers, "READERS", (_Shouting(), *READERS))
    assert read_document(b"LOUD:HELLO\n").text == "hello\n"
    assert read_document(b"quiet\n").kind == "text"


def test_a_page_s_markup_is_decoded_only_when_read() -> None:
    from dataclasses import replace

    from cleaner.readers.html import with_markup
    from cleaner.readers.sniff import DecodedHtml

    utf8 = "<html><body><p>Привет</p></body></html>".encode()
    held = read_document(utf8).__dict__["_markup"]
    assert isinstance(held, DecodedHtml) and held.utf8 is not None and "text" not in held.__dict__
    for data in (utf8, '<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251")):
        read = read_document(data)
        assert read.markup == data.decode("utf-8" if data is utf8 else "cp1251")
        kept = replace(read, markup="")  # as the learn pass keeps a page for the clean pass
        assert kept.markup == "" and kept.page_text == "Привет\n"
        assert with_markup(kept, data, None).markup == read.markup
