"""HTML rules: judging a page's blocks by what its markup says about them.

These rules see a document only when it was made from an HTML page (`Document.page`);
on a text dump they find nothing. They run in the first pass, before the line rules,
and each removes whole blocks, so a removal maps to one element of the page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from cleaner.model.document import Document, Verdict
from cleaner.rules.base import HTML_ONLY, Stage, setting

if TYPE_CHECKING:
    # The HTML reader loads with the first HTML input: a run over text dumps never needs it.
    from cleaner.readers.dom import Element, HtmlBlock, Page

BOILERPLATE_NAMES = re.compile(
    r"share(?!d)|sharing|social|related|comment|promo|newsletter|subscri|signup|sign-up|login|cookie|consent|"
    r"breadcrumb|sidebar|widget|advert|sponsor|banner|popup|modal|outbrain|taboola|recommend|trending|"
    r"most-?read|popular|teaser|more[-_]|[-_]more\b|footer|masthead|menu|\bnav(?!y)|toolbar|tools\b|print|"
    r"rating|author-?bio|byline|caption|credit|gallery|slider|carousel|tags\b|tag-list|meta\b|"
    r"breaking|ticker|disclaimer|follow|\bads?\b|^ads?[-_]|[-_]ads?\b|ad-slot|adslot|likes"
)
"""Words that templates put in the class or id of the parts around an article ("shared"
and the colour "navy", `text-navy`, name no share bar or menu)."""
BOILERPLATE_CORES = tuple(
    "shar social related comment promo newsletter subscri signup sign-up login cookie consent breadcrumb sidebar widget "
    "advert sponsor banner popup modal outbrain taboola recommend trending most popular teaser more footer masthead menu "
    "nav toolbar tools print rating author byline caption credit gallery slider carousel tags tag-list meta breaking "
    "ticker disclaimer follow ad likes".split()
)
"""A word that every match of `BOILERPLATE_NAMES` holds, one for each of its alternatives:
most names hold none, and are passed over without the expression."""
TEMPLATE_NAMES = re.compile(
    r"share(?!d)|sharing|social|related|newsletter|subscri|signup|sign-up|login|cookie|consent|breadcrumb|sidebar|advert|"
    r"sponsor|popup|modal|outbrain|taboola|recommend|trending|most-?read|popular|footer|masthead|menu|\bnav(?!y)|toolbar|"
    r"\bads?\b|^ads?[-_]|[-_]ads?\b|ad-slot|adslot"
)
"""The names of `BOILERPLATE_NAMES` that mark template on any kind of page (the default
preset's), each as a word of a name: "shared" and the colour "navy" (`text-navy`) name
no share bar or menu. The others ("comment", "widget", "carousel", "caption", "meta", "rating",
"teaser"...) name the posts of a thread, the items of a listing or a product's parts as
often as the widgets around an article."""
MANY_REGION_NAMES = re.compile(
    r"share(?!d)|sharing|social|related|comment|promo|newsletter|subscri|signup|sign-up|login|cookie|consent|"
    r"breadcrumb|sidebar|advert|sponsor|popup|modal|outbrain|taboola|recommend|trending|"
    r"most-?read|popular|more[-_]|[-_]more\b|footer|masthead|menu|\bnav(?!y)|toolbar|print|"
    r"author-?bio|byline|credit|tags\b|tag-list|meta\b|"
    r"breaking|ticker|disclaimer|\bads?\b|^ads?[-_]|[-_]ads?\b|ad-slot|adslot|likes"
)
"""The names of `BOILERPLATE_NAMES` that `--article` takes out around the regions of a
page whose content is many regions: all but those that name a listing's items or a
product's parts as often as widgets ("widget", "carousel", "slider", "gallery",
"caption", "teaser", "rating", "banner", "tools", "follow")."""
TEMPLATE_CORES = tuple(
    "shar social related newsletter subscri signup sign-up login cookie consent breadcrumb sidebar advert sponsor popup "
    "modal outbrain taboola recommend trending most popular footer masthead menu nav toolbar ad".split()
)
"""A word that every match of `TEMPLATE_NAMES` holds (see `BOILERPLATE_CORES`)."""
NON_CONTENT_TAGS = frozenset({"nav", "aside", "footer", "form", "figure", "figcaption", "button", "label", "header"})
"""Elements that hold navigation, asides, forms and captions, not the article's text."""
TEMPLATE_TAGS = NON_CONTENT_TAGS - {"figure", "figcaption"}
"""Of those, the elements that hold a page's template, not its content, wherever they stand."""


_ID_WORDS = re.compile(r"[^\W_]+")
ANCHOR_REACH = 3
"""How many elements up from a heading an element named after it may be."""


_Fact = TypeVar("_Fact")


