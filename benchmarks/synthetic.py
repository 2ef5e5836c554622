"""Synthetic multi-site scrape corpora with a label on every line, to measure the site-template rule.

    python -m benchmarks.synthetic OUT.jsonl[.gz] --sites 20 --pages 200 --seed 0

Each site prints its own template (navigation, footer, promo lines, "most read"
headlines of other stories) around unique articles. Articles also repeat lines
legitimately: bylines, datelines, quotes cited by several articles and a standard
correction notice, which a template rule must keep. Every word is generated here:
pseudo-words from syllables plus English function words, so the text detects as English.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import cycle, islice
from operator import itemgetter
from pathlib import Path
from typing import IO


class Kind(str, Enum):
    """What printed a line: the site's template (the first four) or the article."""

    NAV = "nav"
    FOOTER = "footer"
    PROMO = "promo"
    PROMO_HEADLINE = "promo_headline"
    HEADLINE = "headline"
    BYLINE = "byline"
    ARTICLE = "article"
    DATELINE = "dateline"
    QUOTE = "quote"
    CORRECTION = "correction"


TEMPLATE_KINDS = frozenset({Kind.NAV, Kind.FOOTER, Kind.PROMO, Kind.PROMO_HEADLINE})


def is_template(kind: Kind) -> bool:
    """Whether the site's template prints `kind` lines, so that a template rule should remove them."""
    return kind in TEMPLATE_KINDS


@dataclass(frozen=True)
class Line:
    text: str
    kind: Kind


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    site: str
    lines: tuple[Line, ...]

    @property
    def text(self) -> str:
        """The page as a scraper dumps it: one line each, newline-terminated."""
        return "\n".join([line.text for line in self.lines]) + "\n"


FUNCTION_WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they "
    "has had were their been would its who more will there when can about into than after also over we she our her "
    "these some what only because while where most other all one new said up out so if no"
).split()
_FUNCTION = frozenset(FUNCTION_WORDS)
_SYLLABLES = [
    onset + vowel + coda
    for onset in "b d f g h k l m n p r s t v w z br tr st pl ch sh".split() + [""] * 3
    for vowel in "a e i o u a e i o ai ea ou".split()
    for coda in "n r s l m".split() + [""] * 8
]
_MASTHEADS = "times post herald news daily courier gazette journal tribune record ledger observer review wire star".split()
CONTENT_WORDS = 6000
FUNCTION_SHARE = 0.45  # of running text: a stopword detector then calls it English
POPULATION = 1 << 16  # two random bytes index it, far faster than `Random.choices`
PAIRS = 1 << 13  # few enough to stay in the CPU cache (65,536 drew half as fast), yet 52 bits a short sentence


def _word(rng: random.Random) -> str:
    """A fresh pseudo-word of 2-3 syllables (millions possible), so two sites rarely share one."""
    return "".join(rng.choices(_SYLLABLES, k=rng.choice((2, 2, 3))))


def _between(rng: random.Random, low: int, high: int) -> int:
    """`rng.randint(low, high)` at a third of the cost: a page needs about fifty."""
    return low + int(rng.random() * (high - low + 1))


@dataclass(frozen=True)
class Vocabulary:
    """POPULATION words (Zipf-like repeats, FUNCTION_SHARE function words) and as many slots of PAIRS word pairs."""

    words: tuple[str, ...]
    pairs: tuple[str, ...]  # running text is drawn a pair at a time, at half the cost


