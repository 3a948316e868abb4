"""Benchmark `manage.py import_legacy` on generated legacy pages.

Run by hand, not by the tests; see bench/README.md. Each step runs
`manage.py` as a subprocess against a fresh database, so the figures include
what a real import pays (one Django process, one transaction per file).

Its parts are in legacy_parts/: the database, the steps, the report
(run.py puts them together).
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from legacy_parts.common import OUT, BenchError  # noqa: E402
from legacy_parts.report import print_table, write_report  # noqa: E402
from legacy_parts.run import bench  # noqa: E402


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