def _page_fact(page: Page, work: Callable[[Page], _Fact]) -> _Fact:
    """`work(page)`, worked out once a page: several rules ask for the same facts of a page
    (HT01, HT05 and HT06 where its prose lies, HT03 and HT06 its heading anchors)."""
    facts = page.facts
    name = work.__name__
    if name not in facts:
        facts[name] = work(page)
    return facts[name]  # type: ignore[return-value]


def _heading_anchors(page: Page) -> frozenset[int]:
    return _page_fact(page, _find_heading_anchors)


def _find_heading_anchors(page: Page) -> frozenset[int]:
    """Elements whose id is made from the words of a heading inside them (`<section
    id="more-on-lists"><h2>More on Lists</h2>`), as documentation tools and Markdown
    renderers write them: the id names a part of the text, not a widget, whatever
    its words (an "s-" or "id-" prefix aside)."""
    anchors = set()
    for block in page.blocks:
        if not block.heading:
            continue
        heading = set(_ID_WORDS.findall(block.text.lower()))
        element, steps = block.element, 0
        while element >= 0 and steps <= ANCHOR_REACH:
            ident = page.elements[element].ident
            if ident:
                words = [word for word in _ID_WORDS.findall(ident.lower()) if word not in ("s", "id")]
                if words and set(words) <= heading:
                    anchors.add(element)
            element, steps = page.elements[element].parent, steps + 1
    return frozenset(anchors)


def _named_apart_from_anchors(page: Page, named: Callable[[Element], bool]) -> Callable[[Element], bool]:
    """`named`, with the id of a heading's anchor (`_heading_anchors`) left out."""
    anchors = _heading_anchors(page)
    if not anchors:
        return named

    def test(element: Element) -> bool:
        if element.index in anchors:
            return bool(element.classes) and named(element._replace(ident=""))
        return named(element)

    return test


def _region_roots(page: Page) -> set[int]:
    return {page.main, *page.main_extra}


def _first_enclosing(page: Page, test: Callable[[Element], bool], limit: float, shield: frozenset[str] = frozenset()) -> dict[int, int]:
    """For each element of the main content, the nearest element from it up to (not
    including) the content's root, and below any `shield` element, that holds less than
    `limit` characters of text and passes `test`; elements with none are left out. One
    pass in document order, so the cost does not grow with the page's nesting."""
    found: dict[int, int] = {}
    chars, elements = page.subtree_chars, page.elements
    for root in _region_roots(page):
        # Elements as plain tuples (index, tag, parent, ...): this loop sees every element of the region, twice a page.
        for element in elements[root + 1 : page.subtree_end[root]]:
            index, tag, parent = element[0], element[1], element[2]
            if chars[index] < limit and test(element):
                found[index] = index
            elif parent in found and tag not in shield:
                found[index] = found[parent]
    return found


def _inside(
    doc: Document,
    code: str,
    max_share: float,
    test: Callable[[Element], bool],
    reason: Callable[[Element], str],
    shield: frozenset[str] = frozenset(),
) -> list[Verdict]:
    """Remove the main content's blocks that sit inside an element passing `test`, unless
    that element holds `max_share` of the main content's text (then it is a wrapper)."""
    page = doc.page
    if page is None or page.main < 0:
        return []
    chars = page.subtree_chars
    limit = max_share * sum(chars[root] for root in _region_roots(page))
    found = _first_enclosing(page, test, limit, shield)
    return [
        Verdict.drop_block(line, code, reason(page.elements[found[block.element]]))
        for line, block in zip(doc.blocks, page.blocks)
        if block.in_main and block.element in found
    ]


