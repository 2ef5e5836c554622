"""An HTML page as blocks with the DOM features the HTML rules judge.

    parse (selectolax, Lexbor) -> drop what a browser would not show -> walk the tree
    -> blocks: runs of inline text inside block-level elements -> find the main content

A block is what a reader sees as one line or paragraph: the text of a `<p>`, a heading,
a list item, or a run of text between `<br>`s. Each keeps what the markup says about it:
the element it sits in (and a short CSS path naming it), its heading level, how much of
it is link text, the class and id words of its ancestors, and whether it lies in the
page's main-content region. The rules in `cleaner.rules.html` judge blocks by those
features; the page's text, a block per line, is what the report's offsets refer to.

The walk is iterative and every step is linear in the size of the tree, so a page
a hundred megabytes long costs time in proportion to its size and never the Python
stack. Nesting deeper than 1,000 elements is flattened before parsing
(`cleaner.readers.nesting`), since Lexbor's own tree building slows with the square of the depth.

The loops that visit every node or element (the walk, totals, CSS paths, no-content
ancestors, child counts) are also compiled (`cleaner._speedups.walk`, built by
setup.py), as the same code over the same objects; each `..._py` function here is the
twin that tests compare with it, and that runs when it is not built or when
`CLEANER_PURE_PYTHON=1`. The walk itself runs over Lexbor's own tree when it can
(`cleaner._speedups.lexbor_walk`): no Python object per node, and the elements a reader
never sees are passed over instead of removed from the tree first (`_walk_page`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import itemgetter
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from cleaner._speedups import compiled
from cleaner.readers.nesting import flatten_deep_nesting
from cleaner.readers.scripted import NOSCRIPT_SHARE, may_be_scripted, show_streamed, shows_little, without_noscript

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser, LexborNode

INVISIBLE = ["script", "style", "noscript", "template", "svg", "math", "head", "iframe", "object", "embed", "canvas", "select", "textarea", "option"]
"""Elements whose content a reader never sees as text on the page."""

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody td tfoot th thead tr ul "
    "caption legend button label".split()
)
"""Elements that start a new block: their inline text is never glued to their neighbours'."""

PARAGRAPH_TAGS = frozenset("p pre blockquote td li dd dt".split())
"""Elements that hold one paragraph; the element that holds them is the content container."""

HEADING_TAGS = {f"h{n}": n for n in range(1, 7)}

_UNSEEN = frozenset(INVISIBLE)

_HIDDEN = '[hidden], [aria-hidden="true"], [style*="display:none" i], [style*="display: none" i], [style*="visibility:hidden" i]'
"""Elements the page hides, unless they are `_DISCLOSED`; `_hidden_py` and the compiled
walk's `hidden` test the same attributes one element at a time."""
DISCLOSURE_WORDS = ("accordion", "collapse", "tabpanel", "tab-pane", "tab-panel", "tab-content", "tab__content", "tabs-panel", "faq", "expander")
"""Words in the class or id of the panels of tabs and accordions (as CSS frameworks name them).
The compiled walk's `disclosed` holds the same words, in this order."""
_DISCLOSED = ", ".join([
    '[role="tabpanel" i]', "[aria-labelledby]:not([role])", '[aria-labelledby][role=""]', '[aria-labelledby][role="region" i]',
    *(f'[class*="{word}" i], [id*="{word}" i]' for word in DISCLOSURE_WORDS),
])
"""Hidden elements that are read all the same: the panels of tabs and accordions, which a
reader opens with a click (a product's specifications, a page's answers to questions),
hidden in the markup until then. Known by the ARIA patterns (`role="tabpanel"`, a panel
labelled by its button: `aria-labelledby` without a role or with `role="region"`) or by
their names. Menus, dialogs and cookie prompts that the page hides are not read: they
carry other roles (`menu`, `dialog`), and the few that slip in by a name are the
template the HTML rules remove (`cleaner.rules.html`)."""


def _plain_name(name: str) -> bool:
    """A class or id short and plain enough to name an element in the report's CSS path:
    a letter or underscore, then letters, digits, underscores and dashes, at most 40."""
    return len(name) <= 40 and (name[0].isalpha() or name[0] == "_") and name.replace("-", "_").replace("_", "a").isalnum()


_WHITESPACE = re.compile(r"\s+")
_LANDMARKS = frozenset({"article", "main", "body", "nav", "header", "footer", "aside", "section", "form", "figure"})
"""Unnamed elements that still say where a block is, and so belong in its CSS path."""
_SKIP = frozenset({"picture", "video", "audio", "map"})
"""Elements whose text children are fallbacks a browser does not show."""
_VOID = frozenset({"img", "input", "source", "track", "area", "wbr", "meta", "link", "col", "embed", "param", "base"})
"""Elements that hold no text."""
_WORD = re.compile(r"[a-z]+")


class Element(NamedTuple):
    """A block-level element of the page, as the blocks inside it refer to it.

    (A named tuple, not a dataclass: a page makes hundreds, and building a tuple is
    several times cheaper than a frozen dataclass.)"""

    index: int
    tag: str
    parent: int
    """Index of the enclosing block-level element; -1 for the outermost."""
    ident: str = ""
    classes: str = ""

    @property
    def names(self) -> str:
        """Its class and id, lower-cased: the words a site's template uses."""
        return f"{self.classes} {self.ident}".lower() if self.ident or self.classes else ""

    @property
    def label(self) -> str:
        """The element in CSS: `div#story`, `ul.share-tools`, `p`."""
        if self.ident and _plain_name(self.ident):
            return f"{self.tag}#{self.ident}"
        first = self.classes.split(maxsplit=1)[0] if self.classes.strip() else ""
        return f"{self.tag}.{first}" if first and _plain_name(first) else self.tag


