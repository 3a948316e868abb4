"""The benchmark's PostgreSQL database: demo content plus N articles."""

import random
import time


def fresh_database(name="bench_http"):
    """An empty database `name` on the shared cluster (any old one dropped)."""
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")


def build(args):
    """The demo content, N generated articles, the search index, static files."""
    from django.core.management import call_command

    from toasoan.news.models import ArticlePage

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    import search_speed

    writer = search_speed.Writer(random.Random(20261128))
    search_speed.create_articles(args.articles, writer, plants={})
    from wagtail.search.backends import get_search_backend

    queryset = ArticlePage.get_indexed_objects().prefetch_related(
        *search_speed.PREFETCH
    )
    search_speed.index_chunks(queryset, get_search_backend())
    search_speed.analyze()
    call_command("collectstatic", interactive=False, verbosity=0)
    return time.perf_counter() - started


def target_article():
    """The demo article with the most approved comments: the fullest page."""
    from django.db.models import Count, Q

    from toasoan.news.models import ArticlePage

    return (
        ArticlePage.objects.live()
        .annotate(n=Count("comments", filter=Q(comments__status="approved")))
        .order_by("-n", "pk")
        .first()
    )