@dataclass(frozen=True)
class OutsideMainContent:
    """HT01 outside-main-content: a block outside the page's main-content region.

    What it removes: every block of an HTML page that lies outside the element that
    holds the page's prose (and the siblings that continue it): menus, headers,
    sidebars, footers, lists of other stories.

    On a page whose content is many regions (the region holds under 300 characters of
    prose, or under 60% of the page's prose and under five times the prose of the
    largest element outside it: the posts of a thread, the items of a listing; or the
    region lies in a `footer`, `aside` or `nav`, whose blocks are then judged as the
    others; or the page's `<h1>` stands above it
    with as much prose as an article, and half the region's, between them: a service's
    or a product's sections), it removes outside the region only what is
    marked as template: `nav`, `header`, `footer`, `aside`, forms, buttons and labels,
    elements named by `MANY_REGION_NAMES` ("menu", "comments", "related", "cookie"...),
    and lines of links in lists of links (around a region thinner than
    `THIN_REGION_CHARS`, only those shorter than `ITEM_TITLE_CHARS`: a menu's labels,
    not a listing's titles).

    Why: the main content is found from the markup: each paragraph of prose scores
    the element that holds it, as readability does, names such as "article-body"
    raise an element and names such as "sidebar" lower it, and the region grows to
    an ancestor that holds clearly more prose without gaining links or non-prose text.
    One region is an article's body; a page whose prose lies in many places is not
    one article, and the region would keep one post or one item of it.

    Example: "Home | World | Business" in the `<nav>` above `<article>` goes.

    Must keep: every block inside the region, and the page's `<h1>` when it stands
    right above the region (a headline set in a header beside the article's body); a
    page with no paragraph of prose (nothing scores) keeps all its blocks; on a page of
    many regions, the other posts and items, and the titles of listed items.
    """

    code = "HT01"
    name = "outside-main-content"
    description = "HTML: a block outside the element that holds the page's prose."
    stage = Stage.MARKUP
    kinds = HTML_ONLY

    def check(self, doc: Document) -> list[Verdict]:
        page = doc.page
        if page is None or page.main < 0:
            return []
        if not _one_article(page):
            outside = f"outside the main content ({page.elements[page.main].label}), on a page whose prose is in many regions"
            # Around a thin region (a listing's intro), long lines of links are the items' titles.
            titles = ITEM_TITLE_CHARS if _prose_spread(page).inside < THIN_REGION_CHARS else 0
            return _template_verdicts(
                doc, self.code, outside, TEMPLATE_TAGS, MANY_REGION_NAMES, BOILERPLATE_CORES, links_go=True, min_title_chars=titles,
                with_region=_region_in_template(page),
            )
        label = page.elements[page.main].label
        reason = f"outside the main content ({label}{' and its siblings' if page.main_extra else ''})"
        return [Verdict.drop_block(line, self.code, reason) for line, block in zip(doc.blocks, page.blocks) if not block.in_main]


@dataclass(frozen=True)
class LinkList:
    """HT02 link-list: a block of the main content that is mostly link text.

    What it removes: list items and lines of the main content whose text is mostly
    links: "related stories" lists, tag lists, "more on this topic" links.

    Why: article sentences carry a few links; lines that are links are navigation.

    Example: `<li><a href="/a">Storm closes ports</a></li>` inside the article element.

    Must keep: sentences with some links; a line that is a link but stands among the
    article's paragraphs (`<p><a href="...">Read the full report</a></p>` next to
    prose) when its own container is not mostly links.
    """

    code = "HT02"
    name = "link-list"
    description = "HTML: a block of the main content that is mostly link text, among other links."
    stage = Stage.MARKUP
    kinds = HTML_ONLY
    max_link_share: float = setting(0.5, above=0, at_most=1)
    """A block, and the element its list sits in, with more link text than this is navigation."""

    def check(self, doc: Document) -> list[Verdict]:
        page = doc.page
        if page is None:
            return []
        verdicts = []
        for line, block in zip(doc.blocks, page.blocks):
            if not block.in_main:
                continue
            group = _list_of_links(page, block, self.max_link_share)
            if group >= 0:
                verdicts.append(Verdict.drop_block(line, self.code, f"{block.link_density:.0%} of its text is link text, in a list of links ({page.elements[group].label})"))
        return verdicts


def _list_of_links(page: Page, block: HtmlBlock, max_link_share: float) -> int:
    """The element of the list of links that `block` is a line of, or -1: a line with more
    link text than `max_link_share`, in an element (an item's: its list) with as much."""
    if block.link_density <= max_link_share:
        return -1
    element = page.elements[block.element]
    group = element.parent if element.tag in ("li", "dd", "dt", "td", "p") and element.parent >= 0 else element.index
    return group if page.subtree_link_chars[group] > max_link_share * page.subtree_chars[group] else -1


@dataclass(frozen=True)
class BoilerplateContainer:
    """HT03 boilerplate-container: a block inside an element named as a page part.

    What it removes: blocks in the main content that sit inside an element whose
    class or id names a part of the page template: "share-tools", "related-posts",
    "comments", "newsletter-signup", "author-bio", "photo-credit", "ad-slot".

    Why: sites name their widgets; a widget placed inside the article element is
    still not the article.

    Example: "Sharing is caring!" in `<p class="share-text">` inside the post body.

    Must keep: an element so named that holds at least `max_share` of the main
    content's text (a wrapper such as "post-with-comments" around the whole article),
    a `<blockquote>` inside a named widget (an embedded post quoted by the article),
    and elements named so only by utility-CSS variants (`print:hidden`).
    """

    code = "HT03"
    name = "boilerplate-container"
    description = "HTML: a block inside an element whose class or id names a widget (share, related, comments...)."
    stage = Stage.MARKUP
    kinds = HTML_ONLY
    max_share: float = setting(0.5, above=0, at_most=1)
    """A named element holding this share of the main content's text or more is a wrapper."""
    article: bool = True
    """The article preset's names (`BOILERPLATE_NAMES`, True), or the default's (`TEMPLATE_NAMES`, False)."""

    def check(self, doc: Document) -> list[Verdict]:
        from cleaner.readers.dom import named_by

        names, cores = (BOILERPLATE_NAMES, BOILERPLATE_CORES) if self.article else (TEMPLATE_NAMES, TEMPLATE_CORES)

        def reason(element: Element) -> str:
            word = names.search(element.names).group().strip("-_")  # type: ignore[union-attr]
            return f"inside {element.label}, whose class or id names a page part ({word!r})"

        if doc.page is None:
            return []
        test = _apart_from_variants(_named_apart_from_anchors(doc.page, named_by(names, cores)))
        # A quotation inside a named widget (an embedded post) is quoted content.
        return _inside(doc, self.code, self.max_share, test, reason, frozenset({"blockquote"}))


