"""PostgreSQL: ranked retrieval from modelsearch's tsvector columns.

The index entry table holds one tsvector per kind (`title`, `body`,
`autocomplete`), each with a GIN index. Matching reads the GIN lists of the
folded words (`match_tsquery_expression`); scoring uses the whole query,
and scores an exact-diacritic match again (`EXACT_BOOST`). `search` counts
and ranks in one statement, over a window of the newest matches (`_walk`,
`_window`, `_rank_window`).
"""

import json
from contextlib import contextmanager

from django.db import connection, transaction

from toasoan.search.text import words
from toasoan.vietnamese import fold

from .base import TITLE_WEIGHT, Ranker
from .proximity import Plan
from .tsquery import (
    exact_tsquery_expression,
    match_tsquery_expression,
    quote_ts,
    tsquery_expression,
)

# An exact-diacritic match scores this much more (SQLite's bm25 already
# counts a word matched in both its exact and folded forms twice).
EXACT_BOOST = 3.0

# Broad queries score only this many of their most recently indexed
# matches: ts_rank reads each vector.
PG_WINDOW = 1000

# The tsvector columns of modelsearch's index entry table that the SQL reads
# (checked by tests/test_modelsearch_schema.py).
VECTOR_COLUMNS = ("title", "body", "autocomplete")


