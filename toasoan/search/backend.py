"""Wagtail search backends (modelsearch's database engines) for Vietnamese.

SQLite FTS5 on the embedded default, PostgreSQL full-text search in
production: the engines are modelsearch's own; `VietnameseMixin` only turns
the reader's query into the exact-or-folded form the index holds (see
`text`). Wagtail's admin search and choosers go through it too.

One class per database, each in its own module of `engines` (modelsearch's
engine module of one database cannot be imported on the other), chosen in
settings from the database engine (`WAGTAILSEARCH_BACKENDS`); each names its
database's rankers (`ranking`). `checks.py` refuses a backend of another
database than the connection's.
"""

from django.db import transaction
from modelsearch.query import And, Boost, Not, Or, Phrase, PlainText, SearchQuery

from toasoan.pagecache import fragments

from .text import fold, parse_query, words


def build_query(query: str, operator: str = "and", exact_boost: float | None = None):
    """A modelsearch query for `query`, or None when nothing is searchable.

    `exact_boost` weights the exact spelling above the folded one on engines
    that rank each part separately (PostgreSQL); SQLite ranks the whole
    expression with bm25, where matching both forms already counts more.
    """

    def exact_part(query_part):
        return Boost(query_part, exact_boost) if exact_boost else query_part

    parsed = parse_query(query)
    parts = []
    for term in parsed.terms:
        folded = PlainText(term.folded)
        if term.exact:
            parts.append(Or([exact_part(PlainText(term.exact)), folded]))
        else:
            parts.append(folded)
    for phrase in parsed.phrases:
        folded = Phrase(" ".join(t.folded for t in phrase))
        if any(t.exact for t in phrase):
            exact = Phrase(" ".join(t.exact or t.folded for t in phrase))
            parts.append(Or([exact_part(exact), folded]))
        else:
            parts.append(folded)
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return Or(parts) if operator == "or" else And(parts)


class VietnameseMixin:
    """Before modelsearch's engine of one database (`engines`)."""

    vendor = None  # the connection's `vendor` this backend works on
    ranker_class = None  # ranking.base.Ranker subclasses for that database
    title_ranker_class = None
    exact_boost = None

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "simple", **params})

    # A change of the index moves the "search" generation, so a kept search
    # outcome (service.run) is never served after it; again at the commit.
    def add(self, obj):
        super().add(obj)
        _index_changed()

    def add_bulk(self, model, obj_list):
        super().add_bulk(model, obj_list)
        _index_changed()

    def delete(self, obj):
        super().delete(obj)
        _index_changed()

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        # The index keeps one column per kind (title, body, autocomplete), not
        # one per model field: SQLite's engine would look for a column named
        # after the field and find nothing, so a field list is not honoured.
        # (`_search` is modelsearch's own: tests/test_modelsearch_schema.py.)
        kwargs.pop("fields", None)
        autocomplete = query_compiler_class is self.autocomplete_query_compiler_class
        operator = (kwargs.get("operator") or "and").lower()
        query = self.vietnamese(query, operator, autocomplete)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def vietnamese(self, query, operator="and", autocomplete=False):
        """`query` (a string or a query object, as Wagtail's admin hands one
        over) in the form the index holds: each word folded for autocomplete,
        exact-or-folded for search. "" when nothing is left to look for.

        >>> from wagtail.search.backends import get_search_backend
        >>> backend = get_search_backend()
        >>> backend.vietnamese("Đà Nẵng", autocomplete=True)
        'da nang'
        >>> backend.vietnamese(Phrase("ĐÀ NẴNG"), autocomplete=True)
        'da nang'
        """
        if isinstance(query, PlainText):
            return self.vietnamese(query.query_string, query.operator, autocomplete)
        if isinstance(query, Phrase):
            text = " ".join(words(query.query_string))
            return self.vietnamese(f'"{text}"', operator, autocomplete)
        if isinstance(query, (And, Or)):
            parts = [
                self.vietnamese(q, operator, autocomplete) for q in query.subqueries
            ]
            parts = [p for p in parts if p != ""]
            if autocomplete:
                return " ".join(parts)
            return type(query)(parts) if len(parts) != 1 else parts[0]
        if isinstance(query, (Boost, Not)) and not autocomplete:
            inner = self.vietnamese(query.subquery, operator, autocomplete)
            if isinstance(query, Not):
                return Not(inner) if inner != "" else ""
            return Boost(inner, query.boost) if inner != "" else ""
        if isinstance(query, (Boost, Not)):
            return self.vietnamese(query.subquery, operator, autocomplete)
        if isinstance(query, SearchQuery):  # MatchAll, Fuzzy: nothing to fold
            return query
        if autocomplete:
            return " ".join(fold(w) for w in words(query)[:8])
        built = build_query(query, operator, self.exact_boost)
        return built if built is not None else ""


def _index_changed():
    fragments.bump([fragments.SEARCH])
    transaction.on_commit(lambda: fragments.bump([fragments.SEARCH]), robust=True)
