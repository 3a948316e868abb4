"""Ranked retrieval from the search index, one statement per question.

modelsearch keeps the index (its tables, signals and `update_index`), but its
query compiler does not scale: on SQLite it scores every candidate row with a
correlated MATCH subquery, on PostgreSQL it filters on `title || body`, which
no index serves, and both count every match. At 100,000 articles a common
word took seconds (bench/search_speed.py). Here each match is ranked once by
the engine, joined to the content type's own filtered queryset, and counts
stop at `CAP`, the most results a reader can page through.
"""

import json
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL
from modelsearch.conf import get_app_config
from modelsearch.utils import get_descendants_content_types_pks

from toasoan.vietnamese import fold

from .text import ParsedQuery, words

CAP = 1000

# Column weights: a word in the title counts this many times a word in the body.
TITLE_WEIGHT = 4.0

# PostgreSQL: an exact-diacritic match scores this much more (SQLite's bm25
# already counts a word matched in both its exact and folded forms twice).
EXACT_BOOST = 3.0

# Broad queries score only this many of their most recently indexed matches:
# bm25 in SQLite's C code is cheap, PostgreSQL's ts_rank reads each vector.
WINDOW = 5000
PG_WINDOW = 1000


def _quote_fts(token: str) -> str:
    return '"' + token.replace('"', "") + '"'


def _quote_ts(token: str) -> str:
    return "'" + token.replace("'", "").replace("\\", "") + "'"


def fts5_expression(parsed: ParsedQuery) -> str:
    """FTS5 MATCH text: each word exact-or-folded, phrases as phrases, ANDed."""
    parts = []
    for term in parsed.terms:
        if term.exact:
            parts.append(f"({_quote_fts(term.exact)} OR {_quote_fts(term.folded)})")
        else:
            parts.append(_quote_fts(term.folded))
    for phrase in parsed.phrases:
        folded = _quote_fts(" ".join(t.folded for t in phrase))
        if any(t.exact for t in phrase):
            exact = _quote_fts(" ".join(t.exact or t.folded for t in phrase))
            parts.append(f"({exact} OR {folded})")
        else:
            parts.append(folded)
    return " AND ".join(parts)


def _ts_phrases(parsed: ParsedQuery) -> list[str]:
    """Each quoted phrase as a tsquery: exact or folded words side by side."""
    parts = []
    for phrase in parsed.phrases:
        folded = " <-> ".join(_quote_ts(t.folded) for t in phrase)
        if any(t.exact for t in phrase):
            exact = " <-> ".join(_quote_ts(t.exact or t.folded) for t in phrase)
            parts.append(f"(({exact}) | ({folded}))")
        else:
            parts.append(f"({folded})")
    return parts


def tsquery_expression(parsed: ParsedQuery) -> str:
    """PostgreSQL to_tsquery text with the same meaning as `fts5_expression`."""
    parts = []
    for term in parsed.terms:
        if term.exact:
            parts.append(f"({_quote_ts(term.exact)} | {_quote_ts(term.folded)})")
        else:
            parts.append(_quote_ts(term.folded))
    return " & ".join([*parts, *_ts_phrases(parsed)])


def match_tsquery_expression(parsed: ParsedQuery) -> str:
    """PostgreSQL: which entries match, as cheaply as `tsquery_expression`
    says. Every word is indexed folded as well as exact (`text.index_text`),
    so a word's folded form alone matches the same entries as "exact or
    folded" with half the GIN lists to read, and the planner estimates it
    better. Phrases keep both forms (exact words are indexed side by side
    without the plain words between them). Scores still use the full query.
    """
    parts = [_quote_ts(t.folded) for t in parsed.terms]
    return " & ".join([*parts, *_ts_phrases(parsed)])