class PostgresBase(Ranker):
    """The statements every PostgreSQL ranker is built from."""

    COLUMNS = ("title", "body")  # the vectors searched and scored
    SAMPLE = 2000

    def __init__(self, query):
        super().__init__(query)
        self.exact = self._exact(query)
        self.matching = self._matching(query)

    def _exact(self, query) -> str:
        return ""

    def _matching(self, query) -> str:
        return self.expression

    def _where(self, ref: str) -> str:
        """The columns searched match `ref`, a tsquery."""
        return "(" + " OR ".join(f"e.{c} @@ {ref}" for c in self.COLUMNS) + ")"

    def _literal_where(self) -> tuple[str, list]:
        """`_where` with the query written in place (no `q` table)."""
        return (
            self._where("to_tsquery('simple', %s)"),
            [self.matching] * len(self.COLUMNS),
        )

    def _columns(self) -> str:
        return ", ".join(f"e.{c}" for c in self.COLUMNS)

    def _query_table(self) -> tuple[str, list]:
        """The query (and its exact words) as a one-row table `q`."""
        if self.exact:
            return (
                "(SELECT to_tsquery('simple', %s) AS q, "
                "to_tsquery('simple', %s) AS x) AS q",
                [self.expression, self.exact],
            )
        return "(SELECT to_tsquery('simple', %s) AS q) AS q", [self.expression]

    def _score_sql(self) -> str:
        score = f"ts_rank(e.title, q.q) * {TITLE_WEIGHT} + ts_rank(e.body, q.q)"
        if self.exact:
            score += (
                f" + {EXACT_BOOST} * (ts_rank(e.title, q.x) * {TITLE_WEIGHT}"
                f" + ts_rank(e.body, q.x))"
            )
        return score

    def _matches(self, model, with_score: bool, entry_first=False):
        content_types = self._content_types(model)
        columns = f"{self._pk_sql(model)} AS pk"
        if with_score:
            columns += f", {self._score_sql()} AS score"
        query_table, params = self._query_table()
        where, where_params = self._literal_where()
        sql = (
            f"SELECT {columns} FROM {self.entry_table} e, {query_table} "
            f"WHERE {where} AND e.content_type_id IN "
            f"({self._placeholders(content_types)})"
        )
        return sql, [*params, *where_params, *content_types]

    def _estimate_sql(self, cap: int) -> tuple[str, list]:
        where, params = self._literal_where()
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {self.entry_table} e "
            f"WHERE {where} LIMIT %s) AS m"
        )
        return sql, [*params, cap]

    def _pool_sql(self, size: int) -> tuple[str, list]:
        """Only the `PG_WINDOW` most recently indexed matches are scored, so
        a word found in most of the archive costs no more than a rarer one;
        below that many matches the ranking is exact."""
        query_table, query_params = self._query_table()
        where, where_params = self._literal_where()
        # Dense matches: walk the newest entries, stop at the window.
        # Otherwise a bitmap of the GIN matches, sorted (`+ 0` keeps the
        # planner from walking the whole primary key for them).
        order = "e.id DESC" if self._dense() else "e.id + 0 DESC"
        # The derived table is named `e` so that the score reads it.
        window = (
            f"SELECT e.id, {self._score_sql()} AS score FROM ("
            f"SELECT e.id, {self._columns()} FROM {self.entry_table} e "
            f"WHERE {where} ORDER BY {order} LIMIT %s) AS e, {query_table}"
        )
        sql = (
            f"SELECT e.content_type_id, e.object_id, p.score FROM ("
            f"SELECT w.id, w.score FROM ({window}) w "
            f"ORDER BY w.score DESC, w.id DESC LIMIT %s) p "
            f"JOIN {self.entry_table} e ON e.id = p.id "
            f"ORDER BY p.score DESC, p.id DESC"
        )
        return sql, [*where_params, PG_WINDOW, *query_params, size]

    def _dense(self) -> bool:
        """Whether one entry in ten or more matches, judged on the newest
        `SAMPLE` entries. Walking back from the newest then reaches the
        window sooner than a bitmap of every match is read and sorted. Only
        asked once a count has reached its cap."""
        if not self._broad:
            return False
        where, params = self._literal_where()
        sql = (
            f"SELECT count(*) FROM (SELECT {self._columns()} "
            f"FROM {self.entry_table} e "
            f"ORDER BY e.id DESC LIMIT %s) AS e WHERE {where}"
        )
        found = self._fetch(sql, [self.SAMPLE, *params])[0][0]
        return found * 10 >= self.SAMPLE

    def _probed(self, model, pks) -> dict:
        """Every probe tested on the candidates' vectors, in one statement."""
        where, params = self._entries(model, pks)
        tests, test_params = [], []
        for probe in self.plan.probes:
            tests.append(self._where("to_tsquery('simple', %s)"))
            phrase = " <-> ".join(quote_ts(token) for token in probe.tokens)
            test_params += [phrase] * len(self.COLUMNS)
        sql = f"SELECT e.object_id, {', '.join(tests)} FROM {self.entry_table} e"
        rows = self._fetch(f"{sql} WHERE {where}", [*test_params, *params])
        to_pk = model._meta.pk.to_python
        return {to_pk(r[0]): {i for i, hit in enumerate(r[1:]) if hit} for r in rows}

    def _exists(self, model) -> tuple[str, list]:
        content_types = self._content_types(model)
        where, params = self._literal_where()
        sql = (
            f"EXISTS (SELECT 1 FROM {self.entry_table} e "
            f"WHERE e.content_type_id IN ({self._placeholders(content_types)}) "
            f"AND e.object_id = CAST({self._outer_pk(model)} AS TEXT) AND {where})"
        )
        return sql, [*content_types, *params]


