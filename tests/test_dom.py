"""cleaner.readers.dom and clean_page on generated pages: nothing lost, nothing judged twice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from cleaner.engine.pipeline import clean_page, clean_text
from cleaner.model.spans import restore_text
from cleaner.readers import dom
from cleaner.readers.dom import parse_page
from cleaner.rules.base import Kind
from cleaner.rules.presets import Preset, preset_rules
from cleaner.sites.pages import declared_site

WORDS = ["harbour", "council", "ferry", "Share", "Home", "the", "storm,", "said.", "Advertisement", "—", "icon-close"]
BLOCKS = ["div", "p", "ul", "li", "h1", "h2", "nav", "footer", "article", "section", "aside", "figure", "blockquote", "pre", "table", "td"]
INLINE = ["a", "span", "b", "em"]
CLASSES = ["", "story", "share-tools", "related", "content", "menu", "byline", "post-body"]
ODD_NAMES = ["9lives", "-x", "_lead", "a b", " \tnews", "caf\u00e9", "\u00e9t\u00e9 menu", "x\u00b2", "a" * 41, "b" * 40, "tags\u2003nav", "\u0130ndex"]
"""Class and id values beyond the plain ones: digits or dashes first, spaces, letters beyond ASCII, the length limit."""


@st.composite
def fragments(draw: st.DrawFn, depth: int = 0) -> str:
    """A piece of HTML: text, an empty element, or an element holding more pieces."""
    kind = draw(st.sampled_from(["text", "text", "block", "inline", "br", "script"] if depth < 5 else ["text", "br"]))
    if kind == "text":
        return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25)))
    if kind == "br":
        return "<br>"
    if kind == "script":
        return "<script>var hidden = 'never text';</script>"
    tag = draw(st.sampled_from(BLOCKS if kind == "block" else INLINE))
    name = draw(st.sampled_from(CLASSES))
    inner = "".join(draw(st.lists(fragments(depth + 1), max_size=4)))
    attributes = f' class="{name}"' if name else ""
    # Some elements are left unclosed, as broken pages leave them.
    closing = "" if draw(st.booleans()) and tag in ("p", "li", "td") else f"</{tag}>"
    return f"<{tag}{attributes}>{inner}{closing}"


pages = st.lists(fragments(), min_size=1, max_size=6).map(lambda parts: "<html><body>" + "".join(parts) + "</body></html>")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages, st.sampled_from(list(Preset)), st.booleans())
def test_the_page_text_is_rebuilt_from_the_clean_text_and_the_removals(html: str, preset: Preset, structure: bool) -> None:
    page = parse_page(html)
    result = clean_page(page, preset_rules(preset), structure)
    assert result.original == page.text(structure)
    assert restore_text(result.text, result.removals) == result.original
    assert all(removal.element for removal in result.removals)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages, st.sampled_from(list(Preset)))
def test_the_line_rules_find_nothing_more_in_a_page_s_clean_text(html: str, preset: Preset) -> None:
    rules = [rule for rule in preset_rules(preset) if Kind.HTML in rule.kinds]
    result = clean_page(parse_page(html), rules)
    assert not clean_text(result.text, rules).changed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages)
def test_blocks_are_the_page_s_lines_and_hold_no_hidden_text(html: str) -> None:
    page = parse_page(html)
    lines = page.text().splitlines()
    assert lines == [block.text for block in page.blocks]
    assert all(line and line == " ".join(line.split()) for line in lines)
    assert "never text" not in page.text()


def test_a_page_without_prose_has_no_main_content_and_keeps_every_block() -> None:
    page = parse_page('<body><ul><li><a href="/h">Harbour news</a></li><li><a href="/f">Ferry times</a></li></ul></body>')
    assert page.main == -1
    assert clean_page(page).text == "Harbour news\nFerry times\n"


def test_a_block_names_its_element_and_two_named_ancestors() -> None:
    page = parse_page('<body><div id="page"><main><div class="a b"><div><p>Text of the page.</p></div></div></main></div></body>')
    assert [block.path for block in page.blocks] == ["main > div.a > p"]


def test_a_page_declares_its_site_by_canonical_then_og_url_then_base_before_the_head_is_dropped() -> None:
    head = '<link rel="canonical" href="/relative/only"><meta property="og:url" content="https://WWW.Ledger.example:8443/a">'
    page = parse_page(f'<html><head>{head}<base href="https://other.example/"><meta property="og:title" content="Flood barrier finished"></head><body><h1>Flood</h1><p>Text.</p></body></html>')
    assert page.declared.urls == ("/relative/only", "https://WWW.Ledger.example:8443/a", "https://other.example/")
    assert declared_site(page) == "ledger.example"  # the canonical has no host: og:url is next
    assert page.headlines == {"Flood", "Flood barrier finished"}
    assert declared_site(parse_page("<p>No head at all.</p>")) is None
    pushed = '<html><head><div>stray</div><link rel="canonical" href="https://herald.example/a"></head><body><p>Text.</p></body></html>'
    assert declared_site(parse_page(pushed)) == "herald.example"  # the parser put the link in the body



HEAD_PIECES = [
    '<link rel="canonical" href=" https://harbour.example/a ">', '<link rel="CANONICAL" href="/b">', '<link rel="canonical " href="/c">',
    '<link rel="canonical">', '<LINK REL="canonical" HREF="/d">', '<link rel="alternate" href="/e">',
    '<meta property="og:url" content="https://ledger.example/x">', '<meta property="OG:URL" content="/y">', '<meta property="og:url">',
    '<meta property="og:title" content=" Flood  barrier ">', '<meta property="og:title" content="">', '<meta name="og:title" content="n">',
    '<base href="https://other.example/">', "<base href>", '<base target="_top">', "<title> Harbour\n news </title>", "<title></title>",
    "<svg><title>Icon <b>x</b><!-- c -->y</title></svg>", '<svg><link rel="canonical" href="/svg"/></svg>', "<div>stray</div>",
    '<template><link rel="canonical" href="/template"></template>', "<p>Text</p>", '<meta property="og:title" content="Second">',
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(HEAD_PIECES), max_size=6), st.lists(st.sampled_from(HEAD_PIECES), max_size=6), st.booleans())
def test_the_compiled_head_reading_finds_what_the_css_selectors_find(head: list[str], body: list[str], bare: bool) -> None:
    kernel = _lexbor_kernel()
    html = "".join(head + body) if bare else f"<html><head>{''.join(head)}</head><body>{''.join(body)}</body></html>"
    tree = LexborHTMLParser(html)
    for scope in (tree.head, tree.root, tree.body):
        assert kernel.declared(scope.mem_id) == dom._head_values_py(scope)
    title_node = tree.css_first("title")
    assert kernel.title(tree.root.mem_id) == (title_node.text() if title_node is not None else None)

WALK_TAGS = [*BLOCKS, "picture", "video", "map", "hr", "br", "img", "x-card", "dd", "dt", "main", "button"]
WALK_INLINE = [*INLINE, "a", "i", "span"]
WALK_TEXT = ["harbour, council", "ferry", " ", "\n  ", "&nbsp;", "line one\nline two\n", "<!-- note -->", "Ferry\n\nstorm", " storm "]


@st.composite
def walk_soup(draw: st.DrawFn, depth: int = 0) -> str:
    """Tag soup for the walk: every kind of tag it treats apart, mostly inline, with
    whitespace and newlines between and around them."""
    if depth >= 4 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(WALK_TEXT))
    tag = draw(st.sampled_from(WALK_INLINE if draw(st.booleans()) else WALK_TAGS))
    name = draw(st.sampled_from(CLASSES + ODD_NAMES))
    inner = "".join(draw(st.lists(walk_soup(depth + 1), max_size=5)))
    closing = "" if draw(st.integers(0, 3)) == 0 else f"</{tag}>"
    return f'<{tag} class="{name}" id="{name}x">{inner}{closing}'


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(walk_soup(), min_size=1, max_size=8), st.sampled_from([(), ("div.story",), ("p", "li.menu")]))
def test_compiled_walk_totals_and_blocks_give_the_python_ones_results(parts: list[str], keep: tuple[str, ...]) -> None:
    compiled = dom._compiled_walk()
    if compiled is None:
        pytest.skip("the compiled walk is not built (python setup.py build_ext --inplace)")
    tree = LexborHTMLParser("<html><body>" + "".join(parts))
    tree.strip_tags(dom.INVISIBLE)
    kept = dom._kept_nodes(tree, keep)
    walked = dom._walk_py(tree.body, kept)
    assert dom._Walked(*compiled.walk(tree.body, kept, dom._KINDS, dom.Element, dom._Run, dom.HEADING_TAGS, dom._collapse)) == walked
    assert dom._Totals(*compiled.totals(walked.elements, walked.runs)) == dom._totals_py(walked.elements, walked.runs)
    _assert_compiled_blocks_are_the_python_ones(compiled, walked)
    assert compiled.negatives(walked.elements, dom._words().negative, dom.NEGATIVE_TAGS) == dom._negatives_py(walked.elements, dom.NEGATIVE_NAMES)
    assert compiled.children(walked.elements) == dom._children_py(walked.elements)
    assert compiled.scores(walked.elements, walked.leaf, walked.runs, dom.PARAGRAPH_TAGS, dom.MIN_PARAGRAPH_CHARS) == dom._scores_py(
        walked.elements, walked.leaf, walked.runs
    )


UNSEEN_TAGS = ["script", "style", "noscript", "svg", "template", "select", "textarea", "iframe"]
HIDING = [
    "", "", "", " hidden", ' hidden="false"', ' aria-hidden="true"', ' aria-hidden="TRUE"', ' aria-hidden="true "',
    ' style="DISPLAY:NONE"', ' style="color: red; display: none"', ' style="display :none"', ' style="visibility:hiddenx"',
    ' style="Visibility:Hidden"', ' style="display:\u0130none"',
    # Names in capitals, repeated (the parser keeps the first), near misses, and several attributes at once.
    " HIDDEN", ' ARIA-HIDDEN="true"', ' Style="display:none"', ' aria-hidden="false" aria-hidden="true"',
    ' style="color:red" style="display:none"', " data-hidden", " hiddenx", ' title="x" style="color:red" aria-hidden="true"',
    ' aria-hiddenx="true"', ' lang="en" hidden',
]
DISCLOSING = [
    "", "", "", ' role="tabpanel"', ' role="TabPanel"', ' role="tabpanelx"', ' aria-labelledby="tab-1"', ' aria-labelledby',
    ' role="region" aria-labelledby="q1"', ' aria-labelledby="q1" role="REGION"', ' role="dialog" aria-labelledby="t"', ' role aria-labelledby="t"',
    ' role="menu" aria-labelledby="b"', ' role="" aria-labelledby="b"', ' data-faq="1"', ' title="accordion"',
    ' role="presentation" role="tabpanel"', ' role="tabpanel" role="menu"',
]
"""Attributes of the panels of tabs and accordions, which are read although hidden, and near misses."""
PANEL_NAMES = ["", "", "accordion__body", "Collapse show", "tab-pane fade", "tab__content", "tabs-panel", "FAQ-answer", "a-expander-content", "tabpanelx", "tab pane", "collİapse"]
"""Classes and ids that name a panel (in capitals too), and near misses."""
LEXBOR_TEXT = [*WALK_TEXT, "caf\u00e9 \u00a0 ", "\u00a0", "\u2003\u3000", "<!DOCTYPE x>", "a\u0000b", "&amp;#x85;", "\u0085"]


@st.composite
def lexbor_soup(draw: st.DrawFn, depth: int = 0) -> str:
    """Tag soup for the walk over Lexbor's tree: the walk's soup, with elements a reader
    never sees, elements the page hides (and attributes that only look as if they hide),
    and whitespace beyond ASCII."""
    if depth >= 4 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(LEXBOR_TEXT))
    tag = draw(st.sampled_from([*WALK_INLINE, *WALK_TAGS, *UNSEEN_TAGS, "x-widget", "embed", "option"]))
    name = draw(st.sampled_from(CLASSES + PANEL_NAMES))
    hiding = draw(st.sampled_from(HIDING)) + draw(st.sampled_from(DISCLOSING))
    inner = "".join(draw(st.lists(lexbor_soup(depth + 1), max_size=5)))
    closing = "" if draw(st.integers(0, 3)) == 0 else f"</{tag}>"
    ident = draw(st.sampled_from(["", f' id="{name}x"', " id", ' id=""']))
    return f'<{tag} class="{name}"{ident}{hiding}>{inner}{closing}'


def _lexbor_kernel():  # type: ignore[no-untyped-def]
    kernel = dom._lexbor_walk()
    if kernel is None:
        pytest.skip("the walk over Lexbor's tree is not built (python setup.py build_ext --inplace)")
    return kernel


def _hidden_by_selectors(tree: LexborHTMLParser) -> list:  # type: ignore[type-arg]
    """The elements the page hides, as the CSS selectors find them: `_HIDDEN` but not `_DISCLOSED`."""
    disclosed = {node.mem_id for node in tree.css(dom._DISCLOSED)}
    return [node for node in tree.css(dom._HIDDEN) if node.mem_id not in disclosed]


def _stripped(html: str) -> LexborHTMLParser:
    tree = LexborHTMLParser(html)
    tree.strip_tags(dom.INVISIBLE)
    for node in _hidden_by_selectors(tree):
        node.decompose()
    return tree


def _lexbor_walked(tree: LexborHTMLParser, kept: dict[int, str], strip: bool) -> dom._Walked:
    walked = dom._Walked(*_lexbor_kernel().walk(tree.body.mem_id, kept, strip, dom._KINDS, dom._UNSEEN, dom.Element, dom._Run, dom.HEADING_TAGS, dom._collapse))
    # Made in place, item by item (named_tuples.pxd): each of the named type, its items of the twin's types.
    assert all(type(element) is dom.Element and type(element.index) is int and type(element.classes) is str for element in walked.elements)
    assert all(type(run) is dom._Run and type(run.list_item) is bool and type(run.link_chars) is int for run in walked.runs)
    return walked


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lexbor_soup(), min_size=1, max_size=8))
def test_the_walk_over_lexbor_s_tree_leaves_out_what_the_python_walk_strips_first(parts: list[str]) -> None:
    html = "<html><body>" + "".join(parts)
    assert _lexbor_walked(LexborHTMLParser(html), {}, True) == dom._walk_py(_stripped(html).body, {})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lexbor_soup(), min_size=1, max_size=8), st.sampled_from([("div.story",), ("p", "li.menu"), ("a", "span.related")]))
def test_the_walk_over_lexbor_s_tree_marks_the_nodes_of_keep_selectors_as_the_python_walk_does(parts: list[str], keep: tuple[str, ...]) -> None:
    tree = _stripped("<html><body>" + "".join(parts))
    kept = dom._kept_nodes(tree, keep)
    assert _lexbor_walked(tree, kept, False) == dom._walk_py(tree.body, kept)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["div", "p", "span", "section"]), st.sampled_from(HIDING), st.sampled_from(DISCLOSING), st.sampled_from(PANEL_NAMES), st.sampled_from(["class", "id"])), min_size=1, max_size=6))
def test_hidden_elements_are_those_the_css_selectors_find_in_the_compiled_walk_and_its_twin(elements: list[tuple[str, str, str, str, str]]) -> None:
    tree = LexborHTMLParser("<body>" + "".join(f'<{tag} {named}="{name}"{hiding}{panel}>x</{tag}>' for tag, hiding, panel, name, named in elements))
    selected = {node.mem_id for node in _hidden_by_selectors(tree)}
    disclosed = {node.mem_id for node in tree.css(dom._DISCLOSED)}
    for node in tree.body.traverse():
        assert dom._hidden_py(node) == (node.mem_id in selected)
        assert _lexbor_kernel().hidden(node.mem_id) == (node.mem_id in selected)
        assert dom._disclosed_py(node.attributes) == _lexbor_kernel().disclosed(node.mem_id) == (node.mem_id in disclosed)
    assert [node.mem_id for node in dom._hidden_nodes(tree)] == [node.mem_id for node in _hidden_by_selectors(tree)]


def test_a_page_that_hides_its_html_element_or_its_body_is_read_as_its_script_would_show_it() -> None:
    # Hidden whole until a script runs (`cleaner.readers.scripted`); Lexbor will not remove a tree's root.
    for html in ('<html style="display:none"><body><p>Harbour news.</p></body></html>', '<html><body hidden><p>Harbour news.</p></body></html>'):
        assert [block.text for block in parse_page(html).blocks] == ["Harbour news."]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "Z", "\u00e9", "\u4e2d", "\U0001f600", " ", "\t", "\n", "\u00a0", "\u3000", "\u2028", "\x1c", "\x85"]), max_size=40))
def test_the_lexbor_walk_collapses_whitespace_as_the_module_does(text: str) -> None:
    collapsed = _lexbor_kernel().collapse(text, dom._collapse)
    assert collapsed == dom._collapse(text)
    assert collapsed == "".join(collapsed)  # the same characters, stored at their narrowest width, so equal strings compare equal


@pytest.fixture(params=[False, True], ids=["compiled", "twin"])
def each_walk(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[bool]:
    """The test runs with the compiled walks, then with their pure-Python twins. The choice
    is made once per process and cached, so it is cleared before and after: a test must
    not leave the twins chosen for the tests after it."""
    if request.param:
        monkeypatch.setenv("CLEANER_PURE_PYTHON", "1")
    dom._compiled_walk.cache_clear()
    dom._lexbor_walk.cache_clear()
    yield request.param
    monkeypatch.delenv("CLEANER_PURE_PYTHON", raising=False)
    dom._compiled_walk.cache_clear()
    dom._lexbor_walk.cache_clear()


def test_pure_python_setting_turns_the_compiled_walks_off_and_the_text_is_the_same(each_walk: bool) -> None:
    if each_walk:
        assert dom._compiled_walk() is None
        assert dom._lexbor_walk() is None
    assert parse_page("<p>Harbour <a href=x>reopens</a></p><pre>a\nb</pre>").text() == "Harbour reopens\na\nb\n"


_NAME_PIECES = st.sampled_from([*dom.NEGATIVE_WORDS, *dom.POSITIVE_WORDS, "foo", "com", "-", "_", " ", "Nav", "FOOTER", "\u212a", "\u0130", "\u00e9", "\U0001f600", "x"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_NAME_PIECES, st.text(max_size=6)), max_size=8), st.booleans())
def test_compiled_word_search_finds_what_the_regular_expression_finds(pieces: list[str], lower: bool) -> None:
    compiled = dom._compiled_walk()
    if compiled is None:
        pytest.skip("the compiled walk is not built (python setup.py build_ext --inplace)")
    text = "".join(pieces).lower() if lower else "".join(pieces)
    assert compiled.Words(dom.NEGATIVE_WORDS).found_in(text) == (dom.NEGATIVE_NAMES.search(text) is not None)
    assert compiled.Words(dom.POSITIVE_WORDS).found_in(text) == (dom.POSITIVE_NAMES.search(text) is not None)



@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_NAME_PIECES, st.text(max_size=6)), max_size=6), st.lists(st.one_of(_NAME_PIECES, st.text(max_size=4)), max_size=3))
def test_compiled_search_of_an_element_s_names_finds_what_the_pattern_finds_in_them_lower_cased(classes: list[str], ident: list[str]) -> None:
    compiled = dom._compiled_walk()
    if compiled is None:
        pytest.skip("the compiled walk is not built (python setup.py build_ext --inplace)")
    element = dom.Element(0, "div", -1, "".join(ident), "".join(classes))
    for words, pattern in ((dom.NEGATIVE_WORDS, dom.NEGATIVE_NAMES), (dom.POSITIVE_WORDS, dom.POSITIVE_NAMES)):
        expected = pattern.search(element.names) is not None
        assert compiled.Words(words).in_names(element.classes, element.ident) == expected
        assert compiled.Words(words).in_names(element.classes.upper(), element.ident.title()) == (pattern.search(f"{element.classes.upper()} {element.ident.title()}".lower()) is not None)

MAIN_TEXT = [
    "The harbour council met on Tuesday, and the ferry will run again from the spring, said the mayor.",
    "Storm damage closed the ports for a week, with crews working through the night to clear them.",
    "A short caption here",
    "Home",
    "<a href='/a'>Storm closes ports, council says, after the long week of gales on the coast</a>",
    "Read more about the ferry timetable, the harbour works and the council's budget for the coming year " * 2,
]
MAIN_TAGS = ["div", "section", "article", "p", "ul", "li", "nav", "aside", "footer", "form", "td", "blockquote", "main"]
MAIN_NAMES = ["", "", "story", "article-body", "post-content", "sidebar", "related", "comments", "menu", "nav-links", "lead"]


@st.composite
def main_soup(draw: st.DrawFn, depth: int = 0) -> str:
    """Pages for the main-content scoring: prose of several lengths and link shares in
    nested containers, some named or tagged as no content, some as content."""
    if depth >= 5 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(MAIN_TEXT))
    tag = draw(st.sampled_from(MAIN_TAGS))
    name = draw(st.sampled_from(MAIN_NAMES))
    inner = "".join(draw(st.lists(main_soup(depth + 1), min_size=1, max_size=5)))
    return f'<{tag} class="{name}">{inner}</{tag}>'


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(main_soup(), min_size=1, max_size=6))
def test_compiled_main_content_is_the_python_one(parts: list[str]) -> None:
    compiled = dom._compiled_walk()
    if compiled is None:
        pytest.skip("the compiled walk is not built (python setup.py build_ext --inplace)")
    tree = LexborHTMLParser("<html><body>" + "".join(parts))
    walked = dom._walk_py(tree.body, {})
    totals = dom._totals_py(walked.elements, walked.runs)
    expected = dom.find_main_py(walked.elements, walked.leaf, walked.runs, totals)
    assert compiled.find_main(walked.elements, walked.leaf, walked.runs, totals.chars, totals.link_chars, totals.end, dom._main_tables()) == expected
    _assert_compiled_blocks_are_the_python_ones(compiled, walked)


def _assert_compiled_blocks_are_the_python_ones(compiled, walked: dom._Walked) -> None:
    """The compiled blocks (region, headline, CSS paths) are the Python ones, whatever the
    main element: the one the scoring finds, none, the outermost, and one with siblings."""
    main, extra = dom.find_main_py(walked.elements, walked.leaf, walked.runs, dom._totals_py(walked.elements, walked.runs))
    count = len(walked.elements)
    for chosen in {(main, tuple(extra)), (-1, ()), (0, ()), (count // 2, tuple(range(count // 2 + 1, count, 2)))}:
        if chosen[0] >= count:
            continue
        main, extra = chosen[0], list(chosen[1])
        runs = list(walked.runs)
        expected = dom._blocks_py(walked.elements, runs, main, extra)
        got = compiled.blocks(walked.elements, runs, main, extra, dom._LANDMARKS, dom.Element.label.fget, dom.HtmlBlock, dom.HEADLINE_REACH, dom.HEADLINE_GAP)
        assert got == expected
        assert all(type(block) is dom.HtmlBlock and type(block.in_main) is bool for block in got)



@pytest.mark.usefixtures("each_walk")
def test_the_panels_of_tabs_and_accordions_are_read_though_hidden_and_hidden_menus_and_dialogs_are_not() -> None:
    html = (
        "<body><p>The Kelby kettle boils a litre in ninety seconds.</p>"
        '<div role="tabpanel" hidden><p>Capacity 1.7 l.</p></div>'
        '<div id="q1-answer" role="region" aria-labelledby="q1" style="display:none"><p>Sent within two days.</p></div>'
        '<div class="Accordion-Body" aria-hidden="true"><p>Steel and beech.</p></div>'
        '<div role="dialog" aria-labelledby="t" hidden><p>Sign up for our newsletter.</p></div>'
        '<ul role="menu" aria-labelledby="m" style="display: none"><li>Home</li></ul>'
        '<div class="modal" hidden><p>Accept cookies?</p></div></body>'
    )
    assert parse_page(html).text() == "The Kelby kettle boils a litre in ninety seconds.\nCapacity 1.7 l.\nSent within two days.\nSteel and beech.\n"


def test_a_table_row_of_values_is_one_line_its_cells_separated_by_a_space() -> None:
    page = parse_page(
        "<body><p>The ferry timetable for the harbour, as the council set it this spring.</p><table>"
        "<tr><th>Route</th><th>Departs</th><th>Fare</th></tr>"
        "<tr><td><p>Harbour to Isle</p></td><td>07:10</td><td><a href='/fares'>£4.20</a></td></tr></table></body>"
    )
    assert page.text().splitlines()[1:] == ["Route Departs Fare", "Harbour to Isle 07:10 £4.20"]
    row = page.blocks[2]
    assert page.elements[row.element].tag == "tr" and row.link_chars == len("£4.20")


def test_a_layout_table_whose_cells_hold_paragraphs_keeps_a_block_per_line() -> None:
    page = parse_page(
        "<body><table><tr><td><h2>Harbour news</h2><p>The council voted on Tuesday.</p><p>The ferry sails at seven.</p></td>"
        "<td><ul><li>Home</li><li>Weather</li></ul></td></tr></table></body>"
    )
    assert page.text().splitlines() == ["Harbour news", "The council voted on Tuesday.", "The ferry sails at seven.", "Home", "Weather"]


def test_a_row_with_a_cell_of_prose_a_nested_table_or_a_broken_line_keeps_a_block_per_cell() -> None:
    prose = "The ferry sails from the harbour every morning at seven, and the council has said it will keep " * 3
    page = parse_page(
        f"<body><table><tr><td>Ferry</td><td>{prose}</td></tr>"
        "<tr><td>Isle</td><td>Mon<br>Tue</td></tr>"
        "<tr><td>Bus</td><td><table><tr><td>A</td><td>B</td></tr></table></td></tr></table></body>"
    )
    assert page.text().splitlines() == ["Ferry", prose.strip(), "Isle", "Mon", "Tue", "Bus", "A B"]


TABLE_CELLS = ["Harbour", "07:10", "£4.20", "<a href='/x'>Isle</a>", "", "Mon<br>Tue", "<p>Ferry</p>", "<h3>Fares</h3>", "<ul><li>Home</li></ul>"]
tables = st.lists(
    st.lists(st.sampled_from(TABLE_CELLS), min_size=1, max_size=4).map(lambda cells: "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"),
    min_size=1, max_size=5,
).map(lambda rows: "<html><body><p>The council voted on the ferry fares, said the harbour master.</p><table>" + "".join(rows) + "</table></body></html>")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables, st.sampled_from(list(Preset)), st.booleans())
def test_a_page_of_table_rows_is_rebuilt_and_cleaned_once_for_all(html: str, preset: Preset, structure: bool) -> None:
    page = parse_page(html)
    assert [block.text for block in page.blocks] == page.text().splitlines()
    result = clean_page(page, preset_rules(preset), structure)
    assert restore_text(result.text, result.removals) == result.original == page.text(structure)
    rules = [rule for rule in preset_rules(preset) if Kind.HTML in rule.kinds]
    assert not clean_text(clean_page(page, rules).text, rules).changed


def test_a_line_break_inside_a_sentence_is_a_space() -> None:
    page = parse_page("<body><p>The council voted, after a long night, to keep the<br>ferry running, and<br />the harbour open.</p></body>")
    assert page.text() == "The council voted, after a long night, to keep the ferry running, and the harbour open.\n"


def test_a_poem_an_address_and_a_preformatted_listing_keep_their_line_breaks() -> None:
    page = parse_page(
        "<body><p>I wandered lonely as a cloud<br>That floats on high o'er vales and hills,<br>When all at once I saw a crowd</p>"
        "<address>Harbour Office<br>12 Quay Street<br>Kirkwall KW15 1HR</address>"
        "<p>Sailings: <br>daily at seven.<br>Fares, from<br>£4.20</p><pre>run(ferry,\n  harbour)</pre></body>"
    )
    assert page.text().splitlines() == [
        "I wandered lonely as a cloud", "That floats on high o'er vales and hills,", "When all at once I saw a crowd",
        "Harbour Office", "12 Quay Street", "Kirkwall KW15 1HR",
        "Sailings:", "daily at seven.", "Fares, from", "£4.20", "run(ferry,", "harbour)",
    ]


@pytest.mark.usefixtures("each_walk")
def test_words_that_meet_at_an_element_s_edge_in_camel_case_are_two_and_a_word_styled_in_parts_is_one() -> None:
    html = (
        "<body><li><span class='brand'>Merrell</span><span class='name'>Moab 3 Mid</span></li>"
        "<p><span>Publisher</span><span>Houghton Mifflin</span></p>"
        "<p><b>T</b>he harbour <a href='/l'>link</a>s, in <i>iPhone</i>Cases and JavaScript.</p></body>"
    )
    assert parse_page(html).text() == "Merrell Moab 3 Mid\nPublisher Houghton Mifflin\nThe harbour links, in iPhone Cases and JavaScript.\n"
