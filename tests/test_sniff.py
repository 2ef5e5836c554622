from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.readers import sniff
from cleaner.readers.files import InputError
from cleaner.readers.sniff import decode_html, looks_like_html, split_http_header

RUSSIAN = (
    "<p>Москва — столица России, крупнейший по численности населения город страны "
    "и её политический, экономический и культурный центр.</p>\n"
)
HEADER = b"HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n"


def _page(body: str = "<p>café</p>", head: str = "") -> str:
    return f"<!DOCTYPE html>\n<html><head>{head}<title>t</title></head><body>{body}</body></html>\n"


# --- split_http_header


def test_status_line_and_fields_are_split_from_the_body() -> None:
    headers, body = split_http_header(HEADER + b"<html></html>")
    assert headers == {"server": "nginx", "content-type": "text/html; charset=windows-1251"}
    assert body == b"<html></html>"


def test_header_ended_by_a_bare_lf_blank_line_is_split() -> None:
    assert split_http_header(b"HTTP/2 200\ncontent-type: text/html\n\n<p>") == ({"content-type": "text/html"}, b"<p>")


def test_header_without_status_line_needs_content_type() -> None:
    assert split_http_header(b"Content-Type: text/html\r\n\r\n<p>") == ({"content-type": "text/html"}, b"<p>")


def test_text_dump_whose_first_line_looks_like_a_field_is_left_alone() -> None:
    data = b"Note: x\nSee: the paragraph below\n\nThe bridge is closed.\n"
    assert split_http_header(data) == ({}, data)


def test_header_must_start_at_the_first_byte() -> None:
    data = b"\nHTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>"
    assert split_http_header(data) == ({}, data)


def test_after_redirects_the_last_header_block_describes_the_body() -> None:
    data = b"HTTP/1.1 301 Moved Permanently\r\nLocation: /new\r\n\r\n" + HEADER + b"<html>"
    headers, body = split_http_header(data)
    assert headers["content-type"] == "text/html; charset=windows-1251"
    assert ("location" not in headers, body) == (True, b"<html>")


def test_header_block_longer_than_the_limit_is_not_a_header() -> None:
    data = b"HTTP/1.1 200 OK\r\n" + b"X-Padding: y\r\n" * 2000 + b"\r\n<html>"
    assert split_http_header(data) == ({}, data)


# --- looks_like_html


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html>\n<html>",
        b"<!doctype HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\">",
        b"<html lang=en>",
        b"  \r\n\t<HTML>",
        b"<div class=x>text</div>",
        b"<!-- saved from url=(0022)http://example.com -->",
        b"<p>A paragraph.",
        b"<br/>",
        codecs.BOM_UTF8 + b"<html>",
        "<!DOCTYPE html><html>".encode("utf-16"),
        codecs.BOM_UTF16_BE + "<html>".encode("utf-16-be"),
        HEADER + b"\n<html>",
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">\n<html xmlns="x">',
    ],
)
def test_page_that_opens_with_an_html_signature_is_html(data: bytes) -> None:
    assert looks_like_html(data)


@pytest.mark.parametrize(
    "data",
    [
        b"The bridge is closed.\n<p>Mentioned later.</p>",
        b'{"html": "<html></html>"}',
        b"<3 love this recipe\n",
        b"<abbr>HTML</abbr> is not a signature tag",
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>',
        b"Note: x\n\n<html>",
        b"",
    ],
)
def test_text_that_does_not_open_like_html_is_not_html(data: bytes) -> None:
    assert not looks_like_html(data)


# --- decode_html: which evidence wins


def test_option_wins_over_every_declaration() -> None:
    data = codecs.BOM_UTF8 + _page(RUSSIAN, '<meta charset="utf-8">').encode("utf-8")
    decoded = decode_html(data, encoding="koi8-r")
    assert (decoded.encoding, decoded.found_by) == ("koi8-r", "option")


def test_unknown_option_is_an_input_error() -> None:
    with pytest.raises(InputError, match="^unknown encoding: klingon$"):
        decode_html(b"<p>x</p>", encoding="klingon")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_byte_order_mark_wins_over_header_and_meta_and_is_dropped(bom: bytes, codec: str) -> None:
    page = _page(head='<meta charset="windows-1251">')
    decoded = decode_html(HEADER + bom + page.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.found_by) == (page, codec, "bom")


