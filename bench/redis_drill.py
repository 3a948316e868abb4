"""Redis killed under a reading load and started again: how fast pages recover.

Run by hand (issue 19, item 6), not by the tests; about 2 minutes a run:

    .venv/bin/python bench/redis_drill.py
    .venv/bin/python bench/redis_drill.py --root /tmp/wt-redis --label fix-a

Starts a Redis of its own (--redis-port, 6390; no persistence, so a restart
is empty, as a restarted cache is) and the app server (granian, production
settings, http_parts.common.environment) on --port, run from --root (whose
code the drill itself imports too), on a PostgreSQL database of its own
(bench_redis_drill, built as http_load.py builds bench_http with --articles,
reused when it holds articles; redis_parts/app.py says why not bench_http),
with its own static and media folders. Reads the home page, the sections'
pages and --paths articles with wrk (--connections), counting answers per
second; after --before seconds Redis is killed with SIGKILL, started again
--outage seconds later (empty), and the load goes on for --after seconds.

Prints per second the 200 answers, the page-cache hits among them, the other
answers, and the Redis server's commands per second and keys; then the rate
before (median), during and after the outage, and how long after Redis came
back the rate was again >= --bar (0.8) of the rate before. The JSON report
goes to bench/out/. Needs: PostgreSQL, redis-server and wrk.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from http_parts.common import WORK, environment  # noqa: E402 (after sys.path)
from redis_parts import app, report, timeline  # noqa: E402
from redis_parts.own_redis import OwnRedis  # noqa: E402

DRILL_WORK = Path("/tmp/toasoan-redis-drill")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="app's checkout")
    parser.add_argument("--label", default="current", help="names the report")
    parser.add_argument("--articles", type=int, default=500, help="if built")
    parser.add_argument("--rebuild", action="store_true", help="the database")
    parser.add_argument("--paths", type=int, default=300, help="articles read")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--port", type=int, default=18411)
    parser.add_argument("--redis-port", type=int, default=6390)
    parser.add_argument("--before", type=int, default=15)
    parser.add_argument("--outage", type=int, default=12)
    parser.add_argument("--after", type=int, default=40)
    parser.add_argument("--warm", type=int, default=8, help="load before the run")
    parser.add_argument("--runs", type=int, default=1, help="drills in a row")
    parser.add_argument("--settle", type=int, default=20, help="between runs")
    parser.add_argument("--bar", type=float, default=0.8)
    parser.add_argument(
        "--env", action="append", default=[], help="KEY=VALUE for the app"
    )
    parser.add_argument("--out", type=Path)
    return parser.parse_args()


def run_drills(args, own, env, out):
    base = f"http://127.0.0.1:{args.port}"
    paths = app.reading_paths(args.paths)
    out["paths"] = len(paths)
    with app.app_server(args, env):
        timeline.warm(base, paths, args, DRILL_WORK)
        for n in range(args.runs):
            if n:
                time.sleep(args.settle)
                timeline.warm(base, paths, args, DRILL_WORK)
            print(f"== {args.label}: drill {n + 1} of {args.runs}", flush=True)
            run = timeline.drill(args, own, base, paths, DRILL_WORK)
            summary = report.summarise(run, args.bar)
            report.show(summary, args.bar)
            out["runs"].append(summary)


def main():
    args = parse_args()
    args.root = args.root.resolve()
    sys.path.insert(0, str(args.root))  # the project as the app server runs it
    for folder in (WORK, DRILL_WORK):
        folder.mkdir(parents=True, exist_ok=True)
    own = OwnRedis(args.redis_port, DRILL_WORK)
    extra = dict(item.split("=", 1) for item in args.env)
    env = environment(
        REDIS_URL=own.url,
        CACHE_KEY_PREFIX="drill",
        DATABASE_URL=app.DATABASE_URL,
        STATIC_ROOT=str(DRILL_WORK / "static"),
        MEDIA_ROOT=str(DRILL_WORK / "media"),
        **extra,
    )
    os.environ.update(env)
    out = {"args": vars(args) | {"root": str(args.root), "out": None}, "runs": []}
    own.start()
    try:
        out["database"] = app.prepare_database(args)
        out["load_1min_before"] = os.getloadavg()[0]
        run_drills(args, own, env, out)
    finally:
        own.stop()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = args.out or ROOT / "bench" / "out" / f"redis_drill-{args.label}-{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2))
    print(f"Report: {path}")


if __name__ == "__main__":
    main()
