"""UI chrome lines: the page's buttons, prompts and labels that scrapers keep as text.

Four rules share the phrase tables in `cleaner/data/chrome/<language>.toml`, so a new
language is a new data file:

- UI01 ui-phrase: the whole line is a known UI phrase or matches a UI pattern.
- UI02 teaser-line: a "READ MORE: <other headline>" line.
- UI03 share-bar: a line, or a run of lines, of share-button and network names.
- UI04 breadcrumb: `Home > News > World`.

Each rule's docstring says what it must keep; all of them match whole lines only, so
a sentence that merely contains "share" or "cookies" is never touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from operator import attrgetter
from typing import Any, NamedTuple

from cleaner._speedups import compiled
from cleaner.data import load_tables
from cleaner.model.document import Block, Document, Verdict
from cleaner.rules.base import TEXT_AND_HTML, Reads, Stage, setting
from cleaner.rules.neighbours import is_fragment
from cleaner.rules.scan import (
    digit_openings,
    lines_holding,
    lines_matching,
    lines_with,
    openings,
    parses,
    required_pieces,
    starts,
    trie_alternation,
)
from cleaner.text import normalise, plain, words


class _Entry(NamedTuple):
    """A UI pattern, by its index, with what every line it matches shows."""

    index: int
    opening: tuple[str, ...] | None
    """Strings one of which the line starts with (`cleaner.rules.scan.openings`); None: not known."""
    pieces: frozenset[str] | None
    """Strings one of which the line holds (`cleaner.rules.scan.required_pieces`); None: not known."""


_HEAD = 12
"""How many of an opening's first characters `ChromeLexicon.opening` looks for."""