def test_header_charset_beats_meta_and_is_cut_from_the_text() -> None:
    page = _page(RUSSIAN, '<meta charset="utf-8">')
    decoded = decode_html(HEADER + page.encode("cp1251"))
    assert (decoded.text, decoded.encoding, decoded.found_by) == (page, "windows-1251", "header")
    assert decoded.headers["server"] == "nginx"


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1251">',
        "<meta charset=windows-1251>",
        "<META CHARSET = 'Windows-1251' />",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        '<meta content="text/html; charset=windows-1251" http-equiv="content-type">',
        "<meta content='text/html;charset=\"windows-1251\"' http-equiv=Content-Type>",
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; CHARSET=windows-1251">',
        '<meta property="og:title" content="x"><meta name="viewport" content="width=device-width"><meta charset="windows-1251">',
    ],
)
def test_meta_charset_is_found_in_either_syntax_and_any_attribute_order(meta: str) -> None:
    page = _page(RUSSIAN, meta)
    decoded = decode_html(page.encode("cp1251"))
    assert (decoded.text, decoded.encoding, decoded.found_by) == (page, "windows-1251", "meta")


def test_meta_declaring_utf16_means_utf8() -> None:
    decoded = decode_html(_page(head='<meta charset="utf-16">').encode())
    assert (decoded.encoding, decoded.found_by, decoded.replaced) == ("utf-8", "meta", 0)


def test_meta_inside_a_comment_is_ignored() -> None:
    decoded = decode_html(_page(head='<!-- <meta charset="koi8-r"> -->').encode())
    assert (decoded.encoding, decoded.found_by) == ("utf-8", "utf-8")


def test_meta_after_the_prescan_window_is_ignored() -> None:
    decoded = decode_html(_page("x" * 5000 + '<meta charset="koi8-r">').encode())
    assert decoded.found_by == "utf-8"


def test_undeclared_valid_utf8_is_utf8() -> None:
    decoded = decode_html(_page(RUSSIAN).encode())
    assert (decoded.encoding, decoded.found_by, decoded.headers) == ("utf-8", "utf-8", {})


def test_undeclared_windows_1251_russian_page_is_detected() -> None:
    page = _page(RUSSIAN * 5)
    decoded = decode_html(page.encode("cp1251"))
    assert (decoded.text, decoded.encoding, decoded.found_by) == (page, "windows-1251", "detected")


def test_detection_looks_past_a_long_ascii_head() -> None:
    page = _page(RUSSIAN * 5, "<script>" + "var x = 1;\n" * 10_000 + "</script>")
    assert decode_html(page.encode("cp1251")).encoding == "windows-1251"


def test_bytes_no_encoding_fits_fall_back_to_windows_1252() -> None:
    decoded = decode_html(b"<p>" + b"\xff\xfe\xfd\xfc\x01\x02" * 30)
    assert (decoded.encoding, decoded.found_by) == ("windows-1252", "fallback")
    assert decoded.text.startswith("<p>ÿþýü")


# --- labels


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("latin1", "windows-1252"),
        ("ISO-8859-1", "windows-1252"),
        ("us-ascii", "windows-1252"),
        ("x-sjis", "shift_jis"),
        ("Shift_JIS", "shift_jis"),
        ("gb2312", "gb18030"),
        ("' KOI8-R '", "koi8-r"),
        ("iso-8859-5", "iso-8859-5"),
    ],
)
def test_labels_mean_what_they_mean_to_a_browser(label: str, name: str) -> None:
    assert decode_html(HEADER.replace(b"windows-1251", label.encode()) + b"<p>x").encoding == name


def test_latin1_label_decodes_the_euro_sign_like_windows_1252() -> None:
    assert decode_html(b'<meta charset="latin1"><p>5 \x80').text.endswith("5 €")