@dataclass(frozen=True)
class NonContentElement:
    """HT04 non-content-element: a block inside a `<nav>`, `<aside>`, `<footer>`, form or caption.

    What it removes: blocks in the main content inside `nav`, `aside`, `footer`,
    `header`, `form`, `button`, `label`, `figure` or `figcaption`: in-article
    navigation, pull-out boxes, the article's own header and footer lines (dates,
    "filed under"), sign-up forms, photo captions and credits.

    Why: HTML names these elements for what they are; the article's sentences are
    in its paragraphs, not in them.

    Example: "Photo: Damian Dovarganes, AP" in a `<figcaption>`.

    Must keep: such an element that holds at least `max_share` of the main content's
    text (a page that wraps its whole article in `<header>` or `<form>`); with the
    default preset, the `<header>` of a section or an item that holds its title
    (`_section_header`).
    """

    code = "HT04"
    name = "non-content-element"
    description = "HTML: a block inside nav, aside, footer, header, form or figure/figcaption in the main content."
    stage = Stage.MARKUP
    kinds = HTML_ONLY
    max_share: float = setting(0.5, above=0, at_most=1)
    article: bool = True
    """The article preset's (True); the default's (False) keeps figures and their
    captions, which hold a page's charts, tables and product pictures' text as often as credits."""

    def check(self, doc: Document) -> list[Verdict]:
        if self.article:
            return _inside(doc, self.code, self.max_share, lambda e: e.tag in NON_CONTENT_TAGS, lambda e: f"inside <{e.tag}> ({e.label})")
        page = doc.page
        if page is None:
            return []
        return _inside(
            doc, self.code, self.max_share, lambda e: e.tag in TEMPLATE_TAGS and not _section_header(page, e.index), lambda e: f"inside <{e.tag}> ({e.label})"
        )


PROSE_CHARS = 80
"""A block this long, not a heading..."""
PROSE_LINK_SHARE = 0.25
"""...with at most this share of link text, is prose, for `_prose_spread`."""
DOMINANT_SHARE = 0.7
"""A region holding this share of the page's prose is an article, for the default's lists of links (HT06)."""
ONE_ARTICLE_SHARE = 0.6
"""`--article` keeps the main region alone (HT01) when it holds this share of the page's prose..."""
ONE_ARTICLE_MIN_CHARS = 300
"""A region with less prose than this is too thin to be the page's one article."""
ONE_ARTICLE_UNITS = 5
"""...or this many times the prose of the largest element outside it that holds prose
(a teaser, a comment, a post), since then the page is one article among short pieces."""


class _Spread(NamedTuple):
    inside: int
    """Characters of prose in the main region."""
    outside: int
    """...and outside it..."""
    largest_unit: int
    """...of which in the element that holds the most of it (its prose blocks' parent)."""


def _prose_spread(page: Page) -> _Spread:
    """Where a page's prose lies: in its main region, or around it."""
    return _page_fact(page, _measured_prose_spread)


def _measured_prose_spread(page: Page) -> _Spread:
    inside = outside = 0
    units: dict[int, int] = {}
    for block in page.blocks:
        size = len(block.text)
        if block.heading or size < PROSE_CHARS or block.link_chars > PROSE_LINK_SHARE * size:
            continue
        if block.in_main:
            inside += size
        else:
            outside += size
            unit = page.elements[block.element].parent
            units[unit] = units.get(unit, 0) + size
    return _Spread(inside, outside, max(units.values(), default=0))


def _region_holds_the_prose(page: Page) -> bool:
    """Whether the main region holds `DOMINANT_SHARE` of the page's prose: an article
    page, whose lists of links around the region are other stories; on a page whose
    prose is spread (a thread, a listing, a hub) they may be its items."""
    spread = _prose_spread(page)
    return spread.inside > 0 and spread.inside >= DOMINANT_SHARE * (spread.inside + spread.outside)


def _one_article(page: Page) -> bool:
    """Whether the page's content is its main region alone (`ONE_ARTICLE_SHARE`,
    `ONE_ARTICLE_UNITS`); otherwise it is in many regions: the posts of a thread, the
    items of a listing, a product's description and specifications."""
    return _page_fact(page, _judged_one_article)