def exact_tsquery_expression(parsed: ParsedQuery) -> str:
    """The words typed with diacritics, any of them: on PostgreSQL a match
    of the exact spelling is scored again, so that "bán" ranks above "bản"."""
    parts = [_quote_ts(t.exact) for t in parsed.terms if t.exact]
    for phrase in parsed.phrases:
        if any(t.exact for t in phrase):
            parts.append(
                "(" + " <-> ".join(_quote_ts(t.exact or t.folded) for t in phrase) + ")"
            )
    return " | ".join(parts)


class Ranker:
    """Top results, date-ordered results and capped counts for one query.

    On SQLite the best matches of all types are first taken from the FTS
    table alone (bm25 in C, no join), `POOL` at a time, and only those are
    joined and filtered; a type that does not fill its page from the pool is
    ranked on its own, driven from whichever side is smaller.
    """

    POOL = 200
    SAMPLE = 2000

    def __init__(self, parsed: ParsedQuery):
        self.parsed = parsed
        self.vendor = connection.vendor
        entry = get_app_config().get_model("IndexEntry")
        self.entry_table = connection.ops.quote_name(entry._meta.db_table)
        self.fts_table = connection.ops.quote_name(entry._meta.db_table + "_fts")
        self.expression, self.exact = self._expressions(parsed)
        self.matching = self.expression  # PostgreSQL: which entries match
        if self.vendor == "postgresql" and isinstance(parsed, ParsedQuery):
            self.matching = match_tsquery_expression(parsed)
        self._pools = {}
        self._sizes = {}
        self._estimate = None
        self._planned = None  # PostgreSQL: the planner's (matches, entries)
        self._broad = False  # a count reached its cap: most entries match

    # -- pieces of SQL ------------------------------------------------------

    PG_COLUMNS = ("title", "body")

    def _expressions(self, parsed) -> tuple[str, str]:
        """The engine's query text, and (PostgreSQL) its exact words."""
        if self.vendor == "sqlite":
            return fts5_expression(parsed), ""
        return tsquery_expression(parsed), exact_tsquery_expression(parsed)

    def _pg_where(self, ref: str) -> str:
        """PostgreSQL: the columns searched match `ref`, a tsquery."""
        return "(" + " OR ".join(f"e.{c} @@ {ref}" for c in self.PG_COLUMNS) + ")"

    def _pg_literal_where(self) -> tuple[str, list]:
        """`_pg_where` with the query written in place (no `q` table)."""
        return (
            self._pg_where("to_tsquery('simple', %s)"),
            [self.matching] * len(self.PG_COLUMNS),
        )

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

    def _score_sql(self) -> str:
        if self.vendor == "sqlite":
            # bm25 is lower for better matches; negated, higher is better.
            return f"-bm25({self.fts_table}, 0.0, 1.0, {TITLE_WEIGHT})"
        score = f"ts_rank(e.title, q.q) * {TITLE_WEIGHT} + ts_rank(e.body, q.q)"
        if self.exact:
            score += (
                f" + {EXACT_BOOST} * (ts_rank(e.title, q.x) * {TITLE_WEIGHT}"
                f" + ts_rank(e.body, q.x))"
            )
        return score

    def _pg_query(self) -> tuple[str, list]:
        """PostgreSQL: the query (and its exact words) as a one-row table `q`."""
        if self.exact:
            return (
                "(SELECT to_tsquery('simple', %s) AS q, "
                "to_tsquery('simple', %s) AS x) AS q",
                [self.expression, self.exact],
            )
        return "(SELECT to_tsquery('simple', %s) AS q) AS q", [self.expression]

    def _matches(self, model, with_score: bool, entry_first=False):
        """SQL selecting (pk[, score]) of the index entries of `model` that match."""
        content_types = self._content_types(model)
        placeholders = ", ".join(["%s"] * len(content_types))
        columns = f"{self._pk_sql(model)} AS pk"
        if with_score:
            columns += f", {self._score_sql()} AS score"
        if self.vendor == "sqlite":
            fts = self.fts_table
            if entry_first:  # CROSS JOIN: SQLite keeps this order
                tables = f"{self.entry_table} e CROSS JOIN {fts} ON {fts}.rowid = e.id"
            else:
                tables = f"{fts} JOIN {self.entry_table} e ON e.id = {fts}.rowid"
            where = f"{fts} MATCH %s"
            params = [self.expression]
        else:
            query_table, params = self._pg_query()
            tables = f"{self.entry_table} e, {query_table}"
            where, where_params = self._pg_literal_where()
            params = [*params, *where_params]
        sql = (
            f"SELECT {columns} FROM {tables} "
            f"WHERE {where} AND e.content_type_id IN ({placeholders})"
        )
        return sql, [*params, *content_types]

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
            if self.vendor == "sqlite":
                fts = self.fts_table
                sql = (
                    f"SELECT count(*) FROM (SELECT 1 FROM {fts} "
                    f"WHERE {fts} MATCH %s LIMIT %s) AS m"
                )
                params = [self.expression, cap]
            else:
                where, params = self._pg_literal_where()
                sql = (
                    f"SELECT count(*) FROM (SELECT 1 FROM {self.entry_table} e "
                    f"WHERE {where} LIMIT %s) AS m"
                )
                params = [*params, cap]
            self._estimate = self._fetch(sql, params)[0][0]
        return self._estimate

    def _entry_first(self, model) -> bool:
        """Whether `model` has fewer index entries than the query has matches
        (then each of its entries is tested, rather than each match joined)."""
        if self.vendor != "sqlite":  # PostgreSQL plans its own join order
            return False
        if model not in self._sizes:
            content_types = self._content_types(model)
            placeholders = ", ".join(["%s"] * len(content_types))
            sql = (
                f"SELECT count(*) FROM (SELECT 1 FROM {self.entry_table} e "
                f"WHERE e.content_type_id IN ({placeholders}) LIMIT %s) AS t"
            )
            estimate = self.estimate()
            size = self._fetch(sql, [*content_types, estimate])[0][0]
            self._sizes[model] = size < estimate
        return self._sizes[model]

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
        score)], and whether more matches exist beyond them.

        Only the `WINDOW` (PostgreSQL: `PG_WINDOW`) most recently indexed
        matches are scored, so a word
        found in most of the archive costs no more than a rarer one; below
        that many matches the ranking is exact.
        """
        if size not in self._pools:
            if self.vendor == "sqlite":
                fts = self.fts_table
                window = (
                    f"SELECT rowid AS id, {self._score_sql()} AS score FROM {fts} "
                    f"WHERE {fts} MATCH %s ORDER BY rowid DESC LIMIT %s"
                )
            else:
                query_table, query_params = self._pg_query()
                where, where_params = self._pg_literal_where()
                columns = ", ".join(f"e.{c}" for c in self.PG_COLUMNS)
                # Dense matches: walk the newest entries, stop at the window.
                # Otherwise a bitmap of the GIN matches, sorted (`+ 0` keeps
                # the planner from walking the whole primary key for them).
                order = "e.id DESC" if self._dense() else "e.id + 0 DESC"
                # The derived table is named `e` so that the score reads it.
                window = (
                    f"SELECT e.id, {self._score_sql()} AS score FROM ("
                    f"SELECT e.id, {columns} FROM {self.entry_table} e "
                    f"WHERE {where} ORDER BY {order} LIMIT %s) AS e, {query_table}"
                )
            sql = (
                f"SELECT e.content_type_id, e.object_id, p.score FROM ("
                f"SELECT w.id, w.score FROM ({window}) w "
                f"ORDER BY w.score DESC, w.id DESC LIMIT %s) p "
                f"JOIN {self.entry_table} e ON e.id = p.id "
                f"ORDER BY p.score DESC, p.id DESC"
            )
            if self.vendor == "sqlite":
                params = [self.expression, WINDOW, size]
            else:
                params = [*where_params, PG_WINDOW, *query_params, size]
            rows = self._fetch(sql, params)
            self._pools[size] = (rows, len(rows) == size)
        return self._pools[size]

    def _dense(self) -> bool:
        """PostgreSQL: whether one entry in ten or more matches, judged on the
        newest `SAMPLE` entries. Walking back from the newest then reaches
        the window sooner than a bitmap of every match is read and sorted.
        Only asked once a count has reached its cap."""
        if not self._broad:
            return False
        where, params = self._pg_literal_where()
        columns = ", ".join(f"e.{c}" for c in self.PG_COLUMNS)
        sql = (
            f"SELECT count(*) FROM (SELECT {columns} FROM {self.entry_table} e "
            f"ORDER BY e.id DESC LIMIT %s) AS e WHERE {where}"
        )
        found = self._fetch(sql, [self.SAMPLE, *params])[0][0]
        return found * 10 >= self.SAMPLE

    def top(self, queryset, limit: int) -> list[tuple[object, float]]:
        """(pk, score) of the best `limit` objects of `queryset`, best first."""
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

    # -- PostgreSQL: count and ranked page ------------------------------------

    # Walking the newest entries back costs about this many times more per
    # entry than a GIN match read from the heap (each walked row's body
    # vector is fetched from TOAST and tested), measured at 100,000 articles.
    WALK_COST = 5
    # Otherwise only entries newer than a bound are read, the bound set so
    # that this many times the window should match by the planner's estimate
    # (a bound set too high costs a second read of every match).
    SPAN_SLACK = 1.5

    def search(self, queryset, limit: int) -> tuple[int, list]:
        """(matches counted up to `CAP` + 1, the best `limit` (pk, score)).

        SQLite: `count` then `top`. PostgreSQL: the newest `CAP` + 1 matching
        entries of the queryset's objects (joined to it, so filters and page
        visibility apply) are scored and the best `limit` returned with the
        window's size: a full window means "more than `CAP`", anything less
        is the exact count. Dense matches walk back from the newest entry
        (`_walk`); sparse ones read the GIN matches newer than a bound
        (`_window`), then join and rank those (`_rank_window`).
        """
        if self.vendor != "postgresql":
            found = self.count(queryset, CAP)
            return found, (self.top(queryset, limit) if found else [])
        if queryset.query.is_empty():
            return 0, []
        if self._walk():
            return self._walk_search(queryset, limit)
        rows, partial = self._window(queryset.model)
        rows.sort(reverse=True)  # newest first
        # Most entries are of live, public objects: join the newest few
        # more than the window first, everything only if that was too few.
        first = rows[: CAP + 1 + CAP // 4]
        found, hits = self._rank_window(queryset, first, limit)
        if found <= CAP and len(rows) > len(first):
            found, hits = self._rank_window(queryset, rows, limit)
        if found <= CAP and partial:  # drafts and filters took many
            rows, _ = self._window(queryset.model, everything=True)
            rows.sort(reverse=True)
            found, hits = self._rank_window(queryset, rows, limit)
        return found, hits

    def _walk_search(self, queryset, limit):
        """One statement: walk the entries newest first, testing each, until
        `CAP` + 1 of the queryset's objects match; score those."""
        query_table, query_params = self._pg_query()
        where, where_params = self._pg_literal_where()
        content_types = self._content_types(queryset.model)
        placeholders = ", ".join(["%s"] * len(content_types))
        allowed, allowed_params = self._allowed(queryset)
        columns = ", ".join(f"e.{c}" for c in self.PG_COLUMNS)
        sql = (
            f"SELECT e.pk, {self._score_sql()} AS score, count(*) OVER () FROM ("
            f"SELECT e.id, {self._pk_sql(queryset.model)} AS pk, {columns} "
            f"FROM {self.entry_table} e "
            f"JOIN ({allowed}) a ON a.allowed_pk = {self._pk_sql(queryset.model)} "
            f"WHERE {where} AND e.content_type_id IN ({placeholders}) "
            f"ORDER BY e.id DESC LIMIT %s) AS e, {query_table} "
            f"ORDER BY score DESC, e.id DESC LIMIT %s"
        )
        params = [
            *allowed_params,
            *where_params,
            *content_types,
            CAP + 1,
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
        where, params = self._pg_literal_where()
        content_types = self._content_types(model)
        placeholders = ", ".join(["%s"] * len(content_types))
        sql = (
            f"SELECT e.id, {self._pk_sql(model)} FROM {self.entry_table} e "
            f"WHERE {where} AND e.content_type_id IN ({placeholders})"
        )
        params = [*params, *content_types]
        matches, entries = self._planned
        span = self.SPAN_SLACK * (CAP + 1) * entries / max(matches, 1)
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
                if len(rows) > CAP:
                    return rows, True
                density = max(len(rows), 1) / (newest - low)
                span = max(span * 2, self.SPAN_SLACK * (CAP + 1) / density)
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
        query_table, query_params = self._pg_query()
        columns = ", ".join(f"e.{c}" for c in self.PG_COLUMNS)
        ids, pks = zip(*window, strict=True)
        sql = (
            f"SELECT e.pk, {self._score_sql()} AS score, count(*) OVER () FROM ("
            f"SELECT w.id, w.pk, {columns} FROM ("
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
            CAP + 1,
            *query_params,
            max(limit, 1),
        ]
        return self._scored(self._fetch(sql, params), limit)

    def _walk(self) -> bool:
        """PostgreSQL: whether walking back from the newest entries reaches
        `CAP` matches sooner than reading the GIN matches, judged from the
        planner's own estimates (one EXPLAIN, no rows read): walking reads
        about CAP * entries / matches rows at `WALK_COST` each."""
        if self._planned is None:
            where, params = self._pg_literal_where()
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
        return matches * matches > self.WALK_COST * (CAP + 1) * entries

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

    def _exists(self, model) -> tuple[str, list]:
        """EXISTS: the outer row of `model` has a matching index entry."""
        qn = connection.ops.quote_name
        outer = f"{qn(model._meta.db_table)}.{qn(model._meta.pk.column)}"
        content_types = self._content_types(model)
        placeholders = ", ".join(["%s"] * len(content_types))
        if self.vendor == "sqlite":
            fts = self.fts_table
            sql = (
                f"EXISTS (SELECT 1 FROM {self.entry_table} e "
                f"CROSS JOIN {fts} ON {fts}.rowid = e.id "
                f"WHERE e.content_type_id IN ({placeholders}) "
                f"AND e.object_id = CAST({outer} AS TEXT) AND {fts} MATCH %s)"
            )
        else:
            where, params = self._pg_literal_where()
            sql = (
                f"EXISTS (SELECT 1 FROM {self.entry_table} e "
                f"WHERE e.content_type_id IN ({placeholders}) "
                f"AND e.object_id = CAST({outer} AS TEXT) AND {where})"
            )
            return sql, [*content_types, *params]
        return sql, [*content_types, self.expression]


class TitleRanker(Ranker):
    """Titles while the reader types: the words so far, the last as a prefix.

    Reads the autocomplete part of the index (titles, folded), so that
    suggestions cost what a search costs, not a scan of every title.
    """

    PG_COLUMNS = ("autocomplete",)

    def _expressions(self, text) -> tuple[str, str]:
        typed = [fold(w) for w in words(text)][:8]
        if not typed:
            return "", ""
        if self.vendor == "sqlite":
            parts = [_quote_fts(w) for w in typed[:-1]] + [_quote_fts(typed[-1]) + "*"]
            return "autocomplete : (" + " AND ".join(parts) + ")", ""
        parts = [_quote_ts(w) for w in typed[:-1]] + [_quote_ts(typed[-1]) + ":*"]
        return " & ".join(parts), ""

    def _score_sql(self) -> str:
        if self.vendor == "sqlite":
            return f"-bm25({self.fts_table}, 1.0, 0.0, 0.0)"
        return "ts_rank(e.autocomplete, q.q)"