class HtmlBlock(NamedTuple):
    """One block of a page: a line of the page's text, with the markup's evidence about it."""

    text: str
    element: int
    """Index into `Page.elements` of the block-level element the text sits in."""
    heading: int
    """1-6 for a heading, else 0."""
    link_chars: int
    """Characters of the text inside links."""
    in_main: bool
    """Whether the block lies in the page's main-content region."""
    list_item: bool
    """The first line of an `<li>`: where a list marker goes."""
    path: str
    """A short CSS path to the element, for the report: `div#story > p`."""
    kept_by: str = ""
    """The keep selector of an element the text lies inside (`cleaner.engine.keep`); empty when none."""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def _marked(block: HtmlBlock) -> str:
    if block.heading:
        return "#" * block.heading + " " + block.text
    return "- " + block.text if block.list_item else block.text


class Declared(NamedTuple):
    """What a page's head says about the page: where it lives and its headline."""

    urls: tuple[str, ...] = ()
    """`<link rel=canonical>`, `og:url` and `<base href>`, those present, in that order."""
    og_title: str = ""


@dataclass(frozen=True)
class Page:
    """A parsed page: its title, block-level elements and blocks, and where its main content is."""

    title: str
    elements: tuple[Element, ...]
    blocks: tuple[HtmlBlock, ...]
    main: int
    """Index of the element chosen as the main content; -1 when the page has no prose."""
    main_extra: frozenset[int] = field(default_factory=frozenset)
    """Siblings of the main element that continue its content."""
    subtree_chars: tuple[int, ...] = ()
    """Characters of text inside each element, its descendants' included."""
    subtree_link_chars: tuple[int, ...] = ()
    """Of those, the characters inside links."""
    subtree_end: tuple[int, ...] = ()
    """One past the index of each element's last descendant: its subtree is [index, end)."""
    warnings: tuple[str, ...] = ()
    """What parsing changed about the page, for the report: nesting cut at `cleaner.readers.nesting.MAX_DEPTH`."""
    declared: Declared = Declared()
    facts: dict[str, object] = field(default_factory=dict, init=False, compare=False, repr=False)
    """What the rules work out about the page and more than one of them reads (where its
    prose lies, its heading anchors), kept here so that each is worked out once a page
    (`cleaner.rules.html`); a new page, `dataclasses.replace`'s too, starts with none."""

    @property
    def headlines(self) -> frozenset[str]:
        """The page's own headline, as its `<h1>`s and its `og:title` give it."""
        return frozenset([*(b.text for b in self.blocks if b.heading == 1), *([self.declared.og_title] if self.declared.og_title else [])])

    def text(self, structure: bool = False) -> str:
        """The page's text, a block per line; with `structure`, headings and list items
        carry light markdown ("## Heading", "- item")."""
        if not structure:
            return self._plain_text
        if not self.blocks:
            return ""
        return "\n".join(_marked(block) for block in self.blocks) + "\n"

    @cached_property
    def _plain_text(self) -> str:
        # Made once: a folder run asks for it in both passes, several times in each.
        return "\n".join([block.text for block in self.blocks]) + "\n" if self.blocks else ""

    def ancestors(self, element: int) -> list[Element]:
        """`element` and the elements around it, innermost first."""
        chain = []
        while element >= 0:
            chain.append(self.elements[element])
            element = self.elements[element].parent
        return chain


def parse_page(html: str | bytes, keep_selectors: Sequence[str] = ()) -> Page:
    """The page's blocks and main content; any string, however broken, gives a page.
    Bytes are read as UTF-8 (`cleaner.readers.sniff` hands valid UTF-8 over as it stands).
    Nesting deeper than `cleaner.readers.nesting.MAX_DEPTH` is flattened first, with a warning.
    A block whose text lies inside an element matching one of `keep_selectors` (valid
    CSS, see `cleaner.engine.keep`) names that selector in `kept_by`."""
    flattened = flatten_deep_nesting(show_streamed(html))
    # The parser is imported on the first page: a run over text dumps never needs it.
    from selectolax.lexbor import LexborHTMLParser

    warnings = (flattened.warning,) if flattened.warning else ()
    tree = LexborHTMLParser(flattened.markup)
    title = _title(tree)
    declared = _declared(tree)  # read from <head>, which the walk leaves out
    walk = _walk_page(tree, keep_selectors)
    if may_be_scripted(flattened.markup, walk.runs if walk is not None else []):
        # An app built by script, read as a reader without scripts sees it (`cleaner.readers.scripted`).
        fallback = _walk_page(LexborHTMLParser(without_noscript(flattened.markup)), keep_selectors)
        shown = sum(len(run.text) for run in walk.runs) if walk is not None else 0
        if fallback is not None and sum(len(run.text) for run in fallback.runs) >= NOSCRIPT_SHARE * max(shown, 1):
            walk = fallback
    if walk is None or shows_little(walk.runs):
        # A page hidden whole until its script runs, read as the script would show it.
        unhidden = _walk_page(LexborHTMLParser(flattened.markup), keep_selectors, hidden_shown=True)
        shown = sum(len(run.text) for run in walk.runs) if walk is not None else 0
        if unhidden is not None and sum(len(run.text) for run in unhidden.runs) >= NOSCRIPT_SHARE * max(shown, 1):
            walk = unhidden
    if walk is None:
        return Page(title, (), (), -1, warnings=warnings, declared=declared)
    totals = _totals(walk.elements, walk.runs)
    main, extra = find_main(walk.elements, walk.leaf, walk.runs, totals)
    # The `<br>`s a nesting cut put for the block-level tags it dropped are line breaks of
    # their own, which join_soft_breaks could not tell from the page's: a cut page joins none.
    runs = walk.runs if flattened.warning else join_soft_breaks(walk.elements, walk.runs)
    blocks = _blocks(walk.elements, join_rows(walk.elements, runs), main, extra)
    return Page(
        title, tuple(walk.elements), blocks, main, frozenset(extra), tuple(totals.chars), tuple(totals.link_chars), tuple(totals.end),
        warnings, declared,
    )


