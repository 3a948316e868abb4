"""Benchmark readers posting comments at once to a real gunicorn server.

Run by hand, not by the tests; see bench/README.md. N posters (threads) load
article pages, solve the captcha with the server's SECRET_KEY and post
comments; every comment the server acknowledged (303) must be stored.
"""

import argparse
import html
import json
import math
import os
import platform
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import unquote, urlencode, urlsplit
from urllib.request import (
    HTTPCookieProcessor,
    HTTPRedirectHandler,
    Request,
    build_opener,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT_DIR = ROOT / "bench" / "out"
INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
# each error of the form's summary (comments/form.html), linked to its field
# or not (refusals of the whole form)
SUMMARY = re.compile(r'class="error-summary__list">(.*?)</ul>', re.S)
REASON = re.compile(r'<li>(?:<a href="#[\w-]+">)?([^<]+)<')
LOG_PATTERNS = {
    "database is locked": "database is locked",
    "tracebacks": "Traceback (most recent call last)",
    "server errors (500)": "Internal Server Error",
    "worker timeouts": "WORKER TIMEOUT",
}
CAPTCHA_IMAGE = re.compile(r'data-captcha-image src="[^"]*/([^/"]+)\.png"')
EXCEPTION_LINE = re.compile(r"^[\w.]+(?:Error|Exception|Locked|Timeout)\b.*$", re.M)

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

COUNT = """
import json
from django.core.cache import caches
from django.db import connection
from toasoan.comments.models import Comment
from django_tasks_db.models import DBTaskResult
limits = caches["limits"]
prefix = limits.make_key("captcha:used:")
if hasattr(limits, "_table"):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {limits._table} WHERE cache_key LIKE %s",
            [prefix + "%"],
        )
        marks = cursor.fetchone()[0]
else:
    client = limits._cache.get_client(prefix)
    marks = sum(1 for _ in client.scan_iter(match=prefix + "*", count=1000))
print(json.dumps({
    "comments": list(Comment.objects.values_list("email", "body")),
    "tasks": DBTaskResult.objects.count(),
    "captcha_marks": marks,
}))
"""


class BenchError(Exception):
    """A step failed: the figures are not to be trusted."""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posters", type=int, default=50, help="concurrent readers")
    parser.add_argument("--per-poster", type=int, default=10, help="comments each")
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="PostgreSQL database to DROP and recreate (its name must contain "
        "'bench'); default: a new SQLite file in the work folder",
    )
    parser.add_argument("--redis-url", metavar="URL", help="cache; default: none")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--articles", type=int, default=5, help="pages to post to")
    parser.add_argument(
        "--conn-max-age", type=int, default=0, help="DB_CONN_MAX_AGE of the server"
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds per HTTP request"
    )
    parser.add_argument(
        "--keep", metavar="DIR", type=Path, help="work in DIR and keep it afterwards"
    )
    parser.add_argument("--out", type=Path, help="JSON report path")
    args = parser.parse_args()
    for name in ("posters", "per_poster", "workers", "articles"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


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


def manage(env: dict, log: Path, *args: str) -> str:
    """Run manage.py with the server's environment; return its output."""
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    log.write_text(output, encoding="utf-8")
    if result.returncode != 0:
        raise BenchError(f"{args[0]} exited {result.returncode}:\n{output[-3000:]}")
    return result.stdout


def git_commit() -> str:
    """Short HEAD, with "+dirty" when tracked files have changes."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    return f"{head}+dirty" if git("status", "--porcelain", "-uno") else head


def load_captcha(secret: str):
    """toasoan.comments.captcha, signing with the server's SECRET_KEY."""
    from django.conf import settings

    settings.configure(SECRET_KEY=secret, USE_TZ=True)
    from toasoan.comments import captcha

    return captcha


def server_env(args, work: Path, database_url: str, secret: str, prefix: str):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": str(args.conn_max_age),
        "CACHE_KEY_PREFIX": prefix,
        # All posters come from 127.0.0.1 and the flood limit is per e-mail
        # and per IP, so it would refuse all but one comment every 15 s.
        "COMMENTS_FLOOD_SECONDS": "0",
        "COMMENTS_MIN_FILL_SECONDS": "0",
        "COMMENTS_TRUST_X_FORWARDED_FOR": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CSRF_TRUSTED_ORIGINS", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_server(args, env: dict, work: Path) -> subprocess.Popen:
    if not port_free(args.port):
        raise BenchError(f"port {args.port} is in use")
    command = [
        *(sys.executable, "-m", "gunicorn", "toasoan.wsgi:application"),
        *("--workers", str(args.workers), "--threads", "1"),
        *("--bind", f"127.0.0.1:{args.port}"),
        *("--access-logfile", str(work / "access.log")),
    ]
    log = (work / "server.log").open("w", encoding="utf-8")
    try:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    finally:
        log.close()


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM (graceful) to the gunicorn master we started, then SIGKILL."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def wait_ready(proc: subprocess.Popen, url: str, seconds: float = 60) -> None:
    opener = build_opener(NoRedirect())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"gunicorn exited with {proc.returncode}")
        try:
            status, _ = fetch(opener, Request(url), 5)
        except OSError:
            time.sleep(0.25)
            continue
        if status != 200:
            raise BenchError(f"GET {url} answered {status}")
        return
    raise BenchError(f"gunicorn not ready after {seconds} s")