def _judged_one_article(page: Page) -> bool:
    spread = _prose_spread(page)
    if spread.inside < ONE_ARTICLE_MIN_CHARS or _region_in_template(page):
        return False
    between = _prose_after_headline(page)
    if between >= ONE_ARTICLE_MIN_CHARS and between >= HEADLINE_GAP_SHARE * spread.inside:
        return False
    return spread.inside >= ONE_ARTICLE_SHARE * (spread.inside + spread.outside) or spread.inside >= ONE_ARTICLE_UNITS * spread.largest_unit


def _template_parts(
    page: Page,
    limit: float,
    tags: frozenset[str],
    names: re.Pattern[str],
    cores: tuple[str, ...],
    scoped: bool = False,
    items: bool = False,
    with_region: bool = False,
) -> list[int]:
    """For each element outside the main region, the nearest element from it up that
    holds less than `limit` characters of text and is tagged (`tags`) or named (`names`,
    see `named_by`; a heading's anchor by its class alone, `_heading_anchors`) as a part
    of the page's template, or -1. One pass in document order, over the elements
    outside the region only (`with_region`: over the region's too).

    With `scoped`, a tagged element whose markup says it belongs to the content is not
    a part of the template (`_scoped_apart`): a button that is a heading's text, and
    with `items` (a page that is not one article) an item's header or a form of posts."""
    from cleaner.readers.dom import word_search

    # `named_by` inlined: this loop sees every element outside the region, on every page.
    holds_core = word_search(cores)
    seen: dict[tuple[str, str], bool] = {}
    anchors = _heading_anchors(page)
    chars, elements = page.subtree_chars, page.elements
    subtree_end = page.subtree_end
    region_ends = {} if with_region else {root: subtree_end[root] for root in _region_roots(page) if root >= 0}
    found = [-1] * len(elements)
    sectioned = [False] * len(elements) if scoped and items else None
    index, count = 0, len(elements)
    while index < count:
        size = chars[index]
        if size == 0:
            index = subtree_end[index]  # no block lies in it
            continue
        end = region_ends.get(index)
        if end is not None:
            index = end
            continue
        _, tag, parent, ident, classes = elements[index]
        if index in anchors:
            ident = ""
        if sectioned is not None:
            # The sectioning element around the main region is the page's article: its header is the page's.
            sectioned[index] = (tag in SECTIONING_TAGS and not index < page.main < subtree_end[index]) or (parent >= 0 and sectioned[parent])
        tagged = tag in tags and not (scoped and _scoped_apart(page, index, sectioned))
        named = False
        if size < limit and not tagged and (ident or classes):
            key = (classes, ident)
            named = seen.get(key)  # type: ignore[assignment]
            if named is None:
                text = f"{classes} {ident}".lower()
                named = seen[key] = (holds_core is None or holds_core(text)) and names.search(text) is not None
        if size < limit and (tagged or named):
            found[index] = index
        elif parent >= 0:
            found[index] = found[parent]
        index += 1
    return found


@dataclass(frozen=True)
class PageTemplate:
    """HT06 page-template: a block outside the main content that is clearly the page's template.

    What it removes: blocks of an HTML page outside the element that holds its prose
    (HT01's region) that sit in a `<nav>`, `<header>`, `<footer>`, `<aside>` or form, or
    in an element whose class or id names a page part ("menu", "sidebar", "related",
    "cookie-consent"); and, on a page whose region holds most of its prose (an
    article), lines that are links among other links (lists of other stories), unless
    the region is thin (`THIN_REGION_CHARS`) and they hold `LISTING_LINKS_SHARE` times
    its prose: then they are a listing's items under its intro.
    It is the default preset's HT01: the other blocks outside the region stay.

    Why: many pages hold their content in several regions (the posts of a thread, the
    items of a listing, a product's description and specifications); the region of
    prose holds one. What is outside it and marked as template is boilerplate on any page.

    Example: "Home | World | Business" in the `<nav>` above the page's content.

    Must keep: blocks outside the region that markup does not mark as template: the
    other posts of a thread, the items of a listing (their linked titles too, since the
    region of such a page holds little of its prose), a table of specifications,
    headings that are links; a page with no paragraph of prose keeps all its blocks.
    What the markup scopes to the content although its tag is a template's: the
    `<button>` of an accordion's heading; on a page that is not one article (HT01's
    test), the `<header>` of a listing's `<article>` that holds its title and a form that
    holds posts (`FORM_PROSE_CHARS`), or one of the forms a thread renders each comment
    in (`POST_FORMS`). Names are words: "shared" and the colour "navy" name no
    share bar or menu.
    """

    code = "HT06"
    name = "page-template"
    description = "HTML: a block outside the main content inside nav, header, footer, aside, a form or a named widget; on an article page, in a list of links."
    stage = Stage.MARKUP
    kinds = HTML_ONLY
    max_share: float = setting(0.5, above=0, at_most=1)
    """An element holding this share of the page's text or more is a wrapper, not a template part."""
    max_link_share: float = setting(0.5, above=0, at_most=1)
    """A line, and the element its list sits in, with more link text than this is navigation."""

    def check(self, doc: Document) -> list[Verdict]:
        page = doc.page
        if page is None or page.main < 0 or not page.elements:
            return []
        outside = f"outside the main content ({page.elements[page.main].label})"
        inside = _prose_spread(page).inside
        return _template_verdicts(
            doc, self.code, outside, TEMPLATE_TAGS, TEMPLATE_NAMES, TEMPLATE_CORES, _region_holds_the_prose(page), self.max_share,
            self.max_link_share, links_note=", which holds most of the page's prose", scoped=True, items=not _one_article(page),
            max_links_chars=LISTING_LINKS_SHARE * inside if inside < THIN_REGION_CHARS else 0,
        )


