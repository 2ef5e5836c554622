"""IC01 icon-run: lines made of UI icon and sprite names.

What it removes: a line whose tokens are mostly icon names, as a naive scraper
writes them when it takes the titles of an SVG sprite sheet or the class lists of
icon fonts as text: `icon bookmark-bicon bookmarkicon cameraicon chevron downicon`,
`fa fa-facebook fa fa-twitter`, or a short line such as `shareicon` alone.

Why: such lines are never article text, and they sit where a reader would meet the
headline, so every downstream model sees them first.

Example: `icon closeicon v-compressicon downloadicon editicon fbicon tgicon` goes.
Up to three icon names in front of a caption (`cameraicon Volunteers fill sandbags`)
go too, and the caption stays.

Must keep: sentences that mention icons ("Tap the camera icon to start recording."),
words that merely contain "icon" (lexicon, silicon, iconic), and a line with two icon
names inside an ordinary sentence. The whole line goes only when at least
`min_strong` tokens are unmistakable icon names and `min_share` of all tokens are
icon-like.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import islice
from operator import attrgetter

from cleaner._speedups import compiled
from cleaner.data import load_table
from cleaner.model.document import Block, Document, Verdict
from cleaner.rules.base import TEXT_AND_HTML, Reads, Stage, setting
from cleaner.rules.scan import lines_holding, lines_matching
from cleaner.text import ends_sentence

_TEXT = attrgetter("text")
_EDGE = "\"'.,;:!?()[]{}<>«»“”"
_TOKEN = re.compile(r"\S+")
_CANDIDATE = re.compile(r"\S*(?:-|icon)\S*")
"""A token that could be a strong icon name: it holds a dash or "icon"."""
_BEFORE = frozenset(b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f" + _EDGE.encode("ascii", "ignore") + bytes(range(0x80, 0x100)))
"""The bytes `IconVocabulary.dashed` lets stand before a class prefix (its `before`)."""


@dataclass(frozen=True)
class IconVocabulary:
    class_prefixes: frozenset[str]
    social_short_names: frozenset[str]
    words_with_icon: frozenset[str]

    @classmethod
    def load(cls) -> IconVocabulary:
        table = load_table("icons")
        return cls(
            frozenset(table["class_prefixes"]),
            frozenset(table["social_short_names"]),
            frozenset(table["words_with_icon"]),
        )

    @cached_property
    def dashed(self) -> re.Pattern[bytes]:
        """A dash right after a class prefix that starts a token (`fa-`, `(bi-`), in the
        lowercased UTF-8 of a text: where every strong name without "icon" in it starts.

        Any byte of a non-ASCII character may stand before the prefix, so the whitespace
        and quotation marks outside ASCII count too. The dash comes first, so the regex
        engine skips to each dash at C speed and only then looks back."""
        # str.split also splits at \x1c-\x1f, which \s of a bytes pattern leaves out.
        before = b"[\\s\\x1c-\\x1f" + re.escape(_EDGE.encode("ascii", "ignore")) + b"\\x80-\\xff]"
        behind = b"|".join(
            b"(?<=" + before + b"(?:" + b"|".join(re.escape(p.encode()) for p in sorted(self.class_prefixes) if len(p.encode()) == n) + b")-)"
            for n in sorted({len(prefix.encode()) for prefix in self.class_prefixes})
        )
        return re.compile(b"-(?:" + behind + b")")

    def candidates(self, texts: list[str]) -> set[int]:
        """The indexes of the `texts` that hold a token that could be a strong icon name: one
        with "icon" in it or a class prefix and a dash at its start. Every line IC01 removes
        or cuts holds one, and the others (nearly all) are found without a Python step each."""
        joined = "\n".join(texts)
        # A strong name is ASCII once lowercased, and only the Kelvin sign lowercases from
        # outside ASCII into it ("k"): without one, lowering the UTF-8 bytes (ASCII letters
        # only, several times faster than lowering the text) finds the same names.
        # (A record may hold a lone surrogate; "surrogatepass" writes it as three non-ASCII bytes.)
        lowered = (joined.lower() if "\u212a" in joined else joined).encode("utf-8", "surrogatepass").lower()
        found = lines_holding((b"icon",), lowered)
        found.update(self._dashed_lines(lowered))
        return found

    def dashed_lines_py(self, lowered: bytes) -> list[int]:
        """The indexes, in order, of the lines of `lowered` (lowered UTF-8 lines joined by line
        breaks) in which `dashed` matches. (`_dashed_lines` is its compiled twin when built.)"""
        # A line break in front gives the first text's first token a whitespace to look back at.
        return [index - 1 for index in lines_matching(self.dashed, b"\n" + lowered)]

    @cached_property
    def _dashed_lines(self) -> Callable[[bytes], list[int]]:
        if _scans_kernel is None:
            return self.dashed_lines_py
        # What `dashed` reads, for the kernel: the prefixes by length, and the bytes that may stand before one.
        sizes = sorted({len(prefix.encode()) for prefix in self.class_prefixes})
        groups = tuple((size, frozenset(p.encode() for p in self.class_prefixes if len(p.encode()) == size)) for size in sizes)
        before = bytes(byte in _BEFORE for byte in range(256))
        ends = bytes(any(p.encode().endswith(bytes((byte,))) for p in self.class_prefixes) for byte in range(256))
        return partial(_scans_kernel.dashed_lines, groups=groups, before=before, ends=ends)

    def is_strong(self, token: str) -> bool:
        """An unmistakable icon name: `fa-share`, `bookmarkicon`, `icon-close`."""
        if token in self.words_with_icon or not token.isascii():
            return False
        head, dash, tail = token.partition("-")
        if dash and head in self.class_prefixes and tail:
            return True
        return "icon" in token and token != "icon" and re.fullmatch(r"[a-z0-9_-]+", token) is not None

    def is_weak(self, token: str) -> bool:
        return token in self.class_prefixes or token in self.social_short_names


@dataclass(frozen=True)
class IconRun:
    code = "IC01"
    name = "icon-run"
    description = "Lines made of UI icon or sprite names glued together by the scraper."
    stage = Stage.LINES
    kinds = TEXT_AND_HTML
    reads = Reads.LINE

    min_strong: int = setting(2, at_least=1)
    """Unmistakable icon names needed on a line of more than `short_line` tokens."""
    min_share: float = setting(0.6, above=0, at_most=1)
    """Share of icon-like tokens needed on such a line."""
    short_line: int = setting(3, at_least=1)
    """A line of this many tokens or fewer goes when every token is icon-like and one is strong."""
    max_chars: int = setting(20_000, at_least=1)
    """Longer lines are not icon runs; skipping them keeps huge lines cheap."""
    vocabulary: IconVocabulary = field(default_factory=IconVocabulary.load)

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        # Each line is judged by its text alone, so a later pass reuses the finding.
        found = doc.facts(self)
        blocks = doc.fresh_blocks()
        candidates = self.vocabulary.candidates(list(map(_TEXT, blocks)))
        for block in (blocks[index] for index in sorted(candidates)):
            finding = found.get(block.text)
            if finding is None:
                finding = found[block.text] = self._finding(block)
            if finding:
                whole, cut, reason = finding
                verdicts.append(Verdict.drop_block(block, self.code, reason) if whole else Verdict(block.start, block.start + cut, self.code, reason))
        return verdicts

    def _finding(self, block: Block) -> tuple[bool, int, str] | tuple[()]:
        """(whole line?, length of the leading icons, reason), or () when the line has no icons to drop."""
        reason = self._judge(block)
        if reason:
            return True, 0, reason
        if not block.is_blank:
            return self._leading_icons(block.text)
        return ()

    def _leading_icons(self, text: str) -> tuple[bool, int, str] | tuple[()]:
        """Icon names glued in front of a caption: `cameraicon Volunteers fill sandbags...`."""
        # A strong icon name holds "icon" or a dash: a line whose first token has neither
        # (nearly every line) has no icons in front, and is settled without its tokens.
        head = text.split(None, 1)[:1]
        if not head or ("icon" not in (first := head[0].lower()) and "-" not in first):
            return ()
        # At most three icons lead, and two words must follow them.
        tokens = list(islice(_TOKEN.finditer(text, 0, self.max_chars), 5))
        icons = 0
        while icons < min(len(tokens), 3) and self.vocabulary.is_strong(tokens[icons].group().strip(_EDGE).lower()):
            icons += 1
        if icons == 0 or len(tokens) - icons < 2:
            return ()
        names = " ".join(t.group() for t in tokens[:icons])
        reason = f"icon name{'s' if icons > 1 else ''} {names!r} glued to the start of the line"
        return False, tokens[icons].start(), reason

    def _judge(self, block: Block) -> str | None:
        if block.is_blank or len(block.text) > self.max_chars:
            return None
        lowered = block.text.lower()
        # Every verdict needs a strong token, and each of those holds "icon" or a dash:
        # a line with none of them (most prose with a hyphen) is settled here.
        if "icon" not in lowered and "-" not in lowered:
            return None
        if not any(self.vocabulary.is_strong(t.strip(_EDGE)) for t in _CANDIDATE.findall(lowered)):
            return None
        tokens = [t.strip(_EDGE).lower() for t in block.text.split()]
        tokens = [t for t in tokens if t]
        if not tokens:
            return None
        # Only a token with a dash or "icon" in it can be strong; counting those first
        # settles most lines before the weak tokens are looked up.
        strong_tokens = {t for t in tokens if ("-" in t or "icon" in t) and self.vocabulary.is_strong(t)}
        strong = sum(t in strong_tokens for t in tokens)
        total = len(tokens)
        if strong == 0 or (total > self.short_line and strong < self.min_strong):
            return None
        weak = sum(t not in strong_tokens and self.vocabulary.is_weak(t) for t in tokens)
        if total <= self.short_line:
            if strong >= 1 and strong + weak == total:
                return f"all {total} tokens are icon names ({strong} unmistakable, e.g. {_example(tokens, self.vocabulary)!r})"
            return None
        share = (strong + weak) / total
        if strong < self.min_strong or share < self.min_share:
            return None
        if ends_sentence(block.text) and strong / total < 0.5:
            return None
        return (
            f"{strong + weak} of {total} tokens are icon names ({strong} unmistakable, "
            f"e.g. {_example(tokens, self.vocabulary)!r}; share {share:.0%} >= {self.min_share:.0%})"
        )


_scans_kernel = compiled("scans")


def _example(tokens: list[str], vocabulary: IconVocabulary) -> str:
    return next(t for t in tokens if vocabulary.is_strong(t))
