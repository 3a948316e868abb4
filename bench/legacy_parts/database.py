"""A fresh database for the run, and ANALYZE meanwhile where it is needed."""

import sqlite3
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .common import ROOT, BenchError


@dataclass
class Database:
    url: str
    vendor: str
    maintenance: str = ""  # how the statistics are kept up to date
    analyze: dict | None = None  # psycopg conninfo when the bench must ANALYZE


def fresh_database(url: str | None, work: Path) -> Database:
    """Create an empty database for DATABASE_URL."""
    if url is None:
        path = work / "bench.sqlite3"
        return Database(f"sqlite:///{path}", fresh_sqlite(path))
    parts = urlsplit(url)
    if parts.scheme in {"sqlite", "spatialite"}:
        return Database(url, fresh_sqlite(Path(unquote(parts.path)).resolve()))
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        return fresh_postgres(url, parts)
    raise BenchError(f"unsupported database URL scheme: {parts.scheme}")


def check_bench_name(name: str) -> None:
    if "bench" not in name:
        raise BenchError(f"refusing to drop {name!r}: its name must contain 'bench'")


def fresh_sqlite(path: Path) -> str:
    check_bench_name(path.name)
    if path == (ROOT / "db.sqlite3").resolve():
        raise BenchError("refusing to touch the development database")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite {sqlite3.sqlite_version}"


def fresh_postgres(url: str, parts) -> Database:
    """DROP and CREATE the URL's database, connected to the `postgres` one."""
    import psycopg
    from psycopg import sql

    name = unquote(parts.path.lstrip("/"))
    check_bench_name(name)
    conninfo = {
        "host": parts.hostname or "localhost",
        "port": parts.port or 5432,
        "user": unquote(parts.username or "postgres"),
        "dbname": "postgres",
    }
    if parts.password:
        conninfo["password"] = unquote(parts.password)
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = conn.execute("SHOW server_version").fetchone()[0]
        autovacuum = conn.execute("SHOW autovacuum").fetchone()[0]
    database = Database(url, f"postgresql {version.split()[0]}", "autovacuum")
    if autovacuum != "on":
        # Without statistics the planner picks bad plans for the growing tables
        # (an import 3x slower); a real server's autovacuum would analyze them.
        database.maintenance = "autovacuum off: the bench runs ANALYZE"
        database.analyze = {**conninfo, "dbname": name}
    return database


@contextmanager
def analyzing(database: Database, every: float):
    """Run ANALYZE every `every` seconds meanwhile, as autovacuum would."""
    if database.analyze is None:
        yield
        return
    import psycopg

    stop, errors = threading.Event(), []

    def loop():
        try:
            with psycopg.connect(**database.analyze, autocommit=True) as conn:
                while not stop.wait(every):
                    conn.execute("ANALYZE")
        except psycopg.Error as exc:
            errors.append(exc)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
    if errors:
        raise BenchError(f"ANALYZE failed: {errors[0]}")