def _template_verdicts(
    doc: Document,
    code: str,
    outside: str,
    tags: frozenset[str],
    names: re.Pattern[str],
    cores: tuple[str, ...],
    links_go: bool,
    max_share: float = 0.5,
    max_link_share: float = 0.5,
    links_note: str = "",
    scoped: bool = False,
    items: bool = False,
    min_title_chars: int = 0,
    with_region: bool = False,
    max_links_chars: float = 0,
) -> list[Verdict]:
    """Remove the blocks outside the main region that lie in an element tagged as one of
    `tags` or named by `names` and holding less than `max_share` of the page's text, and
    with `links_go`, the lines that are links (over `max_link_share` of their text) in
    a list of links, headings aside, and with `min_title_chars`, lines at least that
    long (titles), and with `max_links_chars`, none of those lines when they hold more
    text than that (they are then the page's items); `with_region`, the region's blocks
    too (a region found inside the template). `outside` opens each reason, and
    `links_note` follows it in the reasons of lines of links; `scoped` and `items` as
    `_template_parts` has them."""
    page = doc.page
    assert page is not None
    chars = page.subtree_chars
    total, top = 0, 0
    while top < len(chars):  # the outermost elements, one subtree after another
        total += chars[top]
        top = page.subtree_end[top]
    part = _template_parts(page, max_share * total, tags, names, cores, scoped=scoped, items=items, with_region=with_region)
    anchors = _heading_anchors(page)
    verdicts, link_lines, link_chars = [], [], 0
    reasons: dict[int, str] = {}
    by_name: dict[tuple[str, str, str, bool], str] = {}
    """Reasons by what they say of the element: templates repeat their parts' tags and names."""
    elements = page.elements
    for line, block in zip(doc.blocks, page.blocks):
        if block.in_main and not with_region:
            continue
        owner = part[block.element]
        if owner >= 0:
            reason = reasons.get(owner)
            if reason is None:
                _, tag, _, ident, classes = element = elements[owner]
                key = (tag, ident, classes, owner in anchors)
                reason = by_name.get(key)
                if reason is None:
                    if tag in tags:
                        reason = f"{outside}, inside <{tag}> ({element.label})"
                    else:
                        word = names.search(element.names if not key[3] else classes.lower()).group().strip("-_")  # type: ignore[union-attr]
                        reason = f"{outside}, inside {element.label}, whose class or id names a page part ({word!r})"
                    by_name[key] = reason
                reasons[owner] = reason
            verdicts.append(Verdict(line.start, line.stop, code, reason))
        elif (
            links_go and not block.heading and not (min_title_chars and len(block.text) >= min_title_chars)
            and (group := _list_of_links(page, block, max_link_share)) >= 0
        ):
            link_lines.append(Verdict.drop_block(
                line, code, f"{outside}{links_note}; {block.link_density:.0%} of its text is link text, in a list of links ({page.elements[group].label})"
            ))
            link_chars += len(block.text)
    if not link_lines or (max_links_chars and link_chars > max_links_chars):
        return verdicts
    return sorted(verdicts + link_lines, key=lambda verdict: verdict.start)


HTML_RULES = (OutsideMainContent(), LinkList(), BoilerplateContainer(), NonContentElement())


@dataclass(frozen=True)
class PageHeadline:
    """HT05 page-headline: the page's `<h1>` headline (preset `--article` only).

    What it removes: level-1 headings of an HTML page, the headline above the article.

    Why: `--article` keeps the article's body; the headline is the page's title, not
    part of the body (the benchmark's article bodies leave it out too). The default
    preset keeps it, since most readers of a clean page want it.

    Example: `<h1>Harbour reopens after the storm</h1>` above the first paragraph.

    Must keep: the article's other headings (`<h2>` and below), which structure its body;
    on a page whose content is many regions (HT01's), an `<h1>` outside the main region:
    the title of a thread, a product or a listing, not an article's headline.
    """

    code = "HT05"
    name = "page-headline"
    description = "HTML, --article only: the page's <h1> headline above the article body."
    stage = Stage.MARKUP
    kinds = HTML_ONLY

    def check(self, doc: Document) -> list[Verdict]:
        page = doc.page
        if page is None:
            return []
        # On a page of many regions, an <h1> standing apart from the region (not the
        # headline set right above it) titles the whole page: a thread's, a product's.
        apart_stays = page.main >= 0 and not _one_article(page)
        return [
            Verdict.drop_block(line, self.code, "the page's <h1> headline, not the article's body")
            for line, block in zip(doc.blocks, page.blocks)
            if block.heading == 1 and not (apart_stays and not block.in_main)
        ]


