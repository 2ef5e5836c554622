"""Pages a script finishes in the browser are read as a reader sees them (`cleaner.readers.scripted`)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cleaner.readers.dom import parse_page
from cleaner.readers.scripted import SCRIPTED_CHARS, show_streamed

POST = "Went on Sunday and parked at the chapel, then walked down to the weir, where the trout were rising."


def _texts(html: str) -> list[str]:
    return [block.text for block in parse_page(html).blocks]


def test_a_streamed_part_is_shown_and_a_page_hidden_part_is_not() -> None:
    html = f'<body><p>Loading</p><div hidden id="S:0"><p>{POST}</p></div><div hidden><p>Secret</p></div></body>'
    assert _texts(html) == ["Loading", POST]


@given(st.text(alphabet='<div hidden id="S:0>', max_size=60))
def test_showing_streamed_parts_keeps_the_markup_s_length_in_str_and_bytes(markup: str) -> None:
    assert len(show_streamed(markup)) == len(markup)
    assert show_streamed(markup.encode()) == show_streamed(markup).encode()


def test_an_app_with_no_text_of_its_own_is_read_from_its_noscript_view() -> None:
    html = f'<body><div id="app"></div><noscript><div class="topic"><p>{POST}</p><p>Same here.</p></div></noscript></body>'
    assert _texts(html) == [POST, "Same here."]
    assert _texts(html.encode()) == [POST, "Same here."]


def test_a_page_with_text_of_its_own_is_not_read_from_its_noscript() -> None:
    own = " ".join([POST] * (SCRIPTED_CHARS // len(POST) + 1))
    html = f'<body><p>{own}</p><noscript><p>Please turn on JavaScript to see this page.</p></noscript></body>'
    assert _texts(html) == [own]


def test_a_noscript_with_little_more_than_the_page_shows_is_left_unread() -> None:
    html = '<body><p>Opening hours: 9-17</p><noscript><img src="pixel.gif"><p>Hi</p></noscript></body>'
    assert _texts(html) == ["Opening hours: 9-17"]


def test_a_page_hidden_whole_until_its_script_runs_is_read_as_the_script_shows_it() -> None:
    html = f'<body><div style="visibility:hidden;min-height:100vh"><h1>Fishing the weir</h1><p>{POST}</p><p>{POST}</p></div></body>'
    assert _texts(html) == ["Fishing the weir", POST, POST]
    assert _texts(f'<body><p>Menu</p><div style="display:none"><p>{POST}</p></div></body>') == ["Menu", POST]


def test_a_page_with_text_of_its_own_does_not_show_what_it_hides() -> None:
    own = " ".join([POST] * (SCRIPTED_CHARS // len(POST) + 1))
    html = f'<body><p>{own}</p><div class="modal" style="display:none"><p>{POST} {POST} {POST} {POST} {POST} {POST} {POST} {POST} {POST} {POST}</p></div></body>'
    assert _texts(html) == [own]
