"""The references measured beside cleaner: jusText on a dump's lines, a C4-style line filter, trafilatura."""

from __future__ import annotations

import html
import re

from cleaner.language import detect
from cleaner.text import words

_TERMINAL = re.compile(r"[.!?\"”’»]\s*$")


def justext_lines(dump: str) -> str:
    """jusText's classifier on the dump, each non-blank line given to it as a paragraph."""
    import justext

    lines = [line.strip() for line in dump.splitlines() if line.strip()]
    if not lines:
        return ""
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    language = detect(words(dump)).name.capitalize()
    stoplist = justext.get_stoplist(language) if language in justext.get_stoplists() else justext.get_stoplist("English")
    paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def c4_lines(dump: str) -> str:
    """The line rules of C4: terminal punctuation, at least three words, no code."""
    kept = []
    for line in dump.splitlines():
        line = line.strip()
        if len(words(line)) < 3 or not _TERMINAL.search(line):
            continue
        if "javascript" in line.lower() or "{" in line or "lorem ipsum" in line.lower():
            continue
        kept.append(line)
    return "\n".join(kept)


def trafilatura_html(page: bytes, **options: object) -> str:
    """trafilatura's main-text extraction on the original HTML."""
    import trafilatura

    return trafilatura.extract(page, **options) or ""
