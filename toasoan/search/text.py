"""Index text and queries for Vietnamese full-text search (no Django).

Every indexed text is stored twice: each word spelled in Telex with its tone
(exact, placement-independent: "hòa" and "hoà" are both "hoaf") and the whole
text folded (no diacritics, đ→d). A query word typed with diacritics asks for
either form, so exact matches score on both and rank first; a word typed
without diacritics asks for the folded form only.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from toasoan.vietnamese import fold, nfc, telex

WORD = re.compile(r"\w+", re.UNICODE)
PHRASE = re.compile(r'"([^"]*)"|“([^”]*)”')
MAX_TERMS = 12


def words(text: str) -> list[str]:
    return WORD.findall(nfc(text or ""))


def has_diacritics(word: str) -> bool:
    return fold(word) != word.lower()


@lru_cache(maxsize=200_000)
def _forms(word: str) -> tuple[str | None, str]:
    """(Telex spelling if the word has diacritics, folded form), cached: a
    language has far fewer distinct words than an archive has words."""
    folded = fold(word)
    return (telex(word) if folded != word.lower() else None), folded


def index_text(text: str) -> str:
    """The text as the search engine stores it: exact spellings, then folded."""
    forms = [_forms(w) for w in words(text)]
    if not forms:
        return ""
    exact = [e for e, _ in forms if e]
    return " ".join([*exact, *(f for _, f in forms)])


@dataclass(frozen=True)
class Term:
    exact: str | None  # Telex spelling when typed with diacritics
    folded: str


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[Term, ...]
    phrases: tuple[tuple[Term, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    def folded_words(self) -> set[str]:
        words_ = {t.folded for t in self.terms}
        for phrase in self.phrases:
            words_ |= {t.folded for t in phrase}
        return words_


def _term(word: str) -> Term:
    return Term(*_forms(word))


def parse_query(query: str) -> ParsedQuery:
    """Words and quoted phrases; everything else (operators, symbols) ignored."""
    query = nfc(query or "")[:2000]
    phrases = []
    for match in PHRASE.finditer(query):
        phrase = tuple(_term(w) for w in words(match.group(1) or match.group(2)))
        if len(phrase) > 1:
            phrases.append(phrase[:MAX_TERMS])
        elif phrase:
            query += " " + (match.group(1) or match.group(2))
    rest = PHRASE.sub(" ", query)
    terms = tuple(_term(w) for w in words(rest))[:MAX_TERMS]
    return ParsedQuery(terms, tuple(phrases[:4]))


def highlight(text: str, parsed: ParsedQuery, size: int = 36):
    """The best window of `text` for the query, as (chunk, matched) pairs.

    A word matches when its folded form is a query word; the window with the
    most matches wins, exact-diacritic matches counting double.
    """
    text = nfc(text or "")
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if not spans:
        return []
    wanted = parsed.folded_words()
    exact = {t.exact for t in parsed.terms if t.exact}
    for phrase in parsed.phrases:
        exact |= {t.exact for t in phrase if t.exact}
    weights, known = [], {}  # a body repeats its words: fold each once
    for start, end in spans:
        word = text[start:end]
        weight = known.get(word)
        if weight is None:
            spelled, folded = _forms(word)
            weight = 0
            if folded in wanted:
                weight = 2 if spelled is not None and spelled in exact else 1
            known[word] = weight
        weights.append(weight)
    best, best_score = 0, -1
    window = min(size, len(spans))
    score = sum(weights[:window])
    for first in range(0, len(spans) - window + 1):
        if first:
            score += weights[first + window - 1] - weights[first - 1]
        if score > best_score:
            best, best_score = first, score
    last = best + window - 1
    begin, end = spans[best][0], spans[last][1]
    pieces, cursor = [], begin
    for (start, stop), weight in zip(
        spans[best : last + 1], weights[best : last + 1], strict=True
    ):
        if weight:
            if start > cursor:
                pieces.append((text[cursor:start], False))
            pieces.append((text[start:stop], True))
            cursor = stop
    if end > cursor:
        pieces.append((text[cursor:end], False))
    if best > 0:
        pieces.insert(0, ("… ", False))
    if last < len(spans) - 1:
        pieces.append((" …", False))
    return pieces