SECTIONING_TAGS = frozenset({"article", "aside", "main", "nav", "section"})
"""Elements whose `<header>` is their own, not the page's: ARIA maps a header to the
page's banner only outside them."""
FORM_PROSE_CHARS = 800
"""A form holding this many characters of text outside links holds content (the posts of a
thread a site renders inside its reply form, a product's options), not a search or sign-up box."""


def _scoped_apart(page: Page, index: int, sectioned: list[bool] | None) -> bool:
    """Whether an element of a template tag at `index` belongs to the content rather than
    to the page, by the markup's own scope: a `<button>` that is the text of a heading
    (the accordion pattern: `<h3><button>Sizing</button></h3>`); and on a page of many
    items (`sectioned` given: which elements lie in sectioning content other than the main
    region's), a `<header>` that holds a heading inside such content (an `<article>` of a
    listing holds its title in its header), a form holding `FORM_PROSE_CHARS` of text,
    or one of a thread's forms of posts (`_post_forms`)."""
    elements = page.elements
    _, tag, parent, _, _ = elements[index]
    if tag == "button":
        return parent >= 0 and elements[parent].tag in _HEADINGS
    if sectioned is None:
        return False
    if tag == "header":
        return parent >= 0 and sectioned[parent] and any(element[1] in _HEADINGS for element in elements[index + 1 : page.subtree_end[index]])
    return tag == "form" and (page.subtree_chars[index] - page.subtree_link_chars[index] >= FORM_PROSE_CHARS or index in _post_forms(page))


POST_FORMS = 3
"""A page with this many forms that each hold paragraphs of prose, as `POST_FORM_PROSE_SHARE`
of their text or more..."""
POST_FORM_PROSE_SHARE = 0.8


def _post_forms(page: Page) -> frozenset[int]:
    return _page_fact(page, _find_post_forms)


def _find_post_forms(page: Page) -> frozenset[int]:
    """...and `FORM_PROSE_CHARS` of it in all, renders a post in each form (a thread whose
    comments are each their own edit form): those forms hold the posts."""
    chars, elements = page.subtree_chars, page.elements
    prose: Counter[int] = Counter()
    seen: Counter[str] = Counter()
    for block in page.blocks:
        if block.heading or len(block.text) < PROSE_CHARS or block.link_chars > PROSE_LINK_SHARE * len(block.text):
            continue
        element = block.element
        while element >= 0 and elements[element].tag != "form":
            element = elements[element].parent
        if element >= 0:
            prose[element] += len(block.text)
            seen[block.text] += 1
    # A post's form holds the post and little else; a sign-in or sign-up form holds its
    # fields' labels around its terms. A paragraph that recurs in every form is the form's
    # own text ("Report this post"), not a post.
    forms = [form for form, size in prose.items() if size >= POST_FORM_PROSE_SHARE * chars[form]]
    if len(forms) < POST_FORMS or sum(prose[form] for form in forms) < FORM_PROSE_CHARS or seen.most_common(1)[0][1] > 1:
        return frozenset()
    return frozenset(forms)


_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_SUBHEADINGS = _HEADINGS - {"h1"}


def _section_header(page: Page, index: int) -> bool:
    """Whether the element at `index` is the `<header>` of a section or an item inside
    the content: its parent is sectioning content and it holds a heading below the
    page's `<h1>` (`<section><header><h3>The trail</h3></header>`), the title of that
    part; the article's own header holds its `<h1>`, byline and date."""
    elements = page.elements
    _, tag, parent, _, _ = elements[index]
    if tag != "header" or parent < 0 or elements[parent].tag not in SECTIONING_TAGS:
        return False
    inner = elements[index + 1 : page.subtree_end[index]]
    return any(element[1] in _SUBHEADINGS for element in inner) and not any(element[1] == "h1" for element in inner)