class NoRedirect(HTTPRedirectHandler):
    """Report a 303 instead of following it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def fetch(opener, request: Request, timeout: float) -> tuple[int, str]:
    """(status, body) for any status; OSError for transport failures."""
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8", "replace")


def form_fields(page: str) -> dict:
    """The hidden inputs of the page (CSRF token, captcha token)."""
    fields = {}
    for tag in INPUT.findall(page):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
    return fields


def refusal(status: int, page: str) -> str:
    summary = SUMMARY.search(page)
    found = REASON.findall(summary.group(1)) if summary else []
    reasons = [html.unescape(r).strip() for r in found]
    return "; ".join(r for r in reasons if r) or f"HTTP {status}"


def poster(index, args, base, paths, captcha, run_id, start, records) -> None:
    """One reader: GET the page, solve the captcha, POST; `per_poster` times."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()), NoRedirect())
    email = f"ban-doc-{index:03d}@bench.example"
    start.wait(timeout=60)
    for n in range(args.per_poster):
        path = paths[(index + n) % len(paths)]
        url = base + path
        body = unicodedata.normalize(
            "NFC",
            f"Ý kiến thử {run_id} số {index:03d}-{n:03d}: bài viết bổ ích, "
            "cảm ơn tòa soạn.",
        )
        record = {"poster": index, "n": n, "path": path, "body": body}
        records.append(record)
        try:
            started = time.perf_counter()
            status, page = fetch(opener, Request(url), args.timeout)
            record["get_s"] = time.perf_counter() - started
            fields = form_fields(page)
            token = fields.get("captcha_token")
            if not token and (image := CAPTCHA_IMAGE.search(page)):
                # The hidden field came empty: take the code the reader sees.
                token = unquote(image[1])
                record["token_from_image"] = True
            if status != 200 or not token:
                record.update(status="bad page", reason=f"GET answered {status}")
                continue
            challenge = captcha.load(token)
            data = {
                "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
                "captcha_token": challenge.token,
                "captcha_answer": captcha.answer_for(challenge),
                "name": f"Bạn đọc {index:03d}",
                "address": "Hà Nội",
                "email": email,
                "body": body,
                "website": "",
            }
            request = Request(
                url, urlencode(data).encode(), headers={"Referer": url}, method="POST"
            )
            started = time.perf_counter()
            status, page = fetch(opener, request, args.timeout)
            record["post_s"] = time.perf_counter() - started
            record["status"] = status
            if status != 303:
                record["reason"] = refusal(status, page)
        except Exception as exc:  # a bench thread must not die silently
            record.update(status="error", reason=f"{type(exc).__name__}: {exc}")


