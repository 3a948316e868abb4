"""Wagtail search backend (modelsearch's database engines) for Vietnamese.

SQLite FTS5 on the embedded default, PostgreSQL full-text search in
production: the engines are modelsearch's own; this module only turns the
reader's query into the exact-or-folded form the index holds (see `text`).
Wagtail's admin search and choosers go through it too.
"""

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import And, Or, Phrase, PlainText

from .text import fold, parse_query, words


def build_query(query: str, operator: str = "and"):
    """A modelsearch query for `query`, or None when nothing is searchable."""
    parsed = parse_query(query)
    parts = []
    for term in parsed.terms:
        folded = PlainText(term.folded)
        parts.append(Or([PlainText(term.exact), folded]) if term.exact else folded)
    for phrase in parsed.phrases:
        folded = Phrase(" ".join(t.folded for t in phrase))
        if any(t.exact for t in phrase):
            exact = Phrase(" ".join(t.exact or t.folded for t in phrase))
            parts.append(Or([exact, folded]))
        else:
            parts.append(folded)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return Or(parts) if operator == "or" else And(parts)


class VietnameseMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str):
            if query_compiler_class is self.autocomplete_query_compiler_class:
                query = " ".join(fold(w) for w in words(query)[:8])
            else:
                built = build_query(query, (kwargs.get("operator") or "and").lower())
                query = built if built is not None else ""
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


def SearchBackend(params):
    """Wrap whichever database engine modelsearch picks for this connection."""
    params = {"SEARCH_CONFIG": "simple", **params}
    engine = database_backend(params)
    cls = type(
        f"Vietnamese{type(engine).__name__}", (VietnameseMixin, type(engine)), {}
    )
    engine.__class__ = cls
    return engine
