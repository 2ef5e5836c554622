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
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cleaner.data import load_tables
from cleaner.model.document import Block, Document, Verdict
from cleaner.rules.base import TEXT_AND_HTML, Reads, Stage, setting
from cleaner.rules.neighbours import is_fragment
from cleaner.text import normalise, plain, words


@dataclass(frozen=True)
class ChromeLexicon:
    """Every language's UI phrases, merged; each entry remembers language and category."""

    phrases: dict[str, tuple[str, str]]
    patterns: tuple[tuple[re.Pattern[str], str, str], ...]
    teaser: re.Pattern[str]
    share_words: re.Pattern[str]
    home_words: frozenset[str]
    literals: tuple[tuple[int, str], ...] = ()
    """(index, phrase) of each pattern that opens with `.{0,N}` and then a phrase ("all
    rights reserved"): a line without the phrase cannot match, and such a pattern is the
    costly kind, tried at every position up to N."""
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
        compiled = tuple((re.compile(p), language, category) for p, (language, category) in patterns.items())
        return cls(
            phrases=phrases,
            patterns=compiled,
            literals=tuple((i, phrase) for i, (p, _, _) in enumerate(compiled) if (phrase := _leading_phrase(p.pattern))),
            teaser=re.compile(rf"(?:{teaser_alternatives})\s*(?::|\||»|›|>)\s*(?P<rest>\S.*)"),
            share_words=re.compile(rf"(?:{share_alternatives})(?=[\s|,•·/:]|$)"),
            home_words=frozenset(home_words),
        )

    def match(self, key: str, quoted: bool = False) -> tuple[str, str, str] | None:
        """How a normalised line matches a UI phrase or pattern: (how, languages, category)."""
        if not key:
            return None
        if key in self.phrases:
            language, category = self.phrases[key]
            return f"is the UI phrase {key!r}", language, category
        if quoted:
            # A line that opens with a quotation mark is someone speaking; patterns
            # are loose enough to match speech, exact phrases are not.
            return None
        found = self._alternation(key).fullmatch(key)
        if found is None or found.lastgroup is None:
            return None
        # The alternation tries the patterns in order, so this is the first one that matches whole.
        pattern, language, category = self.patterns[int(found.lastgroup[1:])]
        return f"matches the UI pattern /{pattern.pattern}/", language, category


    def _alternation(self, key: str) -> re.Pattern[str]:
        """The alternation of the patterns `key` can match, in their order: the patterns
        whose leading phrase is missing from it are left out, and cannot have matched."""
        missing = tuple(i for i, phrase in self.literals if phrase not in key)
        found = self.alternations.get(missing)
        if found is None:
            subset = [i for i in range(len(self.patterns)) if i not in missing]
            found = self.alternations[missing] = re.compile("|".join(f"(?P<p{i}>{self.patterns[i][0].pattern})" for i in subset))
        return found


# Three characters, so that "by " of the English cookie notice counts: without it that
# pattern was tried at each of its first 200 positions on every line.
_FLOATING = re.compile(r"\.\{0,\d+\}(?:\\b)?([^\\()\[\]{}.?*+|^$]{3,})")


def _leading_phrase(pattern: str) -> str | None:
    """The phrase after a pattern's leading `.{0,N}`, if every match must contain it:
    the pattern has no top-level `|` and the phrase is plain text."""
    found = _FLOATING.match(pattern)
    if found is None or _top_level_alternation(pattern):
        return None
    return found.group(1)


def _top_level_alternation(pattern: str) -> bool:
    depth, escaped = 0, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False


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
        # What a line matches follows from its text; whether it is a fragment does not.
        matched = doc.facts(self)
        for block in doc.blocks:
            text = block.text
            found = matched.get(text, False)
            if found is None:
                continue
            if not text or text.isspace() or len(text) > self.max_chars:
                continue
            key = block.key
            if found is False:
                found = matched[text] = self.lexicon.match(key, quoted=plain(text).startswith(_QUOTES))
                if found is None:
                    continue
            how, language, category = found
            if len(words(key)) <= 2 and is_fragment(doc, block):
                continue
            reason = f"whole line {how} ({language} {category.replace('_', '-')})"
            verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts


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
        for block in doc.fresh_blocks():
            reason = judged.get(block.text, False)
            if reason is False:
                text = block.text
                blank = not text or text.isspace()
                reason = judged[text] = None if blank or len(text) > 1000 else self._judge(text)
            if reason is not None:
                verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts

    def _judge(self, line: str) -> str | None:
        # The prefix ends in one of these marks; a line without any (most) is no teaser,
        # and is settled without making its visible text.
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
        verdicts = []
        run: list[tuple[Block, int]] = []
        # How many share names make up a line follows from its key alone.
        names_of: dict[str, int] = doc.facts(self)
        for block in [*doc.content_blocks(), None]:
            if block is None:
                names = 0
            elif (names := names_of.get(block.key)) is None:  # type: ignore[assignment]
                names = names_of[block.key] = self._names(block.key)
            if names:
                run.append((block, names))  # type: ignore[arg-type]
                continue
            if len(run) >= self.min_run:
                verdicts += [self._verdict(b, n, len(run)) for b, n in run]
            else:
                verdicts += [self._verdict(b, n, 1) for b, n in run if n >= self.min_names]
            run = []
        return verdicts

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
        for block in doc.fresh_blocks():
            reason = judged.get(block.text, False)
            if reason is False:
                text = block.text
                hinted = len(text) <= 300 and _BREADCRUMB_HINT.search(text) is not None
                reason = judged[text] = self._judge(plain(text)) if hinted else None
            if reason:
                verdicts.append(Verdict.drop_block(block, self.code, reason))
        return verdicts

    def _judge(self, line: str) -> str | None:
        for separator, anchored in (("›", False), ("»", False), (">", True), ("/", True), ("|", True)):
            items = [item.strip() for item in re.split(rf"\s+{re.escape(separator)}\s+", line)]
            if len(items) < self.min_items:
                continue
            if anchored and normalise(items[0]) not in self.lexicon.home_words:
                continue
            if all(1 <= len(words(i)) <= self.max_item_words and not re.search(r"[.!?,;]$", i) for i in items):
                return f"{len(items)} short items joined by {separator!r}, starting at {items[0]!r}"
        return None