@dataclass(frozen=True)
class ChromeLexicon:
    """Every language's UI phrases, merged; each entry remembers language and category."""

    phrases: dict[str, tuple[str, str]]
    sources: tuple[tuple[str, str, str], ...]
    """Each UI pattern's source, languages and category. The patterns are not compiled
    one by one: a line is matched by the alternation of those it can match (`match`)."""
    teaser: re.Pattern[str]
    share_words: re.Pattern[str]
    home_words: frozenset[str]
    by_initial: dict[str, tuple[_Entry, ...]] = field(default_factory=dict)
    """The patterns whose matches can start with a character, by that character."""
    by_decimal: tuple[_Entry, ...] = ()
    """The patterns whose matches can start with a decimal digit (`\\d`)."""
    anywhere: tuple[_Entry, ...] = ()
    """The patterns whose first character is not known (`.{0,120}\\ball rights reserved`)."""
    loose_pieces: frozenset[str] | None = frozenset()
    """The pieces of the `anywhere` patterns, one of which a line they match holds; None
    when one of them shows none (every line must then be tried against it)."""
    opening: re.Pattern[str] | None = None
    """A line break and what a line that can match a pattern of `by_initial` or
    `by_decimal` opens with (its first character tested first): the first characters of
    an opening of one of them (their first characters where no opening is known), or
    digits and what follows them in the patterns that open with `\\d+`. Scanned for in the page's keys joined after
    line breaks, it skips from line to line at C speed."""
    teaser_prefixes: frozenset[str] = frozenset()
    """The case-folded prefixes of teaser lines ("read more"), which `teaser` opens with."""
    teaser_opening: re.Pattern[str] | None = None
    """A line break and a teaser prefix, scanned for in a page's keys joined after line breaks."""
    share_opening: re.Pattern[str] | None = None
    """A line break and a share name that opens the next line whole (`share_words` after
    a line break, its names in a tree: `share_lines`)."""
    alternations: dict[tuple[int, ...], re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    """The alternation of each subset of patterns a line can match, built once."""

    @classmethod
    def load(cls) -> ChromeLexicon:
        tables = load_tables("chrome")
        phrases: dict[str, tuple[str, str]] = {}
        patterns: dict[str, tuple[str, str]] = {}
        prefixes: set[str] = set()
        home_words: set[str] = set()
        for language, table in tables.items():
            home_words.update(normalise(w) for w in table.get("breadcrumb", {}).get("home_words", []))
            for category, entries in table.get("phrases", {}).items():
                for phrase in entries:
                    key = normalise(phrase)
                    known, known_category = phrases.get(key, ("", category))
                    phrases[key] = (f"{known}/{language}" if known else language, known_category)
            for category, entries in table.get("patterns", {}).items():
                for pattern in entries:
                    known, known_category = patterns.get(pattern, ("", category))
                    patterns[pattern] = (f"{known}/{language}" if known else language, known_category)
            prefixes.update(p.casefold() for p in table.get("teasers", {}).get("prefixes", []))
        common = tables["common"]
        teaser_alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        share_alternatives = "|".join(
            re.escape(w) for w in sorted(common["share_bar"]["words"], key=len, reverse=True)
        )
        sources = tuple((p, language, category) for p, (language, category) in patterns.items())
        by_initial: dict[str, list[_Entry]] = {}
        by_decimal, anywhere = [], []
        heads: set[str] = set()
        # What follows the digits of a pattern that opens with them (`\d+ comments?`); None
        # once one that opens with a digit shows no such thing.
        after_digits: set[str] | None = set()
        for index, (pattern, _, _) in enumerate(sources):
            if not parses(pattern):
                re.compile(pattern)  # raises the error a pattern the parser refuses deserves
            first, opening = starts(pattern), openings(pattern)
            entry = _Entry(index, tuple(opening) if opening else None, required_pieces(pattern))
            if first is None:
                anywhere.append(entry)
                continue
            for character in first.characters:
                by_initial.setdefault(character, []).append(entry)
            if first.decimal:
                by_decimal.append(entry)
                tails = digit_openings(pattern)
                after_digits = None if tails is None or after_digits is None else after_digits | tails
            # The scan needs only the openings' first characters to skip most lines; whole
            # openings (up to 64 strings a pattern) made a regex that cost more to build and
            # compile at every start than it saved.
            if opening:
                heads.update(head[:_HEAD] for head in opening)
            else:
                heads.update(first.characters)
        digits = rf"\d+{trie_alternation({tail[:_HEAD] for tail in after_digits})}" if after_digits else r"\d"
        loose = [entry.pieces for entry in anywhere]
        # One test of a line's first character rejects a line that opens with none of them
        # (blank keys, a quarter of a page's, among them) before the tree's branches are tried one by one.
        initials = "(?=[" + "".join(re.escape(character) for character in sorted(by_initial)) + r"\d])"
        return cls(
            phrases=phrases,
            sources=sources,
            by_initial={character: tuple(entries) for character, entries in by_initial.items()},
            by_decimal=tuple(by_decimal),
            anywhere=tuple(anywhere),
            loose_pieces=None if None in loose else frozenset().union(*loose),  # type: ignore[arg-type]
            opening=re.compile(rf"\n{initials}(?:{trie_alternation(heads)}|{digits})") if heads else re.compile(rf"\n{digits}"),
            teaser=re.compile(rf"(?:{teaser_alternatives})\s*(?::|\||»|›|>)\s*(?P<rest>\S.*)"),
            teaser_prefixes=frozenset(prefixes),
            teaser_opening=re.compile(rf"\n{trie_alternation(prefixes)}"),
            share_words=re.compile(rf"(?:{share_alternatives})(?=[\s|,•·/:]|$)"),
            # The line break first: the regex engine skips from line to line at C speed.
            share_opening=re.compile(rf"\n{trie_alternation(common['share_bar']['words'])}(?=[\s|,•·/:]|\Z)"),
            home_words=frozenset(home_words),
        )

    @cached_property
    def patterns(self) -> tuple[tuple[re.Pattern[str], str, str], ...]:
        """Each UI pattern compiled, with its languages and category (for tests and tools;
        the rules match the alternations of `sources`)."""
        return tuple((re.compile(source), language, category) for source, language, category in self.sources)

    def match(self, key: str, quoted: bool = False, possible: tuple[int, ...] | None = None) -> tuple[str, str, str] | None:
        """How a normalised line matches a UI phrase or pattern: (how, languages, category).

        `possible`: the patterns it can match (`ChromeLexicon.possible`), when the caller knows them."""
        if not key:
            return None
        if key in self.phrases:
            language, category = self.phrases[key]
            return f"is the UI phrase {key!r}", language, category
        if quoted:
            # A line that opens with a quotation mark is someone speaking; patterns
            # are loose enough to match speech, exact phrases are not.
            return None
        possible = self.possible(key) if possible is None else possible
        if not possible:
            return None
        found = self._alternation(possible).fullmatch(key)
        if found is None or found.lastgroup is None:
            return None
        # The alternation tries the patterns in order, so this is the first one that matches whole.
        source, language, category = self.sources[int(found.lastgroup[1:])]
        return f"matches the UI pattern /{source}/", language, category

    def possible(self, key: str, anywhere: bool = True) -> tuple[int, ...]:
        """The patterns a non-empty key can match, in their order: those that can start
        with its first character and whose pieces it holds (one of them, at least).
        With `anywhere` false, the patterns that may start with anything are left out."""
        first = key[0]
        found = []
        for group in (self.by_initial.get(first, ()), self.by_decimal if first.isdecimal() else (), self.anywhere if anywhere else ()):
            for index, opening, pieces in group:
                if (opening is None or key.startswith(opening)) and (pieces is None or any(piece in key for piece in pieces)):
                    found.append(index)
        return tuple(sorted(found))

    def candidates(self, keys: list[str]) -> dict[int, tuple[int, ...]]:
        """The `keys` (by index, in order) that can be a UI phrase or match a pattern, each
        with the patterns it can match (`possible`).

        Most lines are settled without a Python step each: the phrases by one set
        intersection, the patterns that may start anywhere by looking for their pieces in
        the whole page at once, the others by a line's first character."""
        found: dict[int, tuple[int, ...]] = {}
        # Patterns that may start anywhere hold their pieces, and the lines that hold one are few.
        joined = "\n".join(keys)
        pieces = self.loose_pieces
        anywhere = set(range(len(keys))) if pieces is None else lines_holding(pieces, joined)
        assert self.opening is not None
        # A key met again can match the same patterns (a page repeats its buttons).
        known: dict[tuple[str, bool], tuple[int, ...]] = {}
        # A match starts at the line break before its key, after as many breaks as the key's index.
        for index in sorted({*lines_matching(self.opening, "\n" + joined), *anywhere}):
            key = keys[index]
            if not key:
                continue
            loose = index in anywhere
            possible = known.get((key, loose))
            if possible is None:
                possible = known[key, loose] = self.possible(key, loose)
            if possible:
                found[index] = possible
        # The dictionary's keys looked up one by one, without a set made of the page's keys.
        phrased = self.phrases.keys() & keys
        if phrased:
            for index in [index for index, key in enumerate(keys) if key in phrased]:
                found.setdefault(index, ())
            found = dict(sorted(found.items()))
        return found

    def share_lines(self, keys: list[str]) -> list[int]:
        """The indexes, in order, of the `keys` that `share_words` matches at their start,
        found with one scan of the page (a key holds no line break)."""
        assert self.share_opening is not None
        # Each match starts at the line break before its line, after as many breaks as the line's index.
        return lines_matching(self.share_opening, "\n" + "\n".join(keys))

    def _alternation(self, possible: tuple[int, ...]) -> re.Pattern[str]:
        """The alternation of the `possible` patterns, in their order: a line matches no other."""
        found = self.alternations.get(possible)
        if found is None:
            found = self.alternations[possible] = re.compile("|".join(f"(?P<p{i}>{self.sources[i][0]})" for i in possible))
        return found


@cache
def chrome_lexicon() -> ChromeLexicon:
    """The tables read and compiled once per process, for the four rules that share them."""
    return ChromeLexicon.load()


def _lexicon() -> Any:
    # A fresh field per rule class: dataclasses write their own name into a field.
    return field(default_factory=chrome_lexicon, repr=False, compare=False)


_TEASER_MARK = re.compile(r"[:|»›>]")
"""What `ChromeLexicon.teaser` needs after the prefix (neither `plain` nor casefolding makes one)."""
_QUOTES = ('"', "“", "„", "«", "‘", "'", "‹")
_BREADCRUMB_HINT = re.compile(r"[›»]|\s[>/|]\s")
_BREADCRUMB_LINE_HINT = re.compile(r"[›»>/|](?:(?<=[›»])|(?<=[^\S\n][>/|])(?=[^\S\n]))")
"""`_BREADCRUMB_HINT` for lines joined by line breaks (the spaces around a separator are
a line's own), the separator first, so the regex engine skips from one to the next at C speed."""
_BREADCRUMB_SEPARATORS = tuple(
    (separator, anchored, re.compile(rf"\s+{re.escape(separator)}\s+"))
    for separator, anchored in (("›", False), ("»", False), (">", True), ("/", True), ("|", True))
)
"""Each separator, whether the trail must start at a home word with it, and the split at it."""
_SENTENCE_END = re.compile(r"[.!?,;]$")


def separated_lines_py(texts: list[str]) -> list[int]:
    """The indexes, in order, of the `texts` that hold a breadcrumb separator (`_BREADCRUMB_LINE_HINT`).
    (`_separated_lines` is its compiled twin when built, `cleaner._speedups.scans`.)"""
    return lines_with(_BREADCRUMB_LINE_HINT, texts)


_scans_kernel = compiled("scans")
_separated_lines: Callable[[list[str]], list[int]] = _scans_kernel.separated_lines if _scans_kernel else separated_lines_py


@dataclass(frozen=True)
class UiPhrase:
    """UI01 ui-phrase: a whole line that is a button, prompt or label.

    What it removes: lines such as "Advertisement", "Share this article", "Sign in",
    "Skip to content", "12 Comments", "We use cookies to improve your experience...",
    "Sign up for our newsletter", in English, Russian, German, French and Spanish.

    Why: these are the texts of buttons and banners; no article sentence is one of them.

    Example: "Реклама" or "Anzeige" alone on a line goes.

    Must keep: sentences that contain such words ("Share your story with us",
    "The court ruled on cookies and consent."), lines that open with a quotation mark
    (speech may sound like a banner), and one- or two-word lines that read as part
    of a sentence broken at an inline link ("...posted on\\nTwitter\\nthat...").
    """

    code = "UI01"
    name = "ui-phrase"
    description = "A whole line that is a UI button, prompt or label (share, sign in, cookies, ...)."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LAYOUT

    max_chars: int = setting(600, at_least=1)
    """Cookie banners are long, but no UI line is longer than this."""
    lexicon: ChromeLexicon = _lexicon()

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        # What a line matches follows from its text (text -> None, or the reason and whether
        # it is short); whether it is a fragment does not.
        matched = doc.facts(self)
        blocks = doc.blocks
        for index, possible in self._candidates(doc, matched).items():
            block = blocks[index]
            text = block.text
            found = matched.get(text, False)
            if found is None:
                continue
            if not text or text.isspace() or len(text) > self.max_chars:
                continue
            key = block.key
            if found is False:
                # Whether the line opens with a quotation mark matters only to a key that is no phrase.
                quoted = key not in self.lexicon.phrases and plain(text).startswith(_QUOTES)
                match = self.lexicon.match(key, quoted, possible)
                if match is None:
                    matched[text] = None
                    continue
                how, language, category = match
                # The reason, and whether the line is short enough to be a fragment, follow from its text too.
                reason = f"whole line {how} ({language} {category.replace('_', '-')})"
                found = matched[text] = (reason, len(words(key)) <= 2)
                matched[_MATCHED].add(text)
            reason, short = found
            if short and is_fragment(doc, block):
                continue
            verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts

    def _candidates(self, doc: Document, matched: dict) -> dict[int, tuple[int, ...]]:  # type: ignore[type-arg]
        """The lines of `doc` (by index, in order) that may be UI lines, each with the patterns
        it can match (`ChromeLexicon.candidates`).

        Given `Document.fresh`, this rule judged the document `doc` was cut from, so every
        line that is not fresh had its text judged in an earlier pass over this input: it
        can be a UI line only if its text matched then (`_MATCHED`), and only the fresh
        lines are scanned. Whether a matching line is a fragment is still asked of its
        neighbours now, by `check`. (After a pass this rule sat out because only blank
        lines went, the lines that pass made fresh are blank: none of them could match.)
        """
        blocks = doc.blocks
        hits: set[str] = matched.setdefault(_MATCHED, set())
        if doc.fresh is None or doc.memo is None:
            return self.lexicon.candidates(list(map(_KEY, blocks)))
        fresh = doc.fresh
        found = {fresh[index]: possible for index, possible in self.lexicon.candidates([blocks[at].key for at in fresh]).items()}
        if hits and not hits.isdisjoint(map(_TEXT, blocks)):
            # A matching line a fragment saved, or another rule's claim won, is still there.
            found.update((index, ()) for index, block in enumerate(blocks) if block.text in hits and index not in found)
            found = dict(sorted(found.items()))
        return found


_MATCHED = ("matched",)
"""Where UI01 keeps, among its facts (texts -> match), the texts that matched: a tuple,
which no line's text is."""
_TEXT = attrgetter("text")
_KEY = attrgetter("key")
_SHARE_KEYS = ("share keys",)
"""Where UI03 keeps, among its facts (keys -> share names on the line), the keys of lines
made of share names only: a tuple, which no key is."""


@dataclass(frozen=True)
class TeaserLine:
    """UI02 teaser-line: a link to another story, introduced by "READ MORE:" and the like.

    What it removes: "READ MORE: <headline>", "Related: <headline>", "Читайте также:
    <заголовок>", "Lesen Sie auch: <Titel>", "Lire aussi : <titre>", "Lee también: <titular>".

    Why: the headline after the prefix belongs to another article.

    Example: "READ MORE: No problem in Turkey acquiring Russian S-400 defense systems"
    goes.

    Must keep: sentences that begin with the same words but carry on as prose
    ("Read more about the study in the journal.", "Listen: I would do it again."),
    and a prefix followed by more than `max_words` words, by two sentences, or by
    text ending in a full stop, which is prose, not a headline.
    """

    code = "UI02"
    name = "teaser-line"
    description = "A 'READ MORE: <other headline>' line pointing to another story."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LINE

    max_words: int = setting(25, at_least=1)
    lexicon: ChromeLexicon = _lexicon()

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        # A line is a teaser or not by its text alone.
        judged = doc.facts(self)
        blocks = doc.fresh_blocks()
        for block in [blocks[index] for index in self._candidates(doc, blocks)]:
            reason = judged.get(block.text, False)
            if reason is False:
                text = block.text
                blank = not text or text.isspace()
                reason = judged[text] = None if blank or len(text) > 1000 else self._judge(text)
            if reason is not None:
                verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts

    def _candidates(self, doc: Document, blocks: Sequence[Block]) -> list[int]:
        """The indexes of the `blocks` that may be teasers, found for the whole page at once.

        A teaser's visible text, case-folded, opens with a prefix, and so does its key:
        the key differs from it by compatibility forms (NFKC), which change no character
        that case-folds into a prefix's letters, and by spaces and edge punctuation, which
        are not at a prefix's start (tests/rules/test_chrome_scans.py checks both for every
        character). An HTML page's first pass has no keys; there the lines that hold the
        mark after the prefix are found instead."""
        if doc.page is not None:
            return lines_with(_TEASER_MARK, list(map(_TEXT, blocks)))
        assert self.lexicon.teaser_opening is not None
        # A match starts at the line break before its key, after as many breaks as the key's index.
        return lines_matching(self.lexicon.teaser_opening, "\n" + "\n".join(map(_KEY, blocks)))

    def _judge(self, line: str) -> str | None:
        """Why a line is a teaser, or None."""
        # The prefix ends in one of these marks; a line without any is no teaser, and is
        # settled without making its visible text.
        if _TEASER_MARK.search(line) is None:
            return None
        match = self.lexicon.teaser.fullmatch(plain(line).casefold())
        if match is None:
            return None
        rest = match.group("rest")
        # A headline has no full stop; prose after "Listen:" or "More:" does.
        if len(words(rest)) > self.max_words or re.search(r"[.!?]\s+\S", rest) or rest.rstrip().endswith("."):
            return None
        prefix = plain(line)[: match.start("rest")].strip()
        return f"teaser line: {prefix!r} followed by a {len(words(rest))}-word headline"


@dataclass(frozen=True)
class ShareBar:
    """UI03 share-bar: share buttons and network names, on one line or a run of lines.

    What it removes: "Facebook Twitter WhatsApp Email", "Share | Tweet | Print", and a
    run of at least `min_run` consecutive lines that each hold only such names (how a
    `get_text("\\n")` scraper writes a share bar).

    Why: a row of buttons carries no text of the article.

    Example: the lines "Share", "Facebook", "Twitter", "Email" one under another go.

    Must keep: "Share your story with us", "Facebook and Twitter said on Monday...",
    and a single network name on its own line, which is often a link inside a sentence.
    """

    code = "UI03"
    name = "share-bar"
    description = "Share buttons and social network names, as a line or a run of lines."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LAYOUT

    min_names: int = setting(2, at_least=1)
    """Names needed on one line for that line alone to count as a share bar."""
    min_run: int = setting(3, at_least=1)
    """Consecutive one-name lines needed to count as a share bar."""
    lexicon: ChromeLexicon = _lexicon()

    def check(self, doc: Document) -> list[Verdict]:
        verdicts: list[Verdict] = []
        content = doc.content_blocks()
        # How many share names make up a line follows from its key alone.
        names_of: dict[str, int] = doc.facts(self)
        run: list[tuple[Block, int]] = []
        # Only a line whose key opens with a share name can be one; the page's lines that
        # do are found at once, and a run is made of consecutive ones among them.
        for position in [*self._share_lines(doc, content, names_of), None]:
            if position is not None:
                block = content[position]
                names = names_of.get(block.key)
                if names is None:
                    names = names_of[block.key] = self._names(block.key)
                if names and (not run or run[-1][0] is content[position - 1]):
                    run.append((block, names))
                    continue
            else:
                names = 0
            if len(run) >= self.min_run:
                verdicts += [self._verdict(b, n, len(run)) for b, n in run]
            else:
                verdicts += [self._verdict(b, n, 1) for b, n in run if n >= self.min_names]
            run = [(block, names)] if names else []
        return verdicts

    def _share_lines(self, doc: Document, content: list[Block], names_of: dict) -> list[int]:  # type: ignore[type-arg]
        """The positions among `content` of the lines whose key opens with a share name
        (`ChromeLexicon.share_lines`), or at least of those among them made of share names
        only (`_names`), which are all that `check` reads.

        Given `Document.fresh`, this rule judged the document `doc` was cut from, so every
        key of a line that is not fresh was scanned in an earlier pass over this input:
        only the fresh lines' keys are scanned, and the lines of share names are those
        whose key was found to be one (`_SHARE_KEYS`). (After a pass this rule sat out
        because only blank lines went, the fresh lines are blank: not content.)"""
        share_keys: set[str] = names_of.setdefault(_SHARE_KEYS, set())
        whole = doc.fresh is None or doc.memo is None
        blocks = doc.blocks
        keys = list(map(_KEY, content)) if whole else [blocks[at].key for at in doc.fresh]  # type: ignore[union-attr]
        found = self.lexicon.share_lines(keys)
        for position in found:
            key = keys[position]
            names = names_of.get(key)
            if names is None:
                names = names_of[key] = self._names(key)
            if names:
                share_keys.add(key)
        if whole:
            return found
        if share_keys.isdisjoint(map(_KEY, content)):
            return []
        return [position for position, block in enumerate(content) if block.key in share_keys]

    def _names(self, key: str) -> int:
        """How many share names make up the whole line of this key; 0 if anything else is on it."""
        # Edge punctuation is gone from a key, so a line of share names starts with one.
        if not key or len(key) > 300 or not self.lexicon.share_words.match(key):
            return 0
        rest = self.lexicon.share_words.sub("", key)
        if re.sub(r"[\s|,•·/:]+", "", rest):
            return 0
        return len(self.lexicon.share_words.findall(key))

    def _verdict(self, block: Block, names: int, run: int) -> Verdict:
        if run > 1:
            reason = f"one of {run} consecutive lines made only of share-button names"
        else:
            reason = f"line made only of {names} share-button names"
        return Verdict.drop_block(block, self.code, reason)


@dataclass(frozen=True)
class Breadcrumb:
    """UI04 breadcrumb: the trail of section links above a headline.

    What it removes: "Home > News > World", "Главная » Новости » Политика",
    "Startseite › Politik › Ausland": at least `min_items` short items joined by a
    breadcrumb separator. `›` and `»` suffice; `>`, `/` and `|` need the first item to
    be a home word, since tables and sentences use them too.

    Why: it is navigation, printed on every page of the section.

    Example: "Home / Sport / Football" goes.

    Must keep: "Name | Age | City" table rows, "Prices rose > 5% in Q1 / Q2", and any
    item of more than `max_item_words` words or with sentence punctuation.
    """

    code = "UI04"
    name = "breadcrumb"
    description = "A breadcrumb trail such as 'Home > News > World'."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LINE

    min_items: int = setting(3, at_least=2)
    max_item_words: int = setting(4, at_least=1)
    lexicon: ChromeLexicon = _lexicon()

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        # A line is a breadcrumb or not by its text alone.
        judged = doc.facts(self)
        blocks = doc.fresh_blocks()
        # Every breadcrumb holds a separator the hint finds; the page's lines that hold one are found at once.
        for block in [blocks[index] for index in _separated_lines(list(map(_TEXT, blocks)))]:
            reason = judged.get(block.text, False)
            if reason is False:
                text = block.text
                hinted = len(text) <= 300 and _BREADCRUMB_HINT.search(text) is not None
                reason = judged[text] = self._judge(plain(text)) if hinted else None
            if reason:
                verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts

    def _judge(self, line: str) -> str | None:
        for separator, anchored, splitter in _BREADCRUMB_SEPARATORS:
            items = [item.strip() for item in splitter.split(line)]
            if len(items) < self.min_items:
                continue
            if anchored and normalise(items[0]) not in self.lexicon.home_words:
                continue
            if all(1 <= len(words(i)) <= self.max_item_words and not _SENTENCE_END.search(i) for i in items):
                return f"{len(items)} short items joined by {separator!r}, starting at {items[0]!r}"
        return None