@pytest.mark.parametrize("label", ["klingon", "base64", "utf-7"])
def test_unusable_label_in_header_is_ignored_for_the_next_step(label: str) -> None:
    page = _page(RUSSIAN, "<meta charset=windows-1251>")
    data = HEADER.replace(b"windows-1251", label.encode()) + page.encode("cp1251")
    assert (decode_html(data).text, decode_html(data).found_by) == (page, "meta")


# --- damage


def test_invalid_utf8_in_a_page_declared_utf8_is_replaced_and_counted() -> None:
    data = _page("<p>\ufffd already here</p>", '<meta charset="utf-8">').encode() + b"<p>bad \xff\xfe</p>"
    decoded = decode_html(data)
    assert (decoded.found_by, decoded.replaced, decoded.text.count("\ufffd")) == ("meta", 2, 3)


def test_nul_bytes_are_removed_and_not_an_error() -> None:
    decoded = decode_html(b"<p>a\x00b</p>\x00")
    assert (decoded.text, decoded.encoding) == ("<p>ab</p>", "utf-8")


@pytest.mark.parametrize(
    "data",
    [b"", b" \r\n\t", b"\x00\x00", codecs.BOM_UTF8, HEADER, HEADER + b"\r\n  \n", b"HTTP/1.1 204 No Content\r\n"],
)
def test_input_without_a_page_is_a_blank_text_not_an_error(data: bytes) -> None:
    assert decode_html(data).text.strip() == ""


def test_no_bytes_at_all_is_an_empty_utf8_text() -> None:
    decoded = decode_html(b"")
    assert (decoded.text, decoded.encoding) == ("", "utf-8")


def test_short_undeclared_western_page_is_windows_1252_on_a_close_call() -> None:
    decoded = decode_html(b"<p>Caf\xe9 cr\xe8me br\xfbl\xe9e</p>")
    assert (decoded.text, decoded.encoding, decoded.found_by) == ("<p>Café crème brûlée</p>", "windows-1252", "detected")


# --- size


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("codec", "found_by"), [("utf-8", "utf-8"), ("cp1251", "detected")])
def test_100_mb_page_decodes_in_linear_time(codec: str, found_by: str) -> None:
    paragraph = RUSSIAN.encode(codec)
    data = _page().encode() + paragraph * (100_000_000 // len(paragraph))
    decoded = decode_html(data)
    assert (decoded.found_by, decoded.replaced) == (found_by, 0)
    assert len(decoded.text) > 50_000_000


# --- where UTF-8 stops: the compiled scan and Python's decoder

_UTF8_PIECES = st.sampled_from([
    b"a", b"<p>", b"\x00", b"\x7f", "é".encode(), "€".encode(), "😀".encode(), b"\xc2\x80", b"\xdf\xbf", b"\xe0\xa0\x80",
    b"\xed\x9f\xbf", b"\xee\x80\x80", b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf", b"\xc0\xaf", b"\xc1\xbf", b"\xe0\x80\xaf",
    b"\xed\xa0\x80", b"\xf0\x80\x80\xaf", b"\xf4\x90\x80\x80", b"\xf5\x80\x80\x80", b"\xff", b"\x80", b"\xbf", b"\xe2\x82",
    b"\xf0\x9f\x98", b"\xc3", b"abcdefgh", b"0123456789abcdef",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_UTF8_PIECES, st.binary(max_size=12)), max_size=24))
def test_compiled_utf8_scan_stops_where_the_decoder_does(pieces: list[bytes]) -> None:
    kernel = sniff._utf8_kernel()
    if kernel is None:
        pytest.skip("the compiled UTF-8 scan is not built (python setup.py build_ext --inplace)")
    data = b"".join(pieces)
    assert kernel.first_invalid(data) == sniff.first_invalid_utf8_py(data)


def test_a_page_in_valid_utf8_is_decoded_only_when_its_text_is_asked_for() -> None:
    decoded = decode_html("<p>caf\u00e9</p>".encode())
    assert decoded.utf8 == "<p>caf\u00e9</p>".encode() and decoded.decoded is None
    assert (decoded.text, decoded.replaced, decoded.found_by) == ("<p>caf\u00e9</p>", 0, "utf-8")
