"""HTML to plain text with selectolax (Lexbor): the text of a page, one block per line.

A first, plain extraction for records that carry HTML instead of text: scripts,
styles, SVG sprites, templates and the document head go, and every text node becomes
a line, as a `get_text("\\n")` scraper would write it; the rules and the paragraph
repair then treat it as such a dump.
"""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

_INVISIBLE = ["script", "style", "noscript", "template", "svg", "head", "iframe", "object"]


def html_to_text(html: str) -> str:
    """The visible text of `html`, a line per text node, with a final line break."""
    tree = LexborHTMLParser(html)
    tree.strip_tags(_INVISIBLE)
    root = tree.body or tree.root
    if root is None:
        return ""
    lines = [line for line in root.text(separator="\n", strip=True).split("\n") if line.strip()]
    return "\n".join(lines) + "\n" if lines else ""