def _walk_page(tree: LexborHTMLParser, keep_selectors: Sequence[str], hidden_shown: bool = False) -> _Walked | None:
    """The walk of the page's body (of its root, when it has none) without what a reader
    never sees (`INVISIBLE`, `_HIDDEN`, unless `hidden_shown`); None for a page with no root.

    The walk over Lexbor's own tree (`cleaner._speedups.lexbor_walk`) leaves those
    elements out as it goes. They are removed from the tree first, as the other walks
    need, when keep selectors are to match the tree a reader sees (`p:first-child` after
    a removed script), and when the page hides its `<html>` or `<body>` itself, whose
    removal changes which element is the body."""
    lexbor = _lexbor_walk()
    hidden = _hidden_py if lexbor is None else lambda node: lexbor.hidden(node.mem_id)
    if tree.root is not None and hidden(tree.root) and not hidden_shown:
        return None  # a page hidden whole shows nothing (and Lexbor will not remove a tree's root)
    if lexbor is not None and not keep_selectors and not hidden_shown and not (tree.body is not None and hidden(tree.body)):
        root = tree.body or tree.root
        if root is None:
            return None
        return _Walked(*lexbor.walk(root.mem_id, {}, True, _KINDS, _UNSEEN, Element, _Run, HEADING_TAGS, _collapse))
    tree.strip_tags(INVISIBLE)
    for node in _hidden_nodes(tree) if not hidden_shown else ():
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return None
    kept = _kept_nodes(tree, keep_selectors) if keep_selectors else {}
    if lexbor is not None:
        return _Walked(*lexbor.walk(root.mem_id, kept, False, _KINDS, _UNSEEN, Element, _Run, HEADING_TAGS, _collapse))
    return _walk(root, kept)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _hidden_py(node: LexborNode) -> bool:
    """Whether `_HIDDEN` matches the element itself, read from its attributes as Lexbor
    matches them (the style's letters compared without ASCII case); the twin of the
    compiled walk's `hidden`."""
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return not _disclosed_py(attributes)
    style = (attributes.get("style") or "").translate(_ASCII_LOWER)
    return ("display:none" in style or "display: none" in style or "visibility:hidden" in style) and not _disclosed_py(attributes)


def _disclosed_py(attributes: dict[str, str | None]) -> bool:
    """Whether a hidden element is a panel that a tab or a disclosure button shows
    (`_DISCLOSED`), read from its attributes; the twin of the compiled walk's `disclosed`."""
    role = (attributes.get("role") or "").translate(_ASCII_LOWER)
    if role == "tabpanel":
        return True
    names = f"{attributes.get('class') or ''} {attributes.get('id') or ''}".translate(_ASCII_LOWER)
    if any(word in names for word in DISCLOSURE_WORDS):
        return True
    return "aria-labelledby" in attributes and role in ("", "region")


def _hidden_nodes(tree: LexborHTMLParser) -> list[LexborNode]:
    """The elements of `tree` that the page hides from a reader (`_HIDDEN` but not `_DISCLOSED`)."""
    return [node for node in tree.css(_HIDDEN) if not _disclosed_py(node.attributes)]


@cache
def _lexbor_walk() -> ModuleType | None:
    """The walk over Lexbor's own tree (`cleaner._speedups.lexbor_walk`); None when it is not
    built, when selectolax's module does not export the Lexbor functions it needs, or when
    `CLEANER_PURE_PYTHON=1` asks for the twins."""
    return compiled("lexbor_walk")


def _kept_nodes(tree: LexborHTMLParser, selectors: Sequence[str]) -> dict[int, str]:
    """The nodes that `selectors` match, by `mem_id`, each with the first selector that matches it."""
    kept: dict[int, str] = {}
    for selector in selectors:
        for node in tree.css(selector):
            kept.setdefault(node.mem_id, selector)
    return kept


def _declared(tree: LexborHTMLParser) -> Declared:
    """What the page says about itself in its head: its URLs, most trusted first, and its og:title.

    The head alone is searched first, at a tenth of the cost of the whole tree; markup that
    pushed the tags into the body (a stray element in the head) gets the whole tree. A
    page that declares no URL gets no og:title either (the test of the whole tree's
    scope was `scope is tree.root`, which never held: selectolax makes a new node for
    each `root`; the engine's outputs are held to that)."""
    for scope in (tree.head, tree.root):
        if scope is None:
            continue
        canonical, og_url, base, og_title = _head_values(scope)
        urls = tuple(url for url in (canonical, og_url, base) if url)
        if urls:
            return Declared(urls, _collapse(og_title))
    return Declared()


def _head_values(scope: LexborNode) -> tuple[str, str, str, str]:
    """The canonical URL, og:url, base URL and og:title under `scope`: the compiled
    reading over Lexbor's tree when built (`cleaner._speedups.lexbor_walk.declared`),
    else `_head_values_py`."""
    lexbor = _lexbor_walk()
    return _head_values_py(scope) if lexbor is None else lexbor.declared(scope.mem_id)


