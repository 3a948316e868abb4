"""The run's stores: a fresh database with its articles, the cache's keys."""

import json
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .common import BenchError, manage

SEED = """
import json, os
from django.utils import timezone
from toasoan.comments.models import CommentSettings
from toasoan.news.tests.factories import make_article, make_section
section = make_section(title="Bạn đọc viết")
now = timezone.now()
urls = [
    make_article(section, title=f"Bài thử ý kiến {i + 1}", published=now).url
    for i in range(int(os.environ["BENCH_ARTICLES"]))
]
CommentSettings.load()  # the singleton exists before the first request
print(json.dumps(urls))
"""


def pg_conninfo(url: str) -> tuple[str, dict]:
    """The database name and a psycopg conninfo for the `postgres` database."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise BenchError(f"--database-url must be PostgreSQL, not {parts.scheme}")
    name = unquote(parts.path.lstrip("/"))
    if "bench" not in name:
        raise BenchError(f"refusing to drop {name!r}: its name must contain 'bench'")
    conninfo = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "dbname": "postgres",
        "autocommit": True,
    }
    if parts.password:
        conninfo["password"] = unquote(parts.password)
    return name, conninfo


def recreate_postgres(url: str, create: bool = True) -> str:
    """DROP (and CREATE) the URL's database; return the server version."""
    import psycopg
    from psycopg import sql

    name, conninfo = pg_conninfo(url)
    with psycopg.connect(**conninfo) as conn:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        conn.execute(drop.format(sql.Identifier(name)))
        if create:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return conn.execute("SHOW server_version").fetchone()[0].split()[0]


def fresh_database(url: str | None, work: Path) -> tuple[str, str]:
    """An empty database: (DATABASE_URL, vendor and version)."""
    if url is None:
        path = work / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{path}", f"sqlite {sqlite3.sqlite_version}"
    return url, f"postgresql {recreate_postgres(url)}"


def migrate_and_seed(env: dict, work: Path, articles: int) -> list[str]:
    """Migrate the fresh database, add `articles` pages; return their paths."""
    manage(env, work / "migrate.log", "migrate", "--noinput")
    seed = manage(
        {**env, "BENCH_ARTICLES": str(articles)},
        work / "seed.log",
        *("shell", "-c", SEED),
    )
    urls = json.loads(seed.strip().splitlines()[-1])
    return [urlsplit(url).path for url in urls]


def clean_redis(url: str, prefix: str) -> None:
    """Delete this run's keys (they all start with its unique prefix)."""
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()
