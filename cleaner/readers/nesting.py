"""Cutting HTML nesting deeper than a reader could follow, before the page is parsed.

Lexbor's tree building slows down with the square of the nesting depth: 100,000
unclosed `<div><span>` took 410 s to clean (10,000 levels take 0.3 s, 1,000 levels 2 ms).
Real pages stay far below `MAX_DEPTH`; Chromium's parser stops nesting at 512 levels
and adds deeper elements as siblings. So one linear scan of the tags tracks the
elements still open, and drops every opening tag that would go deeper than
`MAX_DEPTH` (with its end tag), keeping the text: a block-level one becomes a `<br>`,
so its text still starts a line of its own. The page keeps all its text, and the
report notes the cut.

The scan approximates the HTML tree builder cheaply: void elements and raw text
(`<script>`, `<style>`, ...) open nothing, an end tag closes up to its element if one
is open, and the tags that close their open siblings (`<p>`, `<li>`, `<td>`,
`<option>`, ...) do so when the sibling is among the few innermost open elements.
It may count a page deeper than a browser would, never much shallower.

Every page with more than `MAX_DEPTH` tags pays for the scan, and real pages are never
cut: so the scan is also compiled (`cleaner._speedups.nesting`, built by setup.py), to
answer only whether a page is cut, and the Python scan here runs on the pages it cuts.
`cuts_nesting_py` is its twin; `CLEANER_PURE_PYTHON=1` leaves the compiled one unused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, AnyStr

from cleaner._speedups import compiled

if TYPE_CHECKING:
    from cleaner._speedups.nesting import DepthScan

MAX_DEPTH = 1_000
"""Elements open at once beyond which opening tags are dropped."""

_VOID = frozenset("area base br col embed hr img image input keygen link meta param source track wbr basefont bgsound frame".split())
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
"""Elements whose content is text up to their end tag, whatever it looks like."""
_BLOCK = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup li main menu nav ol p pre section summary table tbody td tfoot th thead tr ul "
    "caption legend".split()
)
"""Elements whose dropped opening tag becomes a `<br>`: their text starts a new line."""
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hgroup hr li dd dt listing main menu nav ol p plaintext pre section summary table ul xmp".split()
)
"""Start tags that close an open `<p>`."""
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_SIBLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "tbody": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "thead": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "tfoot": (frozenset({"tbody", "thead", "tfoot", "tr", "td", "th"}), frozenset({"table"})),
    "table": (frozenset({"table"}), frozenset({"td", "th", "caption"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist", "optgroup"})),
    "optgroup": (frozenset({"optgroup", "option"}), frozenset({"select"})),
    "a": (frozenset({"a"}), frozenset()),
    "nobr": (frozenset({"nobr"}), frozenset()),
}
"""A start tag, the open elements it closes, and the elements that stop the search."""
_IMPLYING = _CLOSES_P | _HEADINGS | frozenset(_SIBLINGS)
"""Start tags that may close open elements: only these look at the stack."""
_P, _BUTTON = frozenset({"p"}), frozenset({"button"})
_LOOK = 16
"""How many of the innermost open elements an implied close looks at: enough for real
markup, and a bound on the work per tag."""

_TAG = r"""<(?:!--.*?(?:-->|\Z)|[!?][^>]*>?|/(?![A-Za-z])[^>]*>?|(/?)([A-Za-z][^\t\n\f\r />]*)((?:[^>"'=]+|=[\t\n\f\r ]*(?:"[^"]*"?|'[^']*'?)|["'=])*)>?)"""
# Comments, doctypes and bogus comments first; then a tag, whose attribute values may
# hold ">" when quoted. Every part after the name is optional, so a match never fails
# once started and the scan stays linear.
_TAGS = {str: re.compile(_TAG, re.DOTALL), bytes: re.compile(_TAG.encode(), re.DOTALL)}
_RAW_ENDS = {name: rf"</{name}[\t\n\f\r />]" for name in _RAW_TEXT}
_RAW_END_TAGS = {
    (name, kind): re.compile(end.encode() if kind is bytes else end, re.IGNORECASE)
    for name, end in _RAW_ENDS.items()
    for kind in (str, bytes)
}


@dataclass(frozen=True)
class Flattened:
    """The markup with its nesting cut at `MAX_DEPTH`, and a note when anything was cut."""

    markup: str | bytes
    warning: str | None = None


def flatten_deep_nesting(markup: AnyStr, max_depth: int = MAX_DEPTH) -> Flattened:
    """`markup` with every opening tag beyond `max_depth` open elements dropped (a
    block-level one replaced by `<br>`), and its end tag too; the text is all kept."""
    # Only a start tag opens an element, so a page with no more of them than `max_depth`
    # is never cut: most real pages, told apart by one pass over their "<"s.
    scan = _compiled_scan() if isinstance(markup, bytes) else None
    if scan is not None:
        if scan.opens_at_most(markup, max_depth):
            return Flattened(markup)
    elif markup.count(b"<" if isinstance(markup, bytes) else "<") <= max_depth or opens_at_most_py(markup, max_depth):
        return Flattened(markup)
    # Real pages are never cut, so the compiled scan first answers whether this one is,
    # at a tenth of the cost or less; only a page it cuts is scanned again to cut it.
    if scan is not None and not scan.cuts(markup, max_depth):
        return Flattened(markup)
    return _flatten(markup, max_depth)


_START_TAGS = {str: re.compile("<[A-Za-z]"), bytes: re.compile(b"<[A-Za-z]")}
"""Where a start tag may begin: the scan's `_TAG` reads one only there."""


