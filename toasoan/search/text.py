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
    most matches wins, exact-diacritic matches counting double. A query word
    typed with diacritics marks only its exact forms when the text has any
    ("đảng" marks "Đảng", not "đáng" beside it), its other forms otherwise.

    >>> query = parse_query("đảng")
    >>> [c for c, marked in highlight("Đảng đáng kể", query) if marked]
    ['Đảng']
    >>> [c for c, marked in highlight("Một việc đáng kể", query) if marked]
    ['đáng']
    """
    text = nfc(text or "")
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if not spans:
        return []
    weights = _weights(text, spans, parsed)
    best, last = _best_window(weights, min(size, len(spans)))
    return _pieces(text, spans, weights, best, last)


def _weights(text, spans, parsed):
    """Per word: 0 (no match), 1 (a folded match), 2 (exact diacritics), or
    -1 (a folded match of a word typed with diacritics whose exact form is
    elsewhere in the text: weighs 1, not marked)."""
    typed = [*parsed.terms, *(t for phrase in parsed.phrases for t in phrase)]
    wanted = {t.folded for t in typed}
    exact = {t.exact for t in typed if t.exact}
    strict = {t.folded for t in typed if t.exact}  # typed with diacritics
    weights, known, found = [], {}, set()
    for start, end in spans:  # a body repeats its words: fold each once
        word = text[start:end]
        if word not in known:
            spelled, folded = _forms(word)
            weight = 0
            if folded in wanted:
                weight = 2 if spelled is not None and spelled in exact else 1
                if weight == 2:
                    found.add(folded)
            known[word] = (weight, folded)
        weights.append(known[word])
    loose = strict & found  # typed with diacritics, and found exactly
    return [-1 if w == 1 and f in loose else w for w, f in weights]


def _best_window(weights, window):
    """(first, last) word of the window of `window` words weighing most."""
    counted = [abs(w) for w in weights]
    best, best_score = 0, -1
    score = sum(counted[:window])
    for first in range(0, len(counted) - window + 1):
        if first:
            score += counted[first + window - 1] - counted[first - 1]
        if score > best_score:
            best, best_score = first, score
    return best, best + window - 1


def _pieces(text, spans, weights, best, last):
    begin, end = spans[best][0], spans[last][1]
    pieces, cursor = [], begin
    for (start, stop), weight in zip(
        spans[best : last + 1], weights[best : last + 1], strict=True
    ):
        if weight > 0:
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
