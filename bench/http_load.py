"""HTTP throughput and latency of an article page, from nginx's limit down.

Run by hand (bench/README.md, docs/performance.md), not by the tests:

    .venv/bin/python bench/http_load.py --articles 10000
    .venv/bin/python bench/http_load.py --articles 2000 --tiers

Builds a PostgreSQL database (the demo content plus N generated articles),
starts the app server, the purge worker and nginx (with the cache-purge
module) on local ports, and measures with wrk, in one run:

  (a) nginx serving a static copy of the article page (the physical limit),
  (b) the article through nginx, cache warm,
  (c) the app server alone, page cache warm,
  (d) the app server alone, page cache off,
  and the search page (app server, never cached);
  (d) again with nothing kept in the process (the first reader after a
  change), and with --anchors a bare Wagtail site (`wagtail start`)
  under gunicorn, uncached and with Django's per-site cache;

each as requests/s with 50 connections and p50/p95/p99 latency with one.
Then, with nginx under load, it publishes edits of the article and times how
long until a reader fetching through nginx sees each one.

--tiers measures instead what each page-cache tier earns (http_parts/tiers.py):
the article and home pages with all tiers on (through nginx, and the app
server alone), then with each app tier off in turn, the first reader after a
change, and the same on the `make run` setup (runserver, SQLite, no Redis),
with the bare-Wagtail anchor in each setup, in --rounds rounds.

Needs: PostgreSQL and Redis (as in CI), nginx, libnginx-mod-http-cache-purge
and wrk (Debian packages).
"""

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from http_parts import classic, tiers  # noqa: E402 (after sys.path)
from http_parts.common import (  # noqa: E402
    SERVERS,
    WORK,
    BenchError,
    environment,
)
from http_parts.data import build, fresh_database, target_article  # noqa: E402
from http_parts.measuring import machine  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--server", choices=sorted(SERVERS), default="granian")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seconds", type=int, default=10, help="each throughput run")
    parser.add_argument("--latency-seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--publishes", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep the database")
    parser.add_argument("--out", type=Path, help="JSON report (default bench/out/)")
    parser.add_argument(
        "--anchors",
        action="store_true",
        help="also a bare Wagtail site under gunicorn (made in /tmp)",
    )
    tiering = parser.add_argument_group("--tiers: what each cache tier earns")
    tiering.add_argument("--tiers", action="store_true", help="this run instead")
    tiering.add_argument("--rounds", type=int, default=2, help="turns of all rows")
    tiering.add_argument(
        "--first-readers", type=int, default=15, help="purges and fetches a page"
    )
    tiering.add_argument(
        "--setups",
        default="production,make-run",
        help="comma-separated: production (granian, nginx), make-run (runserver)",
    )
    return parser.parse_args()


def main():
    args = parse_args()
    for tool in ("nginx", "wrk"):
        if shutil.which(tool) is None:
            raise BenchError(f"{tool} is not installed (apt-get install {tool})")
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "copy").mkdir(exist_ok=True)
    os.environ.update(environment())
    import django

    if not args.reuse:
        fresh_database()
    django.setup()
    report = {"machine": machine(), "args": vars(args) | {"out": None}}
    report["build_seconds"] = None if args.reuse else build(args)
    article = target_article()
    report["article"] = {"path": article.url, "title": article.title}
    print(f"Article: {article.url}", flush=True)
    (tiers if args.tiers else classic).run(args, report, article)
    if "ratios" in report:
        print(json.dumps(report["ratios"]), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    name = "http_tiers" if args.tiers else "http_load"
    out = args.out or ROOT / "bench" / "out" / f"{name}-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"Report: {out}")


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit(f"bench failed: {error}")