def run_load(args, base: str, paths: list[str], captcha) -> tuple[list, float]:
    """All posters at once; return their records and the wall seconds."""
    run_id = secrets.token_hex(3)
    start = threading.Barrier(args.posters + 1)
    records: list[dict] = []
    threads = [
        threading.Thread(
            target=poster,
            args=(i, args, base, paths, captcha, run_id, start, records),
            daemon=True,
        )
        for i in range(args.posters)
    ]
    for thread in threads:
        thread.start()
    start.wait(timeout=60)
    started = time.perf_counter()
    deadline = time.monotonic() + args.per_poster * 2 * args.timeout + 60
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    wall = time.perf_counter() - started
    if any(thread.is_alive() for thread in threads):
        raise BenchError("posters still running after the deadline")
    return records, wall


def percentiles(values: list[float]) -> dict:
    """p50, p95 and max in milliseconds (nearest rank)."""
    if not values:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None}
    ordered = sorted(values)

    def rank(p):
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] * 1000

    return {
        "p50_ms": round(rank(50), 1),
        "p95_ms": round(rank(95), 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def scan_log(path: Path) -> dict:
    text = path.read_text(encoding="utf-8", errors="replace")
    counts = {label: text.count(needle) for label, needle in LOG_PATTERNS.items()}
    lines = Counter(m.strip()[:200] for m in EXCEPTION_LINE.findall(text))
    return {**counts, "exceptions": dict(lines.most_common(10))}


def stored_rows(env: dict, work: Path) -> dict:
    output = manage(env, work / "count.log", "shell", "-c", COUNT)
    return json.loads(output.strip().splitlines()[-1])


def summarise(records: list, stored: dict, log: dict, wall: float) -> dict:
    statuses = Counter(r.get("status") for r in records)
    acked = [r["body"] for r in records if r.get("status") == 303]
    bodies = Counter(body for _, body in stored["comments"])
    lost = [b for b in acked if b not in bodies]
    unacked = sorted(set(bodies) - set(acked))
    refused = {
        str(k): v for k, v in sorted(statuses.items(), key=str) if k not in (303,)
    }
    reasons = Counter(
        f"{r.get('status')}: {r['reason']}" for r in records if r.get("reason")
    )
    return {
        "attempted": len(records),
        "accepted": len(acked),
        "refused": refused,
        "refusal_reasons": dict(reasons.most_common(10)),
        "empty_captcha_field": sum(1 for r in records if r.get("token_from_image")),
        "stored": len(stored["comments"]),
        "lost": len(lost),
        "lost_examples": lost[:5],
        "stored_not_acknowledged": len(unacked),
        "stored_twice": sum(c - 1 for c in bodies.values() if c > 1),
        "post_latency": percentiles([r["post_s"] for r in records if "post_s" in r]),
        "get_latency": percentiles([r["get_s"] for r in records if "get_s" in r]),
        "load_wall_s": round(wall, 2),
        "accepted_per_s": round(len(acked) / wall, 1) if wall else None,
        "captcha_marks_kept": stored["captcha_marks"],
        "tasks_queued": stored["tasks"],
        "server_log": log,
    }


def verdict(result: dict) -> list[tuple[str, bool]]:
    log = result["server_log"]
    return [
        (
            "every acknowledged comment stored",
            result["lost"] == 0 and result["stored"] == result["accepted"],
        ),
        ("no 'database is locked' in the server log", log["database is locked"] == 0),
        ("no traceback in the server log", log["tracebacks"] == 0),
        (
            "every (valid) comment accepted",
            result["accepted"] == result["posters"] * result["per_poster"],
        ),
    ]


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


def bench(args, work: Path, cleanup: list) -> dict:
    secret = secrets.token_urlsafe(50)
    prefix = f"bench-comments-{secrets.token_hex(4)}"
    captcha = load_captcha(secret)
    database_url, vendor = fresh_database(args.database_url, work)
    if args.database_url:
        cleanup.append(lambda: recreate_postgres(args.database_url, create=False))
    if args.redis_url:
        cleanup.append(lambda: clean_redis(args.redis_url, prefix))
    env = server_env(args, work, database_url, secret, prefix)

    print(f"Migrating a fresh {vendor} database in {work} ...", flush=True)
    manage(env, work / "migrate.log", "migrate", "--noinput")
    seed = manage(
        {**env, "BENCH_ARTICLES": str(args.articles)},
        work / "seed.log",
        *("shell", "-c", SEED),
    )
    urls = json.loads(seed.strip().splitlines()[-1])
    paths = [urlsplit(url).path for url in urls]

    base = f"http://127.0.0.1:{args.port}"
    print(f"Starting gunicorn, {args.workers} workers, on {base} ...", flush=True)
    server = start_server(args, env, work)
    try:
        wait_ready(server, base + paths[0])
        print(
            f"{args.posters} posters x {args.per_poster} comments"
            f" on {len(paths)} articles ...",
            flush=True,
        )
        load_before = [round(x, 2) for x in os.getloadavg()]
        records, wall = run_load(args, base, paths, captcha)
    finally:
        stop_server(server)

    stored = stored_rows(env, work)
    result = summarise(records, stored, scan_log(work / "server.log"), wall)
    cache = "redis" if args.redis_url else "database table (toasoan_limits)"
    result = {
        "database": vendor,
        "limits_cache": cache,
        "posters": args.posters,
        "per_poster": args.per_poster,
        "workers": args.workers,
        "threads": 1,
        "conn_max_age": args.conn_max_age,
        "articles": len(paths),
        "flood_limit": "off (COMMENTS_FLOOD_SECONDS=0: one IP for all posters)",
        **result,
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_before": load_before,
        },
        "commit": git_commit(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    result["checks"] = {label: ok for label, ok in verdict(result)}
    return result


def latency(row: dict) -> str:
    return f"{row['p50_ms']} / {row['p95_ms']} / {row['max_ms']}"


def print_table(result: dict) -> None:
    log = result["server_log"]
    machine = result["machine"]
    refused = ", ".join(f"{k}: {v}" for k, v in result["refused"].items())
    rows = [
        ("database", result["database"]),
        ("limits cache", result["limits_cache"]),
        ("gunicorn", f"{result['workers']} sync workers x 1 thread"),
        (
            "posters (N) x comments each",
            f"{result['posters']} x {result['per_poster']}",
        ),
        ("attempted", result["attempted"]),
        ("accepted (303)", result["accepted"]),
        ("refused, by status", refused or "0"),
        ("stored", result["stored"]),
        ("lost (303, not stored)", result["lost"]),
        ("stored without a 303", result["stored_not_acknowledged"]),
        ("POST ms p50 / p95 / max", latency(result["post_latency"])),
        ("GET ms p50 / p95 / max", latency(result["get_latency"])),
        ("load wall s", result["load_wall_s"]),
        ("accepted comments/s", result["accepted_per_s"]),
        ("log: database is locked", log["database is locked"]),
        ("log: tracebacks", log["tracebacks"]),
        (
            "log: 500s / worker timeouts",
            (f"{log['server errors (500)']} / {log['worker timeouts']}"),
        ),
        ("used-captcha marks kept", result["captcha_marks_kept"]),
        (
            "machine",
            f"{machine['nproc']} CPU, Python {machine['python']},"
            f" load {machine['load_average_before'][0]} before the load",
        ),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    if result["empty_captcha_field"]:
        print(
            f"  WARNING: {result['empty_captcha_field']} pages had an empty"
            " captcha_token field; the bench posted the token of the captcha"
            " image (a browser without a click on 'New code' sends it empty)"
        )
    for reason, count in result["refusal_reasons"].items():
        print(f"  refused {count} x {reason}")
    for line, count in log["exceptions"].items():
        print(f"  log {count} x {line}")
    for label, ok in result["checks"].items():
        print(f"{'OK  ' if ok else 'FAIL'}  {label}")


def main() -> int:
    args = parse_args()
    keep = args.keep is not None
    if keep:
        work = args.keep.resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        work = Path(tempfile.mkdtemp(prefix="bench-comments-"))
    cleanup: list = []
    try:
        result = bench(args, work, cleanup)
        keep = keep or not all(result["checks"].values())
    except BenchError as exc:
        keep = True  # the logs are needed for a post-mortem
        print(f"BENCHMARK FAILED: {exc}\n(logs in {work})", file=sys.stderr)
        return 1
    finally:
        if not keep:
            for step in cleanup:
                step()
            shutil.rmtree(work, ignore_errors=True)
    print_table(result)
    out = args.out or OUT_DIR / f"comments_{result['database'].split()[0]}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print(f"Written to {out}")
    if not all(result["checks"].values()):
        print(f"Logs kept in {work}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
