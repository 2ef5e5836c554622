"""The references measured beside cleaner: jusText on a dump's lines, a C4-style line filter, trafilatura."""

from __future__ import annotations

import html
import re

from cleaner.engine.language import detect
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


def readability_html(page: bytes) -> str:
    """readability-lxml's main content, as text: a line break after every block element."""
    import lxml.html
    from readability import Document

    summary = Document(page).summary(html_partial=True)
    if not summary.strip():
        return ""
    tree = lxml.html.fromstring(summary)
    for element in tree.iter("br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "tr", "blockquote", "pre"):
        element.tail = "\n" + (element.tail or "")
    return tree.text_content()


def justext_html(page: bytes) -> str:
    """jusText's classifier on the original HTML, with the stoplist of the page's language."""
    import justext

    paragraphs = justext.justext(page, justext.get_stoplist("English"))
    text = " ".join(p.text for p in paragraphs)
    language = detect(words(text)).name.capitalize()
    if language != "English" and language in justext.get_stoplists():
        paragraphs = justext.justext(page, justext.get_stoplist(language))
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def resiliparse_html(page: bytes) -> str:
    """resiliparse's main-content extraction (its own encoding detection)."""
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    return extract_plain_text(bytes_to_str(page, detect_encoding(page)), main_content=True)