def _head_values_py(scope: LexborNode) -> tuple[str, str, str, str]:
    """`_head_values` by CSS selectors: each the first matching element's attribute, stripped, "" when none."""
    return (
        _attribute(scope, 'link[rel="canonical"]', "href"), _attribute(scope, 'meta[property="og:url"]', "content"),
        _attribute(scope, "base[href]", "href"), _attribute(scope, 'meta[property="og:title"]', "content"),
    )


def _title(tree: LexborHTMLParser) -> str:
    """The text of the page's first `<title>`, whitespace collapsed: by the compiled reading
    over Lexbor's tree when built, else by a CSS selector (`_title_py`)."""
    lexbor = _lexbor_walk()
    if lexbor is None or tree.root is None:
        return _title_py(tree)
    text = lexbor.title(tree.root.mem_id)
    return _collapse(text) if text is not None else ""


def _title_py(tree: LexborHTMLParser) -> str:
    title_node = tree.css_first("title")
    return _collapse(title_node.text()) if title_node is not None else ""


def _attribute(scope: LexborNode, selector: str, name: str) -> str:
    node = scope.css_first(selector)
    value = node.attributes.get(name) if node is not None else None
    return value.strip() if value else ""


class _Run(NamedTuple):
    text: str
    element: int
    heading: int
    link_chars: int
    list_item: bool
    kept_by: str = ""


class _Walked(NamedTuple):
    elements: list[Element]
    leaf: list[bool]
    """Whether an element holds no block-level element: its text is one paragraph or a run of lines."""
    runs: list[_Run]


_INLINE, _NOTHING, _BREAK, _SKIPPED, _BLOCK, _LINK = range(6)
_KINDS = {
    **{tag: _NOTHING for tag in _VOID},
    "br": _BREAK,
    "hr": _BREAK,
    **{tag: _SKIPPED for tag in _SKIP},
    **{tag: _BLOCK for tag in BLOCK_TAGS - {"hr"}},
    "a": _LINK,
}
"""What each element does to the walk; a tag not named here is inline."""


def _walk(root: LexborNode, kept_nodes: dict[int, str]) -> _Walked:
    """One pass over the tree in document order: the block-level elements and the runs
    of text inside them, each run a block of the page. Compiled when built
    (`cleaner._speedups.walk`, half the time), else `_walk_py`."""
    compiled = _compiled_walk()
    if compiled is None:
        return _walk_py(root, kept_nodes)
    return _Walked(*compiled.walk(root, kept_nodes, _KINDS, Element, _Run, HEADING_TAGS, _collapse))


@cache
def _compiled_walk() -> ModuleType | None:
    """The compiled walk, totals and paths (`cleaner._speedups.walk`); None when it is not
    built, or `CLEANER_PURE_PYTHON=1` asks for their Python twins."""
    return compiled("walk")


def _walk_py(root: LexborNode, kept_nodes: dict[int, str]) -> _Walked:
    """`_walk` in Python, the compiled walk's twin: one pass over the tree in document
    order, building the block-level elements and the runs of text inside them.

    The tree comes in document order from Lexbor's own traversal; the elements still
    open are tracked here, so a block ends when a node's parent is found further up.
    Each open element keeps (the owner before it if it is a block, else None; links
    around and inside it; whether its text is skipped; the keep selector it is inside).
    Whitespace, comments and empty elements change no block, so they are taken without
    looking up their parent: a space left at a block's edge is trimmed. The state lives
    in local variables, not on an object: this loop runs for every node of every page."""
    elements: list[Element] = []
    leaf: list[bool] = []
    runs: list[_Run] = []
    pieces: list[str] = []
    has_text = False
    """Whether the pieces hold more than whitespace: only then is there a block to make."""
    link_chars = 0
    run_kept = ""
    """The keep selector of the pending text, if some of it lies in a kept node."""
    owner, owner_tag, pre = -1, "", 0
    open_ids: list[int] = []
    open_state: list[tuple[int | None, int, bool, str]] = []
    links, skipped, kept_by = 0, False, ""
    kinds = _KINDS
    boundary = False
    """Whether an element opened or closed since the last text: where `_spaced` may apply."""
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if not text:
                continue
            if text.isspace():
                if pieces:
                    pieces.append(" ")
                continue
            kind = -1
        else:
            kind = kinds.get(tag, _INLINE) if tag is not None and tag[0] not in "-!_" else _NOTHING
            if kind == _NOTHING:
                continue
            if kind == _BREAK:
                # The pending text is the current block's, whatever has closed since.
                if has_text:
                    _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept)
                    has_text, link_chars, run_kept = False, 0, ""
                elif pieces:
                    pieces.clear()
                continue
        parent = node.parent
        parent_id = parent.mem_id if parent is not None else 0
        if open_ids and open_ids[-1] != parent_id:
            boundary = True
            while open_ids and open_ids[-1] != parent_id:
                open_ids.pop()
                previous_owner = open_state.pop()[0]
                if previous_owner is not None:
                    if has_text:
                        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept)
                        has_text, link_chars, run_kept = False, 0, ""
                    elif pieces:
                        pieces.clear()
                    if owner_tag == "pre":
                        pre -= 1
                    owner = previous_owner
                    owner_tag = elements[owner].tag if owner >= 0 else ""
            links, skipped, kept_by = open_state[-1][1:] if open_state else (0, False, "")
        if kind < 0:
            if skipped:
                continue
            if kept_by and not run_kept:
                run_kept = kept_by
            if pre and "\n" in text:
                # A <pre> keeps its lines: each is a block of its own.
                lines = text.split("\n")
                kept = run_kept
                for number, line in enumerate(lines, 1):
                    run_kept = run_kept or kept
                    pieces.append(line)
                    has_text = True
                    if links:
                        link_chars += len(_collapse(line))
                    if number < len(lines):
                        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept)
                        has_text, link_chars, run_kept = False, 0, ""
            else:
                if boundary and pieces and _spaced(pieces[-1], text):
                    pieces.append(" ")
                boundary = False
                pieces.append(text)
                has_text = True
                if links:
                    link_chars += len(_collapse(text))
            continue
        previous_owner = None
        if kind == _SKIPPED:
            skipped = True
        elif kind == _BLOCK:
            if has_text:
                _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept)
                has_text, link_chars, run_kept = False, 0, ""
            elif pieces:
                pieces.clear()
            previous_owner = owner
            attributes = node.attributes
            index = len(elements)
            elements.append(Element(index, tag, owner, attributes.get("id") or "", attributes.get("class") or ""))
            leaf.append(True)
            if owner >= 0:
                leaf[owner] = False
            owner, owner_tag = index, tag
            if tag == "pre":
                pre += 1
        elif kind == _LINK:
            links += 1
        boundary = True
        node_id = node.mem_id
        if kept_nodes and not kept_by:
            kept_by = kept_nodes.get(node_id, "")
        open_ids.append(node_id)
        open_state.append((previous_owner, links, skipped, kept_by))
    if has_text:
        _add_run(runs, pieces, owner, owner_tag, link_chars, run_kept)
    return _Walked(elements, leaf, runs)