class PostgresRanker(PostgresBase):
    """Articles and the other types; `search` counts and ranks at once.

    SQLite answers `search` with `count` then `top`. Here the newest `CAP`
    + 1 matching entries of the queryset's objects (joined to it, so filters
    and page visibility apply) are scored and the best `limit` returned with
    the window's size: a full window means "more than `CAP`", anything less
    is the exact count.
    """

    # Walking the newest entries back costs about this many times more per
    # entry than a GIN match read from the heap (each walked row's body
    # vector is fetched from TOAST and tested), measured at 100,000 articles.
    WALK_COST = 5
    # Otherwise only entries newer than a bound are read, the bound set so
    # that this many times the window should match by the planner's estimate
    # (a bound set too high costs a second read of every match).
    SPAN_SLACK = 1.5

    def __init__(self, query):
        self._planned = None  # the planner's (matches, entries)
        super().__init__(query)

    def _expression(self, parsed) -> str:
        return tsquery_expression(parsed)

    def _exact(self, parsed) -> str:
        return exact_tsquery_expression(parsed)

    def _matching(self, parsed) -> str:
        return match_tsquery_expression(parsed)

    def ranked(self, queryset, limit: int) -> tuple[int, list]:
        """(matches counted up to `CAP` + 1, the best `limit` (pk, score)).

        Dense matches walk back from the newest entry (`_walk`); sparse ones
        read the GIN matches newer than a bound (`_window`), then join and
        rank those (`_rank_window`).
        """
        if queryset.query.is_empty():
            return 0, []
        if self._walk():
            return self._walk_search(queryset, limit)
        cap = self.CAP
        rows, partial = self._window(queryset.model)
        rows.sort(reverse=True)  # newest first
        # Most entries are of live, public objects: join the newest few
        # more than the window first, everything only if that was too few.
        first = rows[: cap + 1 + cap // 4]
        found, hits = self._rank_window(queryset, first, limit)
        if found <= cap and len(rows) > len(first):
            found, hits = self._rank_window(queryset, rows, limit)
        if found <= cap and partial:  # drafts and filters took many
            rows, _ = self._window(queryset.model, everything=True)
            rows.sort(reverse=True)
            found, hits = self._rank_window(queryset, rows, limit)
        return found, hits

    def _walk(self) -> bool:
        """Whether walking back from the newest entries reaches `CAP`
        matches sooner than reading the GIN matches, judged from the
        planner's own estimates (one EXPLAIN, no rows read): walking reads
        about CAP * entries / matches rows at `WALK_COST` each."""
        if self._planned is None:
            where, params = self._literal_where()
            sql = (
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {self.entry_table} e "
                f"WHERE {where} UNION ALL SELECT 1 FROM {self.entry_table} e"
            )
            plan = self._fetch(sql, params)[0][0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            parts = plan[0]["Plan"]["Plans"]
            self._planned = (parts[0]["Plan Rows"], parts[1]["Plan Rows"])
        matches, entries = self._planned
        return matches * matches > self.WALK_COST * (self.CAP + 1) * entries

    def _walk_search(self, queryset, limit):
        """One statement: walk the entries newest first, testing each, until
        `CAP` + 1 of the queryset's objects match; score those."""
        query_table, query_params = self._query_table()
        where, where_params = self._literal_where()
        content_types = self._content_types(queryset.model)
        allowed, allowed_params = self._allowed(queryset)
        pk_sql = self._pk_sql(queryset.model)
        sql = (
            f"SELECT e.pk, {self._score_sql()} AS score, count(*) OVER () FROM ("
            f"SELECT e.id, {pk_sql} AS pk, {self._columns()} "
            f"FROM {self.entry_table} e "
            f"JOIN ({allowed}) a ON a.allowed_pk = {pk_sql} "
            f"WHERE {where} AND e.content_type_id IN "
            f"({self._placeholders(content_types)}) "
            f"ORDER BY e.id DESC LIMIT %s) AS e, {query_table} "
            f"ORDER BY score DESC, e.id DESC LIMIT %s"
        )
        params = [
            *allowed_params,
            *where_params,
            *content_types,
            self.CAP + 1,
            *query_params,
            max(limit, 1),
        ]
        return self._scored(self._fetch(sql, params), limit)

    @staticmethod
    def _scored(rows, limit):
        found = rows[0][2] if rows else 0
        return found, [(pk, float(score or 0)) for pk, score, _ in rows[:limit]]

    def _window(self, model, everything=False) -> tuple[list, bool]:
        """(entry id, object pk) of the newest matching entries of `model`:
        at least `CAP` + 1 of them unless there are fewer, about
        `SPAN_SLACK` times that many when the planner's estimate is right;
        and whether older matches were left unread.

        Entries above a bound are read by intersecting the GIN matches and
        the primary key's range as bitmaps, so only entries that match and
        are new enough are read from the table (about 8 ms against 116 ms for
        a word in one entry in ten at 100,000 articles). The planner would
        rather walk the range testing every entry, taking a text match to
        cost next to nothing, so plain index scans are turned off for these
        statements. A bound set too high (the estimate was too large) is
        lowered from the density actually found, at most twice.
        """
        where, params = self._literal_where()
        content_types = self._content_types(model)
        sql = (
            f"SELECT e.id, {self._pk_sql(model)} FROM {self.entry_table} e "
            f"WHERE {where} AND e.content_type_id IN "
            f"({self._placeholders(content_types)})"
        )
        params = [*params, *content_types]
        wanted = self.CAP + 1
        matches, entries = self._planned
        span = self.SPAN_SLACK * wanted * entries / max(matches, 1)
        newest = None
        if not everything and span * 2 < entries:
            newest = self._fetch(f"SELECT max(id) FROM {self.entry_table}", [])
            newest = newest[0][0]
        if newest is None:
            return self._fetch(sql, params), False
        rows, high = [], newest
        with self._bitmaps_only():
            for _ in range(3):
                low = newest - int(span)
                if low <= 0:
                    break
                rows += self._fetch(
                    f"{sql} AND e.id > %s AND e.id <= %s", [*params, low, high]
                )
                if len(rows) >= wanted:
                    return rows, True
                density = max(len(rows), 1) / (newest - low)
                span = max(span * 2, self.SPAN_SLACK * wanted / density)
                high = low
            rows += self._fetch(f"{sql} AND e.id <= %s", [*params, high])
        return rows, False

    @contextmanager
    def _bitmaps_only(self):
        """Plain index scans off for the statements inside, in a transaction
        of their own (a savepoint inside another), so that no other statement
        of this connection, nor of a pooler's, ever plans without them."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            yield
            cursor.execute("RESET enable_indexscan")  # for an outer transaction

    def _rank_window(self, queryset, window, limit):
        """Join the (entry id, pk) `window` to the queryset, keep the newest
        `CAP` + 1 and score them: (their number, the best `limit`)."""
        if not window:
            return 0, []
        model = queryset.model
        integer = self._pk_sql(model) != "e.object_id"
        allowed, allowed_params = self._allowed(queryset)
        query_table, query_params = self._query_table()
        ids, pks = zip(*window, strict=True)
        sql = (
            f"SELECT e.pk, {self._score_sql()} AS score, count(*) OVER () FROM ("
            f"SELECT w.id, w.pk, {self._columns()} FROM ("
            f"SELECT m.id, m.pk FROM unnest(%s::integer[], "
            f"%s::{'integer' if integer else 'text'}[]) AS m (id, pk) "
            f"JOIN ({allowed}) a ON a.allowed_pk = m.pk "
            f"ORDER BY m.id DESC LIMIT %s) w "
            f"JOIN {self.entry_table} e ON e.id = w.id) AS e, {query_table} "
            f"ORDER BY score DESC, e.id DESC LIMIT %s"
        )
        params = [
            list(ids),
            list(pks),
            *allowed_params,
            self.CAP + 1,
            *query_params,
            max(limit, 1),
        ]
        return self._scored(self._fetch(sql, params), limit)


class PostgresTitleRanker(PostgresBase):
    """Titles while the reader types: the words so far, the last as a prefix.

    Reads the autocomplete vector (titles, folded), so that suggestions
    cost what a search costs, not a scan of every title.
    """

    COLUMNS = ("autocomplete",)

    def _plan(self, text):
        return Plan(())  # titles while typing: the engine's order

    def _expression(self, text) -> str:
        typed = [fold(w) for w in words(text)][:8]
        if not typed:
            return ""
        parts = [quote_ts(w) for w in typed[:-1]] + [quote_ts(typed[-1]) + ":*"]
        return " & ".join(parts)

    def _score_sql(self) -> str:
        return "ts_rank(e.autocomplete, q.q)"
