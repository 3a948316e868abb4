"""Where a slow search spends its time, and what a fix would give."""

import cProfile
import io
import pstats
import time

from .timing import service_search, summary, time_limit, timed


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [f"{row[1]:>3} {row[3]}" for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def diagnose(query: str, limit: float) -> dict:
    """Where one slow service.run spends its time: SQL statements and Python."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured, time_limit(limit):
        started = time.perf_counter()
        service_search(query)
        total = (time.perf_counter() - started) * 1000
    statements = [
        {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"]}
        for q in captured.captured_queries
    ]
    slowest = max(statements, key=lambda s: s["ms"])
    profile = cProfile.Profile()
    with time_limit(limit):
        profile.enable()
        service_search(query)
        profile.disable()
    stream = io.StringIO()
    pstats.Stats(profile, stream=stream).sort_stats("tottime").print_stats(8)
    with time_limit(limit):
        plan = explain(slowest["sql"])
    return {
        "query": query,
        "total_ms": round(total, 1),
        "sql_ms": round(sum(s["ms"] for s in statements), 1),
        "statements": [{"ms": s["ms"], "sql": s["sql"][:300]} for s in statements],
        "slowest_sql": slowest["sql"],
        "plan": plan,
        "profile": [line for line in stream.getvalue().splitlines() if line.strip()][
            :16
        ],
    }


def search_sql(query: str) -> tuple[str, list]:
    """The SQL and parameters backend.search() runs for live articles."""
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    found = get_search_backend().search(query, ArticlePage.objects.live())
    sql, params = found[:10].get_queryset().query.sql_with_params()
    return sql, list(params)


SQLITE_RANK_ONCE = """
SELECT p.id, s.score FROM (
    SELECT e.object_id AS object_id, bm25(wagtailsearch_indexentry_fts) AS score
    FROM wagtailsearch_indexentry_fts f
    JOIN wagtailsearch_indexentry e ON f.rowid = e.id
    WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s
) s JOIN wagtailcore_page p ON p.id = CAST(s.object_id AS INTEGER)
WHERE p.live ORDER BY s.score LIMIT 10
"""
SQLITE_COUNT = """
SELECT count(*) FROM wagtailsearch_indexentry_fts f
JOIN wagtailsearch_indexentry e ON f.rowid = e.id
JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER)
WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s AND p.live
"""


def rank_once(query: str) -> None:
    """SQLite: the hand SQL that ranks each match once (top 10, then count)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from toasoan.news.models import ArticlePage

    _sql, params = search_sql(query)
    match = next(p for p in params if isinstance(p, str) and p.startswith("{"))
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    with connection.cursor() as cursor:
        for sql in (SQLITE_RANK_ONCE, SQLITE_COUNT):
            cursor.execute(sql, [match, content_type])
            cursor.fetchall()


PG_INDEX = "bench_whatif_title_body_gin"


def what_if(sets: dict, args) -> dict:
    """What a fix would give, measured on this database (no project change).

    SQLite: hand-written SQL ranking each match once, joined to live pages,
    plus its count. PostgreSQL: the unchanged service.run after adding a GIN
    index on the expression the backend filters on, (title || body).
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        function, label = rank_once, "hand SQL ranking once (top 10 + count)"
        setup_s = 0.0
    else:
        function, label = service_search, f"service.run with GIN index {PG_INDEX}"
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE INDEX {PG_INDEX} ON wagtailsearch_indexentry "
                "USING gin ((title || body))"
            )
            cursor.execute("ANALYZE wagtailsearch_indexentry")
        setup_s = time.perf_counter() - started
    result = {"what": label, "setup_s": round(setup_s, 1)}
    for words, queries in sets.items():
        run = timed(function, queries[: args.what_if], args.limit, args.budget)
        result[f"{words}_word"] = summary(run["times"], run["timeouts"])
    return result