def opens_at_most_py(markup: AnyStr, limit: int) -> bool:
    """Whether `markup` holds at most `limit` start tags, counting those in comments and
    raw text too (a bound, then); the twin of the compiled `DepthScan.opens_at_most`."""
    return next(islice(_START_TAGS[type(markup)].finditer(markup), limit, None), None) is None


def cuts_nesting_py(markup: bytes, max_depth: int = MAX_DEPTH) -> bool:
    """Whether `flatten_deep_nesting` cuts `markup`: the pure-Python twin of the compiled
    `cleaner._speedups.nesting.DepthScan.cuts`, which tests compare with it."""
    return _flatten(markup, max_depth).warning is not None


@cache
def _compiled_scan() -> DepthScan | None:
    """The compiled scan over this module's tag sets; None when it is not built, or
    `CLEANER_PURE_PYTHON=1` asks for the Python one."""
    kernel = compiled("nesting")
    return None if kernel is None else kernel.DepthScan(_VOID, _RAW_TEXT, _CLOSES_P, _HEADINGS, _SIBLINGS, _LOOK)


def _flatten(markup: AnyStr, max_depth: int) -> Flattened:
    kind = type(markup)
    search = _TAGS[kind].search
    line_break = b"<br>" if kind is bytes else "<br>"
    self_closing = b"/" if kind is bytes else "/"
    # Plain dicts, read with get(): the scan visits every tag of the page, and a Counter
    # answers a missing name through a Python-level __missing__.
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped: dict[str, int] = {}
    names: dict[AnyStr, str] = {}
    """Each tag name as written, lower-cased (and decoded): a page writes few names many times."""
    pieces: list = []
    kept_to = 0
    first_cut, cuts = -1, 0
    position = 0
    while (tag := search(markup, position)) is not None:
        position = tag.end()
        raw_name = tag.group(2)
        if raw_name is None:
            continue
        name = names.get(raw_name)
        if name is None:
            name = names[raw_name] = (raw_name.decode("latin-1") if kind is bytes else raw_name).lower()
        if tag.group(1):
            if dropped.get(name):
                dropped[name] -= 1
                pieces.append(markup[kept_to : tag.start()])
                kept_to = tag.end()
            elif open_count.get(name):
                _pop_to(stack, open_count, name)
            continue
        if name in _VOID:
            continue
        if name in _RAW_TEXT:
            position = _raw_text_end(markup, name, position)
            continue
        if name == "plaintext":
            break
        if name in _IMPLYING:
            _close_implied(stack, open_count, name)
        foreign = name in ("svg", "math") or open_count.get("svg") or open_count.get("math")
        if foreign and tag.group(3).rstrip().endswith(self_closing):
            continue  # self-closing in SVG and MathML, ignored on HTML elements
        if len(stack) >= max_depth:
            pieces.append(markup[kept_to : tag.start()])
            if name in _BLOCK:
                pieces.append(line_break)
            kept_to = tag.end()
            dropped[name] = dropped.get(name, 0) + 1
            cuts += 1
            if first_cut < 0:
                first_cut = tag.start()
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
    if not cuts:
        return Flattened(markup)
    pieces.append(markup[kept_to:])
    unit = "byte" if kind is bytes else "character"
    warning = f"nesting deeper than {max_depth:,} elements flattened from {unit} {first_cut:,} ({cuts:,} opening tags dropped, their text kept)"
    return Flattened(markup[:0].join(pieces), warning)


def _close_implied(stack: list[str], open_count: dict[str, int], name: str) -> None:
    """Close the open elements that a start tag `name` ends, as the tree builder would."""
    if name in _CLOSES_P and open_count.get("p"):
        _pop_within_reach(stack, open_count, _P, _BUTTON)
    if name in _HEADINGS and stack and stack[-1] in _HEADINGS:
        _pop_to(stack, open_count, stack[-1])
    siblings = _SIBLINGS.get(name)
    if siblings is not None and any(open_count.get(sibling) for sibling in siblings[0]):
        _pop_within_reach(stack, open_count, *siblings)


def _pop_within_reach(stack: list[str], open_count: dict[str, int], targets: frozenset[str], stops: frozenset[str]) -> None:
    """Close the outermost open element in `targets` among the `_LOOK` innermost, looking
    no further out than an element in `stops` (a `<tr>` closes the open row, cell and all)."""
    found = -1
    for index in range(len(stack) - 1, max(-1, len(stack) - 1 - _LOOK), -1):
        if stack[index] in stops:
            break
        if stack[index] in targets:
            found = index
    while 0 <= found < len(stack):
        open_count[stack.pop()] -= 1


def _pop_to(stack: list[str], open_count: dict[str, int], name: str) -> None:
    """Close the innermost open `name` and everything inside it (each element is closed
    once, so all the closing of a page costs as much as its opening)."""
    while stack:
        closed = stack.pop()
        open_count[closed] -= 1
        if closed == name:
            return


def _raw_text_end(markup: AnyStr, name: str, start: int) -> int:
    """Where the raw text of a `<script>` (or `<style>`, ...) ends: at its end tag, or at the end."""
    end = _RAW_END_TAGS[name, type(markup)].search(markup, start)
    return end.start() if end else len(markup)