def _vocabulary(rng: random.Random) -> Vocabulary:
    """Pseudo-words shared by every site's articles, mixed with English function words."""
    content = list(dict.fromkeys(_word(rng) for _ in range(CONTENT_WORDS)))
    ranked = [w for rank, w in enumerate(content) for _ in range(1 + 30 // (rank + 1))]
    functions = int(POPULATION * FUNCTION_SHARE)
    words = list(islice(cycle(ranked), POPULATION - functions))
    words += rng.choices(FUNCTION_WORDS, weights=[1 / (rank + 2) for rank in range(len(FUNCTION_WORDS))], k=functions)
    pairs = [f"{a} {b}" for a, b in zip(_draw(rng, words, PAIRS), _draw(rng, words, PAIRS))]
    return Vocabulary(tuple(words), tuple(pairs * (POPULATION // PAIRS)))


def _draw(rng: random.Random, population: Sequence[str], k: int) -> list[str]:
    """`k` items drawn uniformly, with replacement, from a population of POPULATION items."""
    indices = array("H", rng.randbytes(2 * k))
    if sys.byteorder == "big":
        indices.byteswap()  # the same text for a seed on every machine
    return list(itemgetter(*indices)(population)) if k > 1 else [population[i] for i in indices]


def _paragraphs(rng: random.Random, vocab: Vocabulary, counts: Sequence[int], low: int = 8, high: int = 30) -> list[str]:
    """Paragraphs of `counts` sentences of low-high words, capitalised, with a full stop and sometimes a comma."""
    lengths = [_between(rng, low, high) for _ in range(sum(counts))]
    # One draw for the whole text: per-call overhead was a third of the generation time.
    drawn = _draw(rng, vocab.pairs, sum((n + 1) // 2 for n in lengths))
    paragraphs, sentences, end = [], iter(lengths), 0
    for count in counts:
        start = end
        for n in islice(sentences, count):
            drawn[end] = drawn[end].capitalize()
            pairs = (n + 1) // 2
            end += pairs
            if n > 14:
                drawn[end - pairs // 2] += ","
            last = drawn[end - 1]
            drawn[end - 1] = (last.partition(" ")[0] if n % 2 else last) + "."
        paragraphs.append(" ".join(drawn[start:end]))
    return paragraphs


def _title(words: Sequence[str]) -> str:
    """Headline case: capitalised words, function words lower case except the first."""
    return " ".join(w.capitalize() if i == 0 or w not in _FUNCTION else w for i, w in enumerate(words))


def _name(rng: random.Random) -> str:
    """A person's first name and surname."""
    return f"{_word(rng).capitalize()} {_word(rng).capitalize()}"


def _links(rng: random.Random, kind: Kind, low: int, high: int) -> tuple[Line, ...]:
    """Short Title Case link labels of 1-3 pseudo-words, distinct within the site."""
    sizes = rng.choices((1, 2, 3), weights=(2, 2, 1), k=rng.randint(low, high))
    labels = (" ".join(_word(rng).capitalize() for _ in range(size)) for size in sizes)
    return tuple(Line(label, kind) for label in dict.fromkeys(labels))


@dataclass(frozen=True)
class Site:
    """One site: its host, slug and template, and the repeats its articles share, with their rates."""

    host: str
    slug: str
    nav: tuple[Line, ...]
    mobile_menu: bool
    footer: tuple[Line, ...]
    subscribe: Line
    subscribe_rate: float
    poll: str | None  # a format string taking {n}: the same line only once digits are normalised
    most_read: tuple[Line, ...]
    bylines: tuple[Line, ...]
    datelines: tuple[Line, ...]
    quotes: tuple[tuple[Line, float], ...]
    correction: Line
    correction_rate: float


def _site(rng: random.Random, vocab: Vocabulary, taken: set[str]) -> Site:
    """One site's name, host and template, drawn from its own `rng`; `taken` keeps hosts distinct."""
    slug = f"{_word(rng)}-{rng.choice(_MASTHEADS)}"
    while slug in taken:
        slug = f"{_word(rng)}-{rng.choice(_MASTHEADS)}"
    taken.add(slug)
    name = slug.replace("-", " ").title()
    legal = _paragraphs(rng, vocab, [rng.randint(3, 4)], 14, 20) if rng.random() < 0.4 else []
    footer = (f"© {rng.randint(2019, 2031)} {name}. All rights reserved.", *legal)
    agency = rng.choice((_word(rng)[:3].upper(), _word(rng).title()))
    dateline = rng.choice(("{city} ({agency}) —", "{city} —"))
    cities = [_word(rng).upper() for _ in range(rng.randint(2, 5))]
    datelines = [dateline.format(city=city, agency=agency) for city in cities] if rng.random() < 0.5 else []
    said = [f"“{text[:-1]},” said {_name(rng)}." for text in _paragraphs(rng, vocab, [1] * rng.randint(2, 4), 12, 25)]
    headlines = [_title(_draw(rng, vocab.words, rng.randint(6, 12))) for _ in range(rng.randint(15, 30))]
    misstated = " ".join(_draw(rng, vocab.words, rng.randint(3, 11)))
    return Site(
        host=f"www.{slug}.example",
        slug=slug,
        nav=_links(rng, Kind.NAV, 8, 20),
        mobile_menu=rng.random() < 0.3,
        footer=_links(rng, Kind.FOOTER, 2, 6) + tuple(Line(text, Kind.FOOTER) for text in footer),
        subscribe=Line(f"Subscribe to {name} for FREE", Kind.PROMO),
        subscribe_rate=rng.uniform(0.4, 0.9),
        poll=f"{{n}}% of {name} readers think this story is Fact. Add your two cents." if rng.random() < 0.5 else None,
        most_read=(
            Line(rng.choice(("Most read on {}", "More from {}", "Trending on {}")).format(name), Kind.PROMO),
            *(Line(text, Kind.PROMO_HEADLINE) for text in headlines),
        ),
        bylines=tuple(Line(f"By {_name(rng)}", Kind.BYLINE) for _ in range(rng.randint(5, 10))),
        datelines=tuple(Line(text, Kind.DATELINE) for text in datelines),
        quotes=tuple((Line(text, Kind.QUOTE), rng.uniform(0.05, 0.15)) for text in said),
        correction=Line(f"Correction: An earlier version of this article misstated the {misstated}.", Kind.CORRECTION),
        correction_rate=rng.uniform(0.03, 0.08),
    )


def _page(site: Site, rng: random.Random, vocab: Vocabulary, n: int) -> Page:
    """The site's `n`-th page: its template around a fresh article with the site's legitimate repeats."""
    headline = _draw(rng, vocab.words, _between(rng, 6, 12))
    counts = [_between(rng, 2, 6) for _ in range(_between(rng, 4, 12))]
    body = [Line(text, Kind.ARTICLE) for text in _paragraphs(rng, vocab, counts)]
    # Extras go between or after paragraphs, never before the first: that is where sites print them.
    if rng.random() < site.correction_rate:
        body.insert(len(body) // 2, site.correction)
    for quote, rate in site.quotes:
        if rng.random() < rate:
            body.insert(_between(rng, 1, len(body)), quote)
    after: list[Line] = []
    if rng.random() < site.subscribe_rate:
        if rng.random() < 0.5:
            body.insert(_between(rng, 1, len(body)), site.subscribe)
        else:
            after.append(site.subscribe)
    if site.poll and rng.random() < 0.7:
        after.append(Line(site.poll.format(n=_between(rng, 1, 99)), Kind.PROMO))
    top = [Line(_title(headline), Kind.HEADLINE), rng.choice(site.bylines)]
    if site.datelines and rng.random() < 0.6:
        top.append(rng.choice(site.datelines))
    most_read = (site.most_read[0], *rng.sample(site.most_read[1:], _between(rng, 3, 6)))
    mobile_menu = site.nav if site.mobile_menu else ()
    lines = (*site.nav, *top, *body, *after, *most_read, *site.footer, *mobile_menu)
    url = f"https://{site.host}/{_between(rng, 2019, 2031)}/{'-'.join(headline[:6])}-{n}"
    return Page(id=f"{site.slug}-{n}", url=url, site=site.host, lines=lines)


def generate(sites: int, pages_per_site: int, seed: int = 0) -> Iterator[Page]:
    """`sites` x `pages_per_site` pages, streamed round-robin over the sites in a shuffled order per round."""
    master = random.Random(seed)
    vocab = _vocabulary(master)
    # Each site draws from its own generator, so its pages do not depend on the interleaving.
    rngs = [random.Random(master.getrandbits(64)) for _ in range(sites)]
    taken: set[str] = set()
    built: list[Site] = []
    order = list(range(sites))
    for n in range(pages_per_site):
        for i in order:
            if n == 0:  # built as the first round reaches them, so that the first pages come at once
                built.append(_site(rngs[i], vocab, taken))
            yield _page(built[i], rngs[i], vocab, n)
        master.shuffle(order)


def _open(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        # Level 1 compresses four times faster than level 6, for 15% more bytes.
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=1)
    return path.open("w", encoding="utf-8")


def write_jsonl(path: Path, pages: Iterable[Page]) -> int:
    """Stream `pages` to JSON Lines (gzipped if the name ends in .gz) as id, url, text, kinds; the count written."""
    count = 0
    with _open(Path(path)) as out:
        for page in pages:
            # A Kind is a str, so json writes its value; reading `.value` sixty times a page is slow.
            record = {"id": page.id, "url": page.url, "text": page.text, "kinds": [line.kind for line in page.lines]}
            out.write(json.dumps(record) + "\n")
            count += 1
    return count


def read_kinds(record: dict) -> list[Kind]:
    """The labels of a written record, one per line of its text."""
    return [Kind(value) for value in record["kinds"]]


def main(argv: Sequence[str] | None = None) -> int:
    """Write a synthetic corpus and say where."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="OUT.jsonl or OUT.jsonl.gz")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=200, help="pages per site")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    count = write_jsonl(args.out, generate(args.sites, args.pages, args.seed))
    print(f"wrote {count} pages of {args.sites} sites to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