def _spaced(before: str, text: str) -> bool:
    """Whether two texts that meet at an element's edge with no whitespace are two words:
    a lower-case letter, then an upper-case one ("Merrell" "Moab", "Publisher" "Houghton").
    Templates set such pieces apart by their style (a brand above a product's name, a label
    beside its value), which a browser shows and the markup does not; a word styled in
    parts ("<b>T</b>he", "<a>link</a>s") goes on in lower case and stays one word. The
    compiled walks test the same (`cleaner._speedups.walk`, `cleaner._speedups.lexbor_walk`)."""
    return before[-1:].islower() and text[:1].isupper()


def _add_run(runs: list[_Run], pieces: list[str], owner: int, owner_tag: str, link_chars: int, kept_by: str) -> None:
    """The pending pieces of text as a run of `owner`'s, if they hold any text; they are cleared."""
    text = _collapse("".join(pieces))
    pieces.clear()
    if text and owner >= 0:
        first = not runs or runs[-1].element != owner
        runs.append(_Run(text, owner, HEADING_TAGS.get(owner_tag, 0), min(link_chars, len(text)), owner_tag == "li" and first, kept_by))


SENTENCE_END = re.compile(r"[.!?:;…][\"'”’»)\]]*$")
"""How a line that ends a sentence (or opens a list, after a colon) ends."""


def join_soft_breaks(elements: list[Element], runs: list[_Run]) -> list[_Run]:
    """`runs` with the lines of one element that a `<br>` broke inside a sentence joined by
    a space: the text before the break ends no sentence and the text after it starts with
    a lower-case letter ("...used in a<br>fitness facility..."), as a template breaks a
    paragraph to fit a column. Breaks between lines that each read as a line of their own
    stay: an address's, a poem's and a list's lines start with a capital or a digit.

    Two runs of one element follow each other only where a `<br>` or `<hr>` (or an empty
    block inside it) parted them; a `<pre>`'s lines are its own and stay. Measured on
    WCXB's gold: across such breaks it puts a space 259 times and a line break 92, and
    every must-keep snippet across one reads on with a space; where the text after
    starts with a capital, it keeps the line break 1,091 times to 57."""
    joined: list[_Run] = []
    previous: _Run | None = None
    for run in runs:
        if (
            previous is not None and run.element == previous.element and run.text[0].islower() and not run.heading
            and run.kept_by == previous.kept_by and elements[run.element][1] != "pre" and not SENTENCE_END.search(previous.text)
        ):
            previous = joined[-1] = previous._replace(text=f"{previous.text} {run.text}", link_chars=previous.link_chars + run.link_chars)
            continue
        joined.append(run)
        previous = run
    return joined


CELL_TAGS = frozenset({"td", "th"})
CELL_SEPARATOR = " "
"""Between the cells of a row written as one line: what tables read as in plain text, and
what the benchmark's gold puts between cells most often after a space (which would glue a
row into a sentence that is none)."""
MAX_CELL_CHARS = 200
"""A cell longer than this holds prose, not a value: its row stays a block per cell."""


