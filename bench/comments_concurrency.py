"""Benchmark readers posting comments at once to a real gunicorn server.

Run by hand, not by the tests; see bench/README.md. N posters (threads) load
article pages, solve the captcha with the server's SECRET_KEY and post
comments; every comment the server acknowledged (303) must be stored.

Its parts are in comments_parts/: the database, the server, the posters,
the results and the table (run.py puts them together).
"""

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from comments_parts.common import OUT_DIR, BenchError  # noqa: E402
from comments_parts.report import print_table  # noqa: E402
from comments_parts.run import bench  # noqa: E402


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
