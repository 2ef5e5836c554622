"""RB01 repeated-block: a paragraph printed again later in the same document.

What it removes: a line whose text (spaces collapsed) already appeared earlier in
the document; the first occurrence stays. A headline-like line (no sentence end)
needs `min_words` words; a line that ends like a sentence needs
`min_sentence_words`, since songs, chants and speeches repeat short sentences.

Why: teasers, pull quotes, "most read" lists and sticky headers print the same
paragraph twice, and a scraper keeps both copies. Dropping the later copy loses no
sentence of the article, because the first copy is kept.

Example: a related-story headline that appears in the sidebar and again in the
footer list keeps only its first copy.

Must keep: the first copy; short lines that legitimately recur, such as "Yes." in an
interview or the line of a chorus quoted twice; near-duplicates that differ in any
word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaner.document import Block, Document, Verdict
from cleaner.text import ends_sentence, words

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class RepeatedBlock:
    code = "RB01"
    name = "repeated-block"
    description = "A paragraph that appears again later in the same document; the first stays."

    min_words: int = 6
    """Shorter headline-like lines recur in real articles (labels, section names)."""
    min_sentence_words: int = 12
    """Shorter sentences recur in real articles (interview turns, choruses, refrains)."""

    def check(self, doc: Document) -> list[Verdict]:
        verdicts = []
        first_seen: dict[str, Block] = {}
        for block in doc.content_blocks():
            key = _SPACES.sub(" ", block.text).strip()
            twin = first_seen.get(key)
            if twin is not None:
                reason = f"same text as line {twin.line}, which is kept"
                verdicts.append(Verdict.drop_block(block, self.code, reason))
            elif len(words(key)) >= (self.min_sentence_words if ends_sentence(key) else self.min_words):
                first_seen[key] = block
        return verdicts
