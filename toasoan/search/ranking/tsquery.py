"""PostgreSQL: to_tsquery text for a parsed query (see `postgres.py`).

Every token is quoted: no operator of the reader's reaches the engine.
"""

from toasoan.search.text import ParsedQuery


def quote_ts(token: str) -> str:
    return "'" + token.replace("'", "").replace("\\", "") + "'"


def _ts_phrases(parsed: ParsedQuery) -> list[str]:
    """Each quoted phrase as a tsquery: exact or folded words side by side."""
    parts = []
    for phrase in parsed.phrases:
        folded = " <-> ".join(quote_ts(t.folded) for t in phrase)
        if any(t.exact for t in phrase):
            exact = " <-> ".join(quote_ts(t.exact or t.folded) for t in phrase)
            parts.append(f"(({exact}) | ({folded}))")
        else:
            parts.append(f"({folded})")
    return parts


def tsquery_expression(parsed: ParsedQuery) -> str:
    """to_tsquery text: each word exact-or-folded, phrases as phrases, ANDed
    (the meaning of `sqlite.fts5_expression`)."""
    parts = []
    for term in parsed.terms:
        if term.exact:
            parts.append(f"({quote_ts(term.exact)} | {quote_ts(term.folded)})")
        else:
            parts.append(quote_ts(term.folded))
    return " & ".join([*parts, *_ts_phrases(parsed)])


def match_tsquery_expression(parsed: ParsedQuery) -> str:
    """Which entries match, as cheaply as `tsquery_expression` says. Every
    word is indexed folded as well as exact (`text.index_text`), so a word's
    folded form alone matches the same entries as "exact or folded" with
    half the GIN lists to read, and the planner estimates it better.
    Phrases keep both forms (exact words are indexed side by side without
    the plain words between them). Scores still use the full query.
    """
    parts = [quote_ts(t.folded) for t in parsed.terms]
    return " & ".join([*parts, *_ts_phrases(parsed)])


def exact_tsquery_expression(parsed: ParsedQuery) -> str:
    """The words typed with diacritics, any of them: a match of the exact
    spelling is scored again, so that "bán" ranks above "bản"."""
    parts = [quote_ts(t.exact) for t in parsed.terms if t.exact]
    for phrase in parsed.phrases:
        if any(t.exact for t in phrase):
            parts.append(
                "(" + " <-> ".join(quote_ts(t.exact or t.folded) for t in phrase) + ")"
            )
    return " | ".join(parts)
