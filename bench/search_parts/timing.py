"""The sanity check, and the timed queries under a time limit."""

import math
import random
import statistics
import time
from contextlib import contextmanager

from .common import BenchError
from .text import Writer, make_queries


def service_search(query: str):
    from toasoan.search.service import Filters, run

    return run(Filters(query=query, types=["bai-viet"]))


def raw_search(query: str):
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    backend = get_search_backend()
    return list(backend.search(query, ArticlePage.objects.live())[:10])


def sanity_check(count: int, plants: dict, rng: random.Random, limit: float) -> list:
    from toasoan.news.models import ArticlePage
    from toasoan.vietnamese import fold

    live = ArticlePage.objects.live().public().count()
    if live != count:
        raise BenchError(f"{live} live public articles, expected {count}")
    checks = []
    for i, (word, _where) in plants.items():
        expected = ArticlePage.objects.get(slug__endswith=f"-{i}")
        for query in (word, fold(word), word.lower()):
            outcome = service_search(query)
            got = [r.url for r in outcome.results]
            ok = outcome.count == 1 and got and got[0].endswith(expected.url_path[5:])
            checks.append({"query": query, "count": outcome.count, "ok": bool(ok)})
            if not ok:
                raise BenchError(f"{query!r}: {outcome.count} results, {got[:3]}")
    for pk in rng.sample(list(ArticlePage.objects.values_list("pk", flat=True)), 5):
        # Informative only (ranking is not what this bench checks), and
        # stopped after `limit` seconds: a whole title is many common words.
        target = ArticlePage.objects.get(pk=pk)
        check = {"query": target.title, "count": None, "rank": "timeout"}
        try:
            with time_limit(limit):
                outcome = service_search(target.title)
        except QueryTimeout:
            checks.append(check)
            continue
        urls = [r.url for r in outcome.results]
        check["count"] = outcome.count
        check["rank"] = next(
            (n for n, u in enumerate(urls, 1) if u.endswith(target.url_path[5:])),
            None,
        )
        checks.append(check)
    return checks


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(times: list[float], timeouts: int) -> dict:
    """Percentiles; a query stopped at the time limit counts as the limit."""
    return {
        "n": len(times),
        "timeouts": timeouts,
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
    }


class QueryTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Stop the database work of one call after `seconds`."""
    from django.db import OperationalError, connection

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        deadline = time.perf_counter() + seconds
        raw = connection.connection
        raw.set_progress_handler(lambda: time.perf_counter() > deadline, 20_000)
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
    try:
        yield
    except OperationalError as error:
        if "interrupted" in str(error) or "statement timeout" in str(error):
            raise QueryTimeout from error
        raise
    finally:
        if connection.vendor == "sqlite":
            raw.set_progress_handler(None, 0)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")


def timed(function, queries: list[str], limit: float, budget: float) -> dict:
    """Run queries in order until `budget` seconds are spent."""
    times, done, timeouts = [], [], 0
    started = time.perf_counter()
    for query in queries:
        if time.perf_counter() - started > budget:
            break
        begin = time.perf_counter()
        try:
            with time_limit(limit):
                function(query)
            elapsed = (time.perf_counter() - begin) * 1000
        except QueryTimeout:
            elapsed = (time.perf_counter() - begin) * 1000
        if elapsed >= limit * 1000:
            timeouts += 1
            elapsed = limit * 1000
        times.append(elapsed)
        done.append(query)
    return {"times": times, "queries": done, "timeouts": timeouts}


def hits(query: str, limit: float) -> int | None:
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    backend = get_search_backend()
    try:
        with time_limit(limit):
            return backend.search(query, ArticlePage.objects.live()).count()
    except QueryTimeout:
        return None


def latencies(writer: Writer, args) -> tuple[dict, list]:
    sets = {n: make_queries(writer, n, args.queries) for n in (1, 2, 4)}
    warm = make_queries(writer, 4, args.warmup) + make_queries(writer, 2, args.warmup)
    for function in (service_search, raw_search):
        timed(function, warm, args.limit, args.budget / 2)
    report, samples = {}, []
    for words, queries in sets.items():
        service = timed(service_search, queries, args.limit, args.budget)
        raw = timed(raw_search, queries, args.limit, args.budget)
        counts = [hits(q, args.limit) for q in service["queries"]]
        known = [c for c in counts if c is not None]
        report[f"{words}_word"] = {
            "service": summary(service["times"], service["timeouts"]),
            "raw": summary(raw["times"], raw["timeouts"]),
            "hits_median": int(statistics.median(known)) if known else None,
            "hits_max": max(known) if known else None,
        }
        samples += zip(service["times"], service["queries"], counts, strict=True)
    return report, samples, sets
