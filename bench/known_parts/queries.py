"""Known-item queries made from the corpus by rule, never picked by hand.

From pages drawn at random (a seeded generator), three kinds:

- `word`: one word of the page with diacritics found in at most MAX_PAGES
  pages;
- `pair`: two words of the page, not side by side, both found together in
  at most MAX_PAGES pages;
- `phrase`: 2 to 4 consecutive syllables of a paragraph of the page, copied
  as written (case and tone marks), all letters, at least one with a
  diacritic, found in that order in at most MAX_PAGES pages.

A query's relevant pages are those holding it: its exact forms (tone
placement and case aside) for the forms typed with diacritics, its folded
form for the form typed without. Each query is asked in five forms (FORMS).
"""

import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from toasoan.search.text import has_diacritics, words
from toasoan.vietnamese import fold, normalize_tone, telex

MAX_PAGES = 3
FORMS = ("with diacritics", "without", "NFD", "upper case", "other tone style")


def exact_key(word: str) -> str:
    """A word as the exact forms compare: tone placement and case aside."""
    return telex(word) if has_diacritics(word) else fold(word)


def forms(query: str) -> dict[str, str]:
    old = normalize_tone(query, "old")
    return {
        "with diacritics": query,
        "without": fold(query),
        "NFD": unicodedata.normalize("NFD", query),
        "upper case": query.upper(),
        "other tone style": old if old != query else normalize_tone(query, "new"),
    }


@dataclass
class Query:
    kind: str
    text: str
    source: str  # the page it was made from
    exact: list = field(default_factory=list)  # relevant pages, exact forms
    folded: list = field(default_factory=list)  # relevant pages, folded


class Index:
    """Each page's words and syllable runs (per paragraph), exact and folded."""

    def __init__(self, pages):
        self.pages = pages
        self.runs = {"exact": {}, "folded": {}}
        self.words = {"exact": {}, "folded": {}}
        for page in pages:
            blocks = [page.title, *page.paragraphs]
            split = [words(block) for block in blocks]
            for kind, key in (("exact", exact_key), ("folded", fold)):
                lines = [" ".join(key(w) for w in block) for block in split]
                self.runs[kind][page.key] = "|" + " | ".join(lines) + "|"
                self.words[kind][page.key] = {key(w) for b in split for w in b}
        self.frequency = Counter(
            word for have in self.words["exact"].values() for word in have
        )

    def holding_run(self, kind, syllables):
        key = exact_key if kind == "exact" else fold
        needle = " " + " ".join(key(w) for w in syllables) + " "
        return [
            page
            for page, text in self.runs[kind].items()
            if needle in text.replace("|", " | ")
        ]

    def holding_all(self, kind, found):
        key = exact_key if kind == "exact" else fold
        wanted = {key(w) for w in found}
        return [page for page, have in self.words[kind].items() if wanted <= have]


def _vietnamese(word):
    return word.isalpha() and has_diacritics(word) and len(word) > 1


def _word(rng, page, index):
    candidates = [
        w
        for p in page.paragraphs
        for w in words(p)
        if _vietnamese(w) and index.frequency[exact_key(w)] <= MAX_PAGES
    ]
    return [rng.choice(candidates)] if candidates else None


def _pair(rng, page, index):
    found = [w for p in page.paragraphs for w in words(p) if _vietnamese(w)]
    if len(found) < 4:
        return None
    first, second = sorted(rng.sample(range(len(found)), 2))
    pair = [found[first], found[second]]
    if second - first < 2 or fold(pair[0]) == fold(pair[1]):
        return None
    return pair if len(index.holding_all("exact", pair)) <= MAX_PAGES else None


def _phrase(rng, page, index):
    paragraph = words(rng.choice(page.paragraphs))
    size = rng.randint(2, 4)
    if len(paragraph) < size:
        return None
    start = rng.randrange(len(paragraph) - size + 1)
    run = paragraph[start : start + size]
    if not all(w.isalpha() for w in run) or not any(_vietnamese(w) for w in run):
        return None
    return run if len(index.holding_run("exact", run)) <= MAX_PAGES else None


MAKERS = {"word": _word, "pair": _pair, "phrase": _phrase}


def make(pages, counts: dict, seed: int) -> list[Query]:
    """`counts` queries of each kind ({"word": 50, ...})."""
    rng = random.Random(seed)
    index = Index(pages)
    queries, seen = [], set()
    for kind, count in counts.items():
        made = 0
        for _ in range(count * 200):
            if made == count:
                break
            page = rng.choice(pages)
            found = MAKERS[kind](rng, page, index)
            if not found or " ".join(found).lower() in seen:
                continue
            seen.add(" ".join(found).lower())
            hold = index.holding_run if kind == "phrase" else index.holding_all
            exact, folded = hold("exact", found), hold("folded", found)
            if page.key not in exact:  # the page's own words: never
                raise AssertionError(f"{found} not found in {page.key}")
            queries.append(Query(kind, " ".join(found), page.key, exact, folded))
            made += 1
    return queries
