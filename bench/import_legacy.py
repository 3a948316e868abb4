"""Benchmark `manage.py import_legacy` on generated legacy pages.

Run by hand, not by the tests; see bench/README.md. Each step runs
`manage.py` as a subprocess against a fresh database, so the figures include
what a real import pays (one Django process, one transaction per file).
"""

import argparse
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toasoan.legacy.generate import generate_legacy_page  # noqa: E402

DRAIN = ("db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0")
OUT = ROOT / "bench" / "out" / "import_legacy.json"
SUMMARY = re.compile(
    r"Imported (?P<done>\d+) files in (?P<seconds>[\d.]+) s .*?: "
    r"(?P<created>\d+) created, (?P<updated>\d+) updated, "
    r"(?P<unchanged>\d+) unchanged, (?P<failed>\d+) failed\."
)


class BenchError(Exception):
    """A step failed or a result is wrong: the figures are not to be trusted."""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="pages to import")
    parser.add_argument("--seed", type=int, default=20240601, help="generator seed")
    parser.add_argument(
        "--keep", metavar="DIR", type=Path, help="work in DIR and keep it afterwards"
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="database to DROP and recreate (its name must contain 'bench'); "
        "default: a new SQLite file in the work folder",
    )
    parser.add_argument(
        "--drain",
        action="store_true",
        help="then time `db_worker --batch` running the queued index tasks",
    )
    parser.add_argument("--settings", default="toasoan.settings.dev")
    parser.add_argument(
        "--analyze-every",
        type=float,
        default=60.0,
        metavar="S",
        help="PostgreSQL without autovacuum: ANALYZE every S seconds (default 60)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help="JSON report path")
    args = parser.parse_args()
    if args.files < 1:
        parser.error("--files must be at least 1")
    return args


def generate(folder: Path, count: int, seed: int) -> float:
    """Write `count` pages as bench_000000.txt...; return the seconds taken."""
    started = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("bench_*.txt"):
        old.unlink()
    rng = random.Random(seed)
    for i in range(count):
        page = generate_legacy_page(rng, i)
        (folder / f"bench_{i:06d}.txt").write_text(page, encoding="utf-8")
    return time.perf_counter() - started


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


def manage(env: dict, log: Path, *args: str) -> dict:
    """Run manage.py; return its output, wall seconds and peak RSS (MiB)."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    with log.open("w+", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
        # wait4 gives this child's own rusage, not the max over all children.
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if proc.returncode != 0:
        raise BenchError(
            f"{' '.join(args)} exited {proc.returncode}:\n{output[-3000:]}"
        )
    return {
        "output": output,
        "wall_s": seconds,
        "peak_rss_mib": usage.ru_maxrss / 1024,  # Linux gives KiB
        "cpu_s": usage.ru_utime + usage.ru_stime,
        # other work on the machine skews wall times: a 1-minute load
        # average above the step's own 1-2 processes says so
        "load_1min_after": os.getloadavg()[0],
    }


def import_run(env: dict, log: Path, folder: Path) -> dict:
    """One `import_legacy` of the folder, with the command's own counts."""
    run = manage(env, log, "import_legacy", str(folder))
    match = SUMMARY.search(run.pop("output"))
    if match is None:
        raise BenchError(f"no summary line in {log}")
    counts = {k: int(v) for k, v in match.groupdict().items() if k != "seconds"}
    loop_s = float(match["seconds"])
    return {
        **counts,
        "loop_s": loop_s,
        "rate_per_s": counts["done"] / loop_s if loop_s else 0.0,
        **run,
    }


COUNTS = """
import json
from django_tasks_db.models import DBTaskResult
from toasoan.news.models import ArticlePage
from wagtail.search.models import IndexEntry
print(json.dumps({
    "articles": ArticlePage.objects.count(),
    "tasks_ready": DBTaskResult.objects.filter(status="READY").count(),
    "tasks_failed": DBTaskResult.objects.filter(status="FAILED").count(),
    "search_entries": IndexEntry.objects.count(),
}))
"""


def counts(env: dict, log: Path) -> dict:
    """Articles, queued background tasks and search entries, as JSON."""
    run = manage(env, log, "shell", "-c", COUNTS)
    return json.loads(run["output"].strip().splitlines()[-1])


def expect(label: str, got, wanted) -> None:
    if got != wanted:
        raise BenchError(f"{label}: expected {wanted}, got {got}")


def bench(args, work: Path) -> dict:
    folder = work / "pages"
    print(f"Generating {args.files} pages in {folder} ...", flush=True)
    generate_s = generate(folder, args.files, args.seed)

    database = fresh_database(args.database_url, work)
    if database.analyze:
        database.maintenance += f" every {args.analyze_every:g} s"
    vendor = database.vendor
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DJANGO_SETTINGS_MODULE": args.settings,
        "PYTHONUNBUFFERED": "1",
    }
    print(f"Migrating a fresh {vendor} database ...", flush=True)
    migrate = manage(env, work / "migrate.log", "migrate", "--noinput")

    print("First import (every file new) ...", flush=True)
    with analyzing(database, args.analyze_every):
        first = import_run(env, work / "import-1.log", folder)
    expect("first import, created", first["created"], args.files)
    expect("first import, failed", first["failed"], 0)

    print("Second import (every file unchanged) ...", flush=True)
    with analyzing(database, args.analyze_every):
        second = import_run(env, work / "import-2.log", folder)
    expect("second import, unchanged", second["unchanged"], args.files)

    after = counts(env, work / "count.log")
    expect("articles in the database", after["articles"], args.files)

    drain = None
    if args.drain:
        print(f"Draining {after['tasks_ready']} queued tasks ...", flush=True)
        with analyzing(database, args.analyze_every):
            drain = manage(env, work / "drain.log", *DRAIN)
        drain.pop("output")
        drain["tasks_per_s"] = after["tasks_ready"] / drain["wall_s"]
        drained = counts(env, work / "count-drained.log")
        expect("tasks left after draining", drained["tasks_ready"], 0)
        expect("failed tasks", drained["tasks_failed"], 0)
        drain["search_entries"] = drained["search_entries"]

    return {
        "files": args.files,
        "seed": args.seed,
        "database": vendor,
        "maintenance": database.maintenance,
        "settings": args.settings,
        "articles": after["articles"],
        "tasks_queued": after["tasks_ready"],
        "drain": rounded(drain) if drain else None,
        "generate_s": round(generate_s, 2),
        "migrate_s": round(migrate["wall_s"], 2),
        "first_import": rounded(first),
        "second_import": rounded(second),
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "commit": git_commit(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def rounded(run: dict) -> dict:
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in run.items()}


def git_commit() -> str:
    """Short HEAD, with "+dirty" when the work tree has changes."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    return f"{head}+dirty" if git("status", "--porcelain", "-uno") else head


def print_table(result: dict) -> None:
    first, second = result["first_import"], result["second_import"]
    rows = [
        ("database", result["database"]),
        ("statistics", result["maintenance"] or "-"),
        ("files", result["files"]),
        ("first import, loop s / wall s", f"{first['loop_s']} / {first['wall_s']}"),
        ("first import, articles/s", f"{first['rate_per_s']:.1f}"),
        ("first import, peak RSS MiB", f"{first['peak_rss_mib']:.0f}"),
        ("re-run, loop s / wall s", f"{second['loop_s']} / {second['wall_s']}"),
        ("re-run, files/s", f"{second['rate_per_s']:.1f}"),
        ("re-run, peak RSS MiB", f"{second['peak_rss_mib']:.0f}"),
        ("articles after both runs", result["articles"]),
        ("index tasks left queued", result["tasks_queued"]),
        (
            "machine",
            f"{result['machine']['nproc']} CPU, Python {result['machine']['python']}",
        ),
    ]
    if result["drain"]:
        drain = result["drain"]
        rows[-1:-1] = [
            ("drain queue, wall s", drain["wall_s"]),
            ("drain queue, tasks/s", f"{drain['tasks_per_s']:.1f}"),
            ("drain queue, peak RSS MiB", f"{drain['peak_rss_mib']:.0f}"),
            ("search entries after draining", drain["search_entries"]),
        ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


def write_report(path: Path, result: dict) -> None:
    """Keep one result per kind of database (sqlite, postgresql) in the file."""
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    old = old if isinstance(old, dict) else {}
    report = {k: v for k, v in old.items() if isinstance(v, dict) and "files" in v}
    report[result["database"].split()[0]] = result
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    args = parse_args()
    keep = args.keep is not None
    if keep:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    try:
        result = bench(args, work)
    except BenchError as exc:
        keep = True  # the logs are needed for a post-mortem
        print(f"BENCHMARK FAILED: {exc}\n(logs in {work})", file=sys.stderr)
        return 1
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    print_table(result)
    write_report(args.out, result)
    print(f"Written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