def join_rows(elements: list[Element], runs: list[_Run]) -> list[_Run]:
    """`runs` with each table row of values as one run, its cells' texts joined by
    `CELL_SEPARATOR`, owned by the `<tr>`: a specification, a standing or a schedule reads
    as rows, as the page shows it, and not a cell a line.

    A row is joined when two cells of it or more hold text, and each of its cells holds
    one line at most (no `<br>`, no second paragraph, no nested table), of at most
    `MAX_CELL_CHARS` and no heading. The rows of a table used for the page's layout,
    whose cells hold paragraphs, lists and boxes, stay a block per line, as do rows whose
    cells differ in keep selector. Main content is found before the join, on the cells:
    a row's text scores as its cells' did."""
    if CELL_TAGS.isdisjoint(map(itemgetter(1), elements)):
        return runs  # most pages: a look at their tags at C speed
    cell_of = [-1] * len(elements)
    """Each element's nearest enclosing cell of a row (itself, if it is one), or -1."""
    broken: set[int] = set()
    """Rows that stay a block per line, and cells that hold more than a line."""
    for index, tag, parent, _, _ in elements:
        if parent < 0:
            continue
        around = cell_of[parent]
        if tag in CELL_TAGS and elements[parent][1] == "tr":
            cell_of[index] = index
        else:
            cell_of[index] = around
        if around >= 0 and tag in _TABLE_TAGS:
            broken.add(around)
    lines: dict[int, int] = {}
    for run in runs:
        cell = cell_of[run.element]
        if cell >= 0:
            lines[cell] = lines.get(cell, 0) + 1
            if lines[cell] > 1 or run.heading or len(run.text) > MAX_CELL_CHARS:
                broken.add(cell)
    for cell in list(broken):
        broken.add(elements[cell].parent)
    joined: list[_Run] = []
    at, count = 0, len(runs)
    while at < count:
        run = runs[at]
        cell = cell_of[run.element]
        row = elements[cell].parent if cell >= 0 else -1
        if row < 0 or row in broken:
            joined.append(run)
            at += 1
            continue
        end = at + 1
        while end < count and (following := cell_of[runs[end].element]) >= 0 and elements[following].parent == row:
            end += 1
        cells = runs[at:end]
        if len(cells) >= 2 and all(cell.kept_by == run.kept_by for cell in cells):
            text = CELL_SEPARATOR.join([cell.text for cell in cells])
            joined.append(_Run(text, row, 0, sum(cell.link_chars for cell in cells), False, run.kept_by))
        else:
            joined.extend(cells)
        at = end
    return joined


_TABLE_TAGS = frozenset({"table", "tr", "td", "th"})


def _collapse(text: str, chunk: int = 1 << 20) -> str:
    """`text` with each run of whitespace one space, and none at the ends.

    A huge text node (a blob in a `<p>`) is done a megabyte at a time, cut at
    whitespace: split() on all of it, or a regex substitution, would hold a list of
    its millions of words at once."""
    if len(text) <= chunk:
        return " ".join(text.split())
    parts, start = [], 0
    while start < len(text):
        space = _WHITESPACE.search(text, start + chunk)
        end = space.start() if space else len(text)
        if collapsed := " ".join(text[start:end].split()):
            parts.append(collapsed)
        start = end
    return " ".join(parts)


def _blocks(elements: list[Element], runs: list[_Run], main: int, extra: list[int]) -> tuple[HtmlBlock, ...]:
    """`_blocks_py`, compiled when built."""
    compiled = _compiled_walk()
    if compiled is None:
        return _blocks_py(elements, runs, main, extra)
    return compiled.blocks(elements, runs, main, extra, _LANDMARKS, Element.label.fget, HtmlBlock, HEADLINE_REACH, HEADLINE_GAP)


def _blocks_py(elements: list[Element], runs: list[_Run], main: int, extra: list[int]) -> tuple[HtmlBlock, ...]:
    """The page's blocks, a run of text each, with whether it lies in the main-content
    region (`main` and its continuing siblings `extra`, and the headline above them) and
    its element's CSS path."""
    region = _region(elements, main, extra)
    _add_headline(runs, region)
    paths = _paths_py(elements, {run.element for run in runs})
    new_block = tuple.__new__
    return tuple([
        new_block(HtmlBlock, (text, element, heading, link_chars, region[element], list_item, paths[element], kept_by))
        for text, element, heading, link_chars, list_item, kept_by in runs
    ])


def _paths_py(elements: list[Element], owners: set[int]) -> dict[int, str]:
    """A short CSS path for each element in `owners`: the element and its two nearest
    named ancestors (an id or class, or a landmark such as `nav`), enough to find it
    in the page's source. Built in document order from each parent's, so the cost
    does not grow with the page's nesting."""
    named: list[tuple[str, ...]] = []
    """Per element: the labels of its nearest named ancestors and itself if named, innermost first."""
    paths = {}
    labels: dict[tuple[str, str, str], str] = {}
    landmarks = _LANDMARKS
    for element in elements:
        index, tag, parent, ident, classes = element
        above = named[parent] if parent >= 0 else ()
        if ident or classes:
            # Templates repeat tag and class pairs; each label is worked out once.
            key = (tag, ident, classes)
            label = labels.get(key)
            if label is None:
                label = labels[key] = element.label
        else:
            label = tag
        if label != tag or tag in landmarks:
            named.append((label, above[0]) if above else (label,))
        else:
            named.append(above)
        if index in owners:
            if not above:
                paths[index] = label
            elif len(above) == 1:
                paths[index] = f"{above[0]} > {label}"
            else:
                paths[index] = f"{above[1]} > {above[0]} > {label}"
    return paths


# --- the main content -------------------------------------------------------------------

POSITIVE_WORDS = tuple("article body content entry main page post text blog story prose news".split())
"""Words in the class or id of an element that holds an article."""
POSITIVE_NAMES = re.compile("|".join(POSITIVE_WORDS))
NEGATIVE_WORDS = tuple(
    "comment com- contact foot footer footnote masthead media meta outbrain promo related scroll share shoutbox sidebar "
    "skyscraper sponsor shopping tags tool widget banner breadcrumb combx menu modal popup social subscri newsletter nav "
    "recommend trending teaser author byline caption advert cookie".split()
)
"""Words in the class or id of an element that holds no article."""
NEGATIVE_NAMES = re.compile("|".join(map(re.escape, NEGATIVE_WORDS)))
MIN_PARAGRAPH_CHARS = 25
"""A block shorter than this is no evidence of prose (readability's threshold)."""
LEAD_CHARS = 150
"""A sibling that is this long, mostly prose and not named as a widget joins the region..."""
LEAD_LINK_SHARE = 0.25
"""...when at most this share of its text is link text."""
SIBLING_SHARE = 0.2
"""A sibling of the main element joins the region when its score is this share of the main's."""


