"""The site under load: its database, the addresses read and the app server.

The database is the drill's own (bench_redis_drill, built as http_load.py
builds bench_http, with --articles; reused when it holds articles). Not
bench_http itself: http_load.py drops and rebuilds that one at each run
without --reuse, and a drill that found it empty in the middle of such a
build once dropped it under that run. The app server is granian in production
settings (http_parts.common.environment), pointed at the drill's own Redis,
on a port of its own, run from --root (a throwaway worktree with a change to
measure, or this checkout).
"""

import random

from http_parts.common import SERVERS, running
from http_parts.data import build

DATABASE = "bench_redis_drill"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _has_articles():
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
    if found is None:
        return False
    with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
        table = conn.execute("SELECT to_regclass('news_articlepage')").fetchone()
        if table[0] is None:
            return False
        count = conn.execute("SELECT count(*) FROM news_articlepage").fetchone()
    return count[0] > 0


def _fresh_database():
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [DATABASE],
        )
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        conn.execute(f"CREATE DATABASE {DATABASE}")


def prepare_database(args):
    """Reuse the drill's database when it holds articles (unless --rebuild),
    else build it (http_parts.data.build); call before django.setup() with
    DATABASE_URL set to DATABASE_URL in os.environ."""
    import django

    if not args.rebuild and _has_articles():
        django.setup()
        return {"name": DATABASE, "reused": True, "build_seconds": None}
    _fresh_database()
    django.setup()
    return {"name": DATABASE, "reused": False, "build_seconds": build(args)}


def reading_paths(articles, seed=20261207):
    """The home page, the sections' pages and `articles` articles."""
    from toasoan.news.models import ArticlePage, SectionPage

    paths = ["/"]
    paths += [page.url for page in SectionPage.objects.live().order_by("path")[:3]]
    ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(articles, len(ids)))
    for page in ArticlePage.objects.filter(pk__in=chosen).specific():
        paths.append(page.url)
    return paths


def app_server(args, env):
    """granian with the production settings in `env`, from args.root."""
    command = [
        part.format(workers=args.workers, port=args.port) for part in SERVERS["granian"]
    ]
    url = f"http://127.0.0.1:{args.port}/"
    return running(command, env, url, name=f"redis-drill-{args.label}", cwd=args.root)
