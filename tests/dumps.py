"""A hypothesis strategy for scraped dumps: article lines mixed with UI debris and layout noise."""

from __future__ import annotations

from hypothesis import strategies as st

ARTICLE = [
    "The council voted on Tuesday to close the northern bridge for repairs.",
    "“We had no choice,” the mayor said, adding that the work would take a year.",
    "Share your story with us: readers affected by the closure can write in.",
    "Tap the camera icon to send the newsroom a photo.",
    "Прокуратура начала проверку после жалоб жителей района.",
    "Die Stadt will die Brücke bis zum Sommer sanieren.",
    "Le maire a promis une solution avant l'été.",
    "El ayuntamiento aprobó el plan por unanimidad.",
    "Yes.",
]
DEBRIS = [
    "icon bookmark-bicon bookmarkicon cameraicon chevron downicon closeicon shareicon twicon vkicon fm",
    "Advertisement",
    "READ MORE: Storm closes the northern ports",
    "Share",
    "Facebook",
    "Twitter",
    "Home > News > World",
    "12 Comments",
    "Реклама",
    "Lesen Sie auch: Bahn streicht Nachtzüge",
    "|",
    "•",
    "We use cookies to improve your experience. By continuing you agree to our cookie policy.",
]
HEADLINES = ["Bridge to close for a year", "Storm closes the northern ports"]


@st.composite
def dumps(draw: st.DrawFn) -> str:
    """A dump with headline repeats, debris, odd spacing and any line-break style."""
    pool = ARTICLE + DEBRIS + HEADLINES + [""]
    lines = draw(st.lists(st.one_of(st.sampled_from(pool), st.text(max_size=30)), max_size=25))
    spaced = [line + draw(st.sampled_from(["", "", " ", "\t", "  \u00a0"])) for line in lines]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(spaced)
    if draw(st.booleans()):
        text += newline
    return text