@dataclass(frozen=True)
class _Totals:
    chars: list[int]
    """Characters of text inside each element, its descendants' included."""
    link_chars: list[int]
    end: list[int]
    """One past the index of each element's last descendant: its subtree is [index, end)."""


def named_by(pattern: re.Pattern[str], cores: tuple[str, ...] = ()) -> Callable[[Element], bool]:
    """Whether an element's class or id matches `pattern`, for one page's elements.

    Templates repeat their class names ("menu-item" on every item), so each pair of
    class and id is matched once. `cores`, if given, are lower-case words of which every
    match of `pattern` holds one: names with none are passed over without the pattern,
    when the compiled word search is built (`word_search`)."""
    seen: dict[tuple[str, str], bool] = {}
    holds_core = word_search(cores) if cores else None

    def matches(element: Element) -> bool:
        if not (element.classes or element.ident):
            return False
        key = (element.classes, element.ident)
        found = seen.get(key)
        if found is None:
            names = element.names
            found = seen[key] = (holds_core is None or holds_core(names)) and pattern.search(names) is not None
        return found

    return matches


@cache
def word_search(words: tuple[str, ...]) -> Callable[[str], bool] | None:
    """Whether a text holds one of `words` (lower-case ASCII), by the compiled word search
    (`cleaner._speedups.walk.Words`); None when it is not built."""
    compiled = _compiled_walk()
    return None if compiled is None else compiled.Words(words).found_in


def _totals(elements: list[Element], runs: list[_Run]) -> _Totals:
    """`_totals_py`, compiled when built."""
    compiled = _compiled_walk()
    if compiled is None:
        return _totals_py(elements, runs)
    return _Totals(*compiled.totals(elements, runs))


def _totals_py(elements: list[Element], runs: list[_Run]) -> _Totals:
    """Each element's characters of text and of link text, its descendants' included, and where its subtree ends."""
    count = len(elements)
    chars, link_chars = [0] * count, [0] * count
    for text, element, _, links, _, _ in runs:
        chars[element] += len(text)
        link_chars[element] += links
    end = list(range(1, count + 1))
    for index, _, parent, _, _ in reversed(elements):
        if parent >= 0:
            chars[parent] += chars[index]
            link_chars[parent] += link_chars[index]
            end[parent] = max(end[parent], end[index])
    return _Totals(chars, link_chars, end)


def find_main(elements: list[Element], leaf: list[bool], runs: list[_Run], totals: _Totals) -> tuple[int, list[int]]:
    """`find_main_py`, compiled when built: the main element and its siblings that continue it."""
    compiled = _compiled_walk()
    if compiled is None:
        return find_main_py(elements, leaf, runs, totals)
    return compiled.find_main(elements, leaf, runs, totals.chars, totals.link_chars, totals.end, _main_tables())


def find_main_py(elements: list[Element], leaf: list[bool], runs: list[_Run], totals: _Totals) -> tuple[int, list[int]]:
    """The element that holds the page's prose, and its siblings that continue it.

    Each prose block scores its container fully and the container's parent half, by
    its length and commas, as readability does; names such as "article-body" raise a
    container and names such as "sidebar" lower it; a container's score shrinks with
    the share of its text that is link text. From the best container the region grows
    to the parent while the parent holds clearly more prose: articles split into
    several boxes ("block-text", "block-text", ...) are one region.

    The twin of the compiled `find_main` (`cleaner._speedups.walk`).
    """
    if not elements:
        return -1, []
    chars, link_chars, end = totals.chars, totals.link_chars, totals.end
    negative = _negatives_py(elements, NEGATIVE_NAMES)
    scored, prose = _scores_py(elements, leaf, runs)
    if not scored:
        return -1, []
    final = {
        index: score * _weight_py(elements[index]) * (1 - link_chars[index] / chars[index] if chars[index] else 0)
        for index, score in scored.items()
    }
    best = max(final, key=lambda index: (final[index], -index))

    # Prose blocks come in document order, so a subtree's are one slice of them.
    prose_at = [element for element, _, _ in prose]

    def prose_under(top: int) -> tuple[float, int]:
        points = size = 0.0
        for element, block_points, block_size in prose[bisect_left(prose_at, top) : bisect_left(prose_at, end[top])]:
            if negative[element] < top:
                points += block_points
                size += block_size
        return points, int(size)

    top = final[best]
    held, _ = prose_under(best)
    ancestor, steps = elements[best].parent, 0
    while ancestor >= 0 and steps < MAX_CLIMB and link_chars[ancestor] <= LINK_SHARE * chars[ancestor]:
        steps += 1
        # Wrappers that add nothing are passed through, not stopped at.
        more, size = prose_under(ancestor)
        if size < PROSE_SHARE * chars[ancestor]:
            break
        if more >= CLIMB * held:
            best, held = ancestor, more
        ancestor = elements[ancestor].parent
    # A wrapper around the main content alone adds nothing; its siblings are the
    # main content's siblings on the page.
    children = _children_py(elements)
    while elements[best].parent >= 0 and children[elements[best].parent] == 1:
        best = elements[best].parent
    parent = elements[best].parent
    if parent < 0:
        return best, []
    threshold = max(10.0, SIBLING_SHARE * top)
    siblings = [
        element[0]
        for element in elements
        if element[2] == parent and element[0] != best
        and (final.get(element[0], 0) >= threshold or _lead(element, prose_under, chars, link_chars, negative))
    ]
    return best, siblings


NEGATIVE_TAGS = frozenset({"nav", "aside", "footer"})
"""Elements that hold no article, whatever they are called."""


