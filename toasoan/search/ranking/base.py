"""What every database's ranker does, and the SQL hooks each one fills in.

A ranker answers four questions about one query against the content type's
own filtered queryset: how many match (`count`, capped), the best few
(`top`), the newest few (`newest`) and both at once (`search`). Only the
statements that read the engine's index differ by database; they are the
abstract methods below, written in `sqlite.py` and `postgres.py`.
"""

from abc import ABC, abstractmethod

from django.db import connection
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

from .proximity import RERANK, Plan

# The most results a reader can page through: counts stop here.
CAP = 1000

# Column weights: a word in the title counts this many times a word in the body.
TITLE_WEIGHT = 4.0

# Broad queries score only this many of their most recently indexed matches
# (SQLite's bm25 is cheap; PostgreSQL's window is its own, `PG_WINDOW`).
WINDOW = 5000

# The columns of modelsearch's index entry table that every ranker reads
# (tests/test_modelsearch_schema.py checks them against the database).
ENTRY_COLUMNS = ("id", "content_type_id", "object_id")


def entry_model():
    """modelsearch's index entry model (its table is `Ranker.entry_table`)."""
    return get_app_config().get_model("IndexEntry")


class Ranker(ABC):
    """Top results, date-ordered results and capped counts for one query.

    Subclasses write the SQL of one database; `ranking.ranker()` picks the
    one the search backend chosen in settings names.
    """

    CAP = CAP
    POOL = 200

    def __init__(self, query):
        self.entry_table = connection.ops.quote_name(entry_model()._meta.db_table)
        self.plan = self._plan(query)
        self.expression = self._expression(query)
        self._pools = {}
        self._estimate = None
        self._broad = False  # a count reached its cap: most entries match

    # -- the database's SQL -------------------------------------------------

    @abstractmethod
    def _expression(self, query) -> str:
        """The engine's query text for `query` ("" when nothing is left)."""

    @abstractmethod
    def _matches(self, model, with_score: bool, entry_first=False):
        """SQL selecting (pk[, score]) of the index entries of `model` that
        match, and its parameters."""

    @abstractmethod
    def _estimate_sql(self, cap: int) -> tuple[str, list]:
        """SQL counting the matching entries of every type, up to `cap`."""

    @abstractmethod
    def _pool_sql(self, size: int) -> tuple[str, list]:
        """SQL selecting (content_type_id, object_id, score) of the `size`
        best entries of any type, best first."""

    @abstractmethod
    def _exists(self, model) -> tuple[str, list]:
        """EXISTS: the outer row of `model` has a matching index entry."""

    @abstractmethod
    def _probed(self, model, pks) -> dict:
        """pk → the indexes of `self.plan`'s probes its entry matches, for
        the objects `pks` of `model` (proximity.py)."""

    def _plan(self, query) -> Plan:
        """The probes that order the best candidates again (proximity.py)."""
        return Plan.of(query)

    def _entry_first(self, model) -> bool:
        """Whether to test each of `model`'s entries rather than join each
        match (the database may plan its own join order: no)."""
        return False

    # -- shared pieces ------------------------------------------------------

    @staticmethod
    def _content_types(model) -> list[int]:
        return list(get_descendants_content_types_pks(model))

    @staticmethod
    def _pk_sql(model) -> str:
        pk_field = model._meta.pk
        while pk_field.is_relation:  # a page's pk is its link to Page
            pk_field = pk_field.target_field
        integer = pk_field.get_internal_type() in (
            "AutoField",
            "BigAutoField",
            "IntegerField",
            "BigIntegerField",
        )
        return "CAST(e.object_id AS INTEGER)" if integer else "e.object_id"

    @staticmethod
    def _placeholders(values) -> str:
        return ", ".join(["%s"] * len(values))

    @staticmethod
    def _allowed(queryset) -> tuple[str, list]:
        """The queryset's primary keys as a subquery with one column, `pk`."""
        values = queryset.order_by().values(allowed_pk=F("pk"))
        sql, params = values.query.sql_with_params()
        return sql, list(params)

    def _fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    # -- sizes --------------------------------------------------------------

    def estimate(self, cap: int = 10_000) -> int:
        """Matching index entries of every type and state, counted up to `cap`."""
        if self._estimate is None:
            self._estimate = self._fetch(*self._estimate_sql(cap))[0][0]
        return self._estimate

    def count(self, queryset, cap: int = CAP) -> int:
        """How many objects of `queryset` match, counted up to `cap` + 1."""
        if queryset.query.is_empty():  # e.g. .none() for an unknown section
            return 0
        entry_first = self._entry_first(queryset.model)
        matches, params = self._matches(queryset.model, False, entry_first)
        allowed, allowed_params = self._allowed(queryset)
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM ({matches}) m "
            f"JOIN ({allowed}) a ON a.allowed_pk = m.pk LIMIT %s) c"
        )
        found = self._fetch(sql, [*params, *allowed_params, cap + 1])[0][0]
        self._broad = self._broad or found > cap
        return found

    # -- ranked -------------------------------------------------------------

    def _pool(self, size: int):
        """The `size` best entries of any type: [(content_type_id, object_id,
        score)], and whether more matches exist beyond them."""
        if size not in self._pools:
            rows = self._fetch(*self._pool_sql(size))
            self._pools[size] = (rows, len(rows) == size)
        return self._pools[size]

    def top(self, queryset, limit: int) -> list[tuple[object, float]]:
        """(pk, score) of the best `limit` objects of `queryset`, best first.

        The best matches of all types are first taken from the index alone,
        `POOL` at a time, and only those are filtered; a type that does not
        fill its page from the pool is ranked on its own.
        """
        if limit <= 0 or queryset.query.is_empty():
            return []
        model = queryset.model
        rows, truncated = self._pool(max(self.POOL, 4 * limit))
        wanted = set(self._content_types(model))
        to_pk = model._meta.pk.to_python
        candidates = [(to_pk(o), s) for ct, o, s in rows if ct in wanted]
        allowed = set(
            queryset.filter(pk__in=[pk for pk, _ in candidates]).values_list(
                "pk", flat=True
            )
        )
        hits = [(pk, s) for pk, s in candidates if pk in allowed][:limit]
        if len(hits) == limit or not truncated:
            return [(pk, float(s)) for pk, s in hits]
        # Filters or a small type: rank this type's own matches.
        entry_first = self._entry_first(model)
        matches, params = self._matches(model, True, entry_first)
        allowed, allowed_params = self._allowed(queryset)
        sql = (
            f"SELECT m.pk, m.score FROM ({matches}) m "
            f"JOIN ({allowed}) a ON a.allowed_pk = m.pk "
            f"ORDER BY m.score DESC, m.pk DESC LIMIT %s"
        )
        rows = self._fetch(sql, [*params, *allowed_params, limit])
        return [(pk, float(score or 0)) for pk, score in rows]

    def search(self, queryset, limit: int) -> tuple[int, list]:
        """(matches counted up to `CAP` + 1, the best `limit` (pk, score)):
        the best `RERANK` by the engine's score ordered again by adjacency,
        order and exact diacritics (proximity.py) when the query has any."""
        if not self.plan.useful:
            return self.ranked(queryset, limit)
        found, hits = self.ranked(queryset, max(limit, RERANK))
        if len(hits) > 1:
            matched = self._probed(queryset.model, [pk for pk, _ in hits])
            hits = self.plan.order(hits, matched)
        return found, hits[:limit]

    def ranked(self, queryset, limit: int) -> tuple[int, list]:
        """`search` by the engine's score alone."""
        found = self.count(queryset, self.CAP)
        return found, (self.top(queryset, limit) if found else [])

    def _entries(self, model, pks) -> tuple[str, list]:
        """WHERE text for the index entries of `model`'s objects `pks`."""
        content_types = self._content_types(model)
        return (
            f"e.content_type_id IN ({self._placeholders(content_types)}) "
            f"AND e.object_id IN ({self._placeholders(pks)})",
            [*content_types, *(str(pk) for pk in pks)],
        )

    def newest(self, queryset, limit: int, date_field: str = "published_at"):
        """(pk, 0.0) of the newest `limit` matching objects of `queryset`.

        Few matches: select them, then sort. Many: walk the objects newest
        first and test each against the index, stopping at `limit`.
        """
        if limit <= 0 or queryset.query.is_empty():
            return []
        model = queryset.model
        if self.estimate() < WINDOW:
            matches, params = self._matches(model, with_score=False)
            queryset = queryset.filter(pk__in=RawSQL(matches, params))
        else:
            queryset = queryset.alias(
                _matches=RawSQL(*self._exists(model), output_field=BooleanField())
            ).filter(_matches=True)
        pks = queryset.order_by(f"-{date_field}", "-pk").values_list("pk", flat=True)
        return [(pk, 0.0) for pk in pks[:limit]]

    def _outer_pk(self, model) -> str:
        """The primary key column of `model`'s table, for a correlated EXISTS."""
        qn = connection.ops.quote_name
        return f"{qn(model._meta.db_table)}.{qn(model._meta.pk.column)}"
