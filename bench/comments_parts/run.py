"""One run: a fresh database, gunicorn, the posters, and what was stored."""

import os
import platform
import secrets
import time
from pathlib import Path

from .common import git_commit
from .database import clean_redis, fresh_database, migrate_and_seed, recreate_postgres
from .posters import load_captcha, run_load
from .results import scan_log, stored_rows, summarise, verdict
from .server import server_env, start_server, stop_server, wait_ready


def bench(args, work: Path, cleanup: list) -> dict:
    """The whole run; `cleanup` gets what undoes it (database, cache keys)."""
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
    paths = migrate_and_seed(env, work, args.articles)
    records, wall, load_before = post_all(args, env, work, paths, captcha)

    stored = stored_rows(env, work)
    result = summarise(records, stored, scan_log(work / "server.log"), wall)
    result = with_settings(args, vendor, paths, result, load_before)
    result["checks"] = {label: ok for label, ok in verdict(result)}
    return result


def post_all(args, env: dict, work: Path, paths: list[str], captcha):
    """Start gunicorn, let all posters at it, stop it.

    Returns the posters' records, the wall seconds of the load and the load
    averages just before it.
    """
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
    return records, wall, load_before


def with_settings(
    args, vendor: str, paths: list, result: dict, load_before: list
) -> dict:
    """The summary between the run's settings and the machine it ran on."""
    cache = "redis" if args.redis_url else "database table (toasoan_limits)"
    return {
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