def _negatives_py(elements: list[Element], pattern: re.Pattern[str]) -> list[int]:
    """For each element, the nearest element from it up that is named or tagged as no
    content (`pattern`, `NEGATIVE_TAGS`), or -1; the compiled `negatives`' twin."""
    negative = [-1] * len(elements)
    named_negative = named_by(pattern)
    for element in elements:
        index, tag, parent, ident, classes = element
        if ((ident or classes) and named_negative(element)) or tag in NEGATIVE_TAGS:
            negative[index] = index
        elif parent >= 0:
            negative[index] = negative[parent]
    return negative


def _children_py(elements: list[Element]) -> list[int]:
    """How many block-level children each element has; the compiled `children`' twin."""
    children = [0] * len(elements)
    for _, _, parent, _, _ in elements:
        if parent >= 0:
            children[parent] += 1
    return children


def _lead(element: Element, prose_under, chars: list[int], link_chars: list[int], negative: list[int]) -> bool:
    """A sibling of the main content that is prose itself: a standfirst or summary
    paragraph the template set apart from the body."""
    if negative[element.index] >= 0 or chars[element.index] < LEAD_CHARS or link_chars[element.index] > LEAD_LINK_SHARE * chars[element.index]:
        return False
    _, size = prose_under(element.index)
    return size >= PROSE_SHARE * chars[element.index]


MAX_CLIMB = 30
"""Ancestors looked at; deeper nesting is a broken or hostile page, not a wider article."""
CLIMB = 1.5
"""The region grows to the parent when the parent holds this many times its prose."""
LINK_SHARE = 0.5
"""...and at most this share of the parent's text is link text..."""
PROSE_SHARE = 0.8
"""...and at least this share of its text is prose."""


NEGATIVE_NAME_WEIGHT = 0.3
"""An element named as no content ("sidebar") scores this share of its prose..."""
POSITIVE_NAME_WEIGHT = 1.5
"""...and one named as content ("article-body") this many times it."""
_TAG_WEIGHTS = {"article": 1.25, "nav": 0.2, "aside": 0.2, "footer": 0.2, "ul": 0.7, "ol": 0.7, "li": 0.5, "form": 0.5}


def _weight_py(element: Element) -> float:
    """How much an element's tag and names raise or lower its score (the compiled `find_main` weighs the same)."""
    weight = _TAG_WEIGHTS.get(element.tag, 1.0)
    if element.names:
        if NEGATIVE_NAMES.search(element.names):
            weight *= NEGATIVE_NAME_WEIGHT
        if POSITIVE_NAMES.search(element.names):
            weight *= POSITIVE_NAME_WEIGHT
    return weight


@cache
def _main_tables() -> tuple:
    """What the compiled `find_main` reads from this module, in the order it unpacks it."""
    words = _words()
    return (
        words.negative, words.positive, NEGATIVE_TAGS, PARAGRAPH_TAGS, _TAG_WEIGHTS, MIN_PARAGRAPH_CHARS, MAX_CLIMB, CLIMB,
        LINK_SHARE, PROSE_SHARE, SIBLING_SHARE, LEAD_CHARS, LEAD_LINK_SHARE, NEGATIVE_NAME_WEIGHT, POSITIVE_NAME_WEIGHT,
    )


class _CompiledWords(NamedTuple):
    negative: object
    positive: object


@cache
def _words() -> _CompiledWords:
    """`NEGATIVE_WORDS` and `POSITIVE_WORDS` for the compiled word search (`cleaner._speedups.walk.Words`)."""
    compiled = _compiled_walk()
    return _CompiledWords(compiled.Words(NEGATIVE_WORDS), compiled.Words(POSITIVE_WORDS))


def _scores_py(elements: list[Element], leaf: list[bool], runs: list[_Run]) -> tuple[dict[int, float], list[tuple[int, int, int]]]:
    """The page's prose blocks (element, points, characters), and the score of each
    element that holds some: a prose block scores its container fully and the
    container's parent half. The compiled `scores`' twin."""
    scored: dict[int, float] = {}
    prose: list[tuple[int, int, int]] = []
    for text, element, heading, links, _, _ in runs:
        size = len(text)
        if size < MIN_PARAGRAPH_CHARS or heading or links > size / 2:
            continue
        points = 1 + text.count(",") + min(size // 100, 3)
        prose.append((element, points, size))
        owner = elements[element]
        container = owner.parent if owner.tag in PARAGRAPH_TAGS or leaf[element] else element
        for weight in (1.0, 0.5):
            if container < 0:
                break
            scored[container] = scored.get(container, 0.0) + points * weight
            container = elements[container].parent
    return scored, prose


def _add_headline(runs: list[_Run], region: list[bool]) -> None:
    """Put the page's `<h1>` in the region when it stands right above it: templates often
    set the headline in a header beside the article's body, and a reader wants it.

    Right above: among the `HEADLINE_REACH` blocks before the region's first, with no
    paragraph of `HEADLINE_GAP` characters or more between them (a byline, a date or a
    share bar may be)."""
    first = next((i for i, run in enumerate(runs) if region[run.element]), None)
    if first is None:
        return
    for run in reversed(runs[max(0, first - HEADLINE_REACH) : first]):
        if run.heading == 1:
            region[run.element] = True
            return
        if len(run.text) >= HEADLINE_GAP:
            return


HEADLINE_REACH = 12
HEADLINE_GAP = 80


def _region(elements: list[Element], main: int, extra: list[int]) -> list[bool]:
    """Which elements lie inside the main element or one of its continuing siblings."""
    inside = [False] * len(elements)
    roots = {main, *extra} if main >= 0 else set()
    for index, _, parent, _, _ in elements:
        inside[index] = index in roots or (parent >= 0 and inside[parent])
    return inside
