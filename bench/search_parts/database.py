"""The bench's database: a fresh one, what it runs on, its statistics."""

import os
import subprocess
import tempfile
import time
from pathlib import Path

from .common import ROOT, BenchError


def fresh_postgres() -> None:
    import psycopg
    from django.conf import settings
    from psycopg import sql

    db = settings.DATABASES["default"]
    if "bench" not in db["NAME"]:
        raise BenchError(f"refusing to drop {db['NAME']!r}: name lacks 'bench'")
    conninfo = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or "postgres",
        "dbname": "postgres",
    }
    if db["PASSWORD"]:
        conninfo["password"] = db["PASSWORD"]
    name = sql.Identifier(db["NAME"])
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def setup_django(args) -> Path | None:
    """Point DATABASE_URL at a fresh database, start Django, migrate."""
    work = None
    if args.db == "sqlite":
        work = Path(tempfile.mkdtemp(prefix="bench-search-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench_search.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = args.pg_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.dev"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if args.db == "postgres":
        fresh_postgres()
    # Production runs with DEBUG off: no per-query logging in the timings.
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    return work


def git_state() -> dict:
    """The commit measured, and project files changed since (not bench/)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    changed = git("status", "--short", "--", "toasoan").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD"), "changed": changed}


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


def analyze() -> float:
    """Planner statistics, as autovacuum (PostgreSQL) would have gathered."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor != "sqlite" else "ANALYZE")
    return time.perf_counter() - started