ITEM_TITLE_CHARS = 40
"""On a page of many regions whose region is thin (HT01), a line of links this long
outside the region is an item's title (a listing's, a collection's), not a menu's label..."""
THIN_REGION_CHARS = 600
"""...the region holding less prose than this (twice `ONE_ARTICLE_MIN_CHARS`): a listing's
intro or one item's summary. Around a body of prose (an article with its comments),
such lines are other stories."""
LISTING_LINKS_SHARE = 3.0
"""Lines of links outside a thin region holding more than this many times its prose are
the page's items (a listing's titles under a short intro), for HT06: a short article's
lists of other stories hold less."""
HEADLINE_GAP_SHARE = 0.5
"""Prose between the page's headline and its main region, at least this share of the
region's own (and enough for an article), makes the region one part of the page, for
`_one_article`; an article's standfirst, captions and key points are far less."""
REGION_TEMPLATE_TAGS = frozenset({"footer", "aside", "nav"})
"""Elements a main region inside which is the template's prose (`header` and `form` wrap
whole pages as often)."""


def _region_in_template(page: Page) -> bool:
    """Whether the main region lies inside a `<footer>`, `<aside>` or `<nav>`: its prose is
    then the template's (a footer's disclaimer, a sidebar's blurb), not the page's one
    article."""
    element = page.main
    while element >= 0:
        if page.elements[element].tag in REGION_TEMPLATE_TAGS:
            return True
        element = page.elements[element].parent
    return False


def _prose_after_headline(page: Page) -> int:
    """Characters of prose (`_prose_spread`'s) between the page's first `<h1>` and the
    main region, when the headline stands before it. An article's body follows its
    headline, with at most a standfirst or a byline between; as much prose as an
    article of its own there (a service's sections, a product's description above its
    reviews) says the region is not the headline's article but one part of the page."""
    prose, after_headline = 0, False
    for block in page.blocks:
        if block.in_main:
            return prose if after_headline else 0
        if block.heading == 1:
            after_headline = True
        elif after_headline and len(block.text) >= PROSE_CHARS and block.link_chars <= PROSE_LINK_SHARE * len(block.text):
            prose += len(block.text)
    return 0


def _apart_from_variants(named: Callable[[Element], bool]) -> Callable[[Element], bool]:
    """`named`, with the classes that hold a colon left out: utility-CSS variants
    (`print:hidden`, `md:flex`, `hover:underline`) say how an element looks in some
    state, not what it is, and any element may carry them."""

    def test(element: Element) -> bool:
        if ":" in element.classes:
            element = element._replace(classes=" ".join(name for name in element.classes.split() if ":" not in name))
        return named(element)

    return test


@dataclass(frozen=True)
class RepeatedElement:
    """HT07 repeated-element: a block of an HTML page that prints an earlier one again (preset `--article` only).

    What it removes: a block whose text is exactly that of a block of the main region,
    or of an earlier block outside it; inside the region, the second copy of a
    paragraph (at least `min_region_chars`) that the region prints exactly twice.

    Why: responsive templates render the same content twice (a mobile and a desktop
    copy of a product's description, a sticky header repeating the title, a thread
    quoting whole posts), and a page's text then holds every word twice.

    Example: a product's description in the page's gallery panel and again under
    its tabs keeps its first copy.

    Must keep: the region's copy of a text also printed around it; short lines that
    recur in the region (a table's cells, a code listing's lines, "Yes."); paragraphs
    the region prints three times or more (an interview's recurring question, a meal
    plan's line); blocks that differ in any character.
    """

    code = "HT07"
    name = "repeated-element"
    description = "HTML, --article only: a block that repeats a block of the main region or an earlier block."
    stage = Stage.MARKUP
    kinds = HTML_ONLY
    min_chars: int = setting(20, at_least=1)
    """Shorter blocks outside the region (labels, prices, "Add to cart") may recur; they are left to the other rules."""
    min_region_chars: int = setting(80, at_least=1)
    """Inside the region only a repeated paragraph this long goes: code lines and table cells recur."""

    def check(self, doc: Document) -> list[Verdict]:
        page = doc.page
        if page is None or page.main < 0:
            return []
        in_region = {block.text for block in page.blocks if block.in_main and len(block.text) >= self.min_chars}
        # A paragraph printed three times or more in the region is a recurring question of
        # an interview, a meal plan's line or a refrain (as RB01 says), not a copy.
        copies = Counter(block.text for block in page.blocks if block.in_main and len(block.text) >= self.min_region_chars)
        seen_inside: set[str] = set()
        seen_outside: set[str] = set()
        verdicts = []
        for line, block in zip(doc.blocks, page.blocks):
            text = block.text
            if block.in_main:
                if len(text) < self.min_region_chars or copies[text] != 2:
                    continue
                if text in seen_inside:
                    verdicts.append(Verdict.drop_block(line, self.code, "repeats an earlier paragraph of the main content"))
                seen_inside.add(text)
            elif len(text) >= self.min_chars:
                if text in in_region:
                    verdicts.append(Verdict.drop_block(line, self.code, "repeats a block of the main content, outside it"))
                elif text in seen_outside:
                    verdicts.append(Verdict.drop_block(line, self.code, "repeats an earlier block outside the main content"))
                seen_outside.add(text)
        return verdicts
