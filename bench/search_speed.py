"""Benchmark the Vietnamese article search on a large generated database.

Run by hand, not by the tests; see bench/README.md. One process: a fresh
database, N generated articles inserted in bulk the way treebeard lays out
pages, the search index built in chunks as `update_index` does, a sanity
check, then the latency of `toasoan.search.service.run` and of a bare
`backend.search` for 1-, 2- and 4-word queries.

Its parts are in search_parts/: the database, the text, the pages, the
index, the timings, the diagnosis of the slowest query and the report.
"""

import argparse
import json
import os
import platform
import random
import shutil
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_parts.common import OUT_DIR, PG_URL, BenchError  # noqa: E402
from search_parts.database import (  # noqa: E402
    analyze,
    git_state,
    server_version,
    setup_django,
)
from search_parts.diagnosis import diagnose, what_if  # noqa: E402
from search_parts.indexing import (  # noqa: E402
    PREFETCH,
    build_index,
    index_chunks,
    index_worker,
)
from search_parts.pages import create_articles  # noqa: E402
from search_parts.report import print_report  # noqa: E402
from search_parts.text import PLANTED_BODY, PLANTED_TITLE, Writer  # noqa: E402
from search_parts.timing import (  # noqa: E402
    latencies,
    make_queries,
    percentile,
    sanity_check,
    service_search,
)

# What bench/search_retime.py and bench/http_parts/data.py use from here.
__all__ = [
    "PREFETCH",
    "Writer",
    "analyze",
    "create_articles",
    "index_chunks",
    "make_queries",
    "percentile",
    "service_search",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--queries", type=int, default=150, help="timed queries per word count"
    )
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--what-if", type=int, default=50, help="queries per set for the what-if"
    )
    parser.add_argument(
        "--limit", type=float, default=5.0, help="seconds before a query is stopped"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=120.0,
        help="seconds spent on each set of queries and path (1-word service...)",
    )
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--pg-url",
        default=PG_URL,
        help="PostgreSQL database to DROP and recreate (name must contain 'bench')",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="articles indexed first exactly as update_index loads them",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes indexing the other articles",
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument("--index-worker", metavar="LOW:HIGH", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help="JSON report (default bench/out/)")
    return parser.parse_args()


def run_index_worker(args) -> int:
    """Child process of build_index(): index one range of articles."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.dev"
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    return index_worker(args)


def plant(rng: random.Random, articles: int) -> dict:
    """{article number: (word, "title" or "body")} for the sanity check."""
    picks = rng.sample(range(articles), len(PLANTED_TITLE + PLANTED_BODY))
    return {
        i: (word, "title" if word in PLANTED_TITLE else "body")
        for i, word in zip(picks, PLANTED_TITLE + PLANTED_BODY, strict=True)
    }


def measure(args, state: dict) -> dict:
    """Build the articles and their index, check them, time the queries."""
    rng = random.Random(args.seed)
    writer = Writer(rng)
    plants = plant(rng, args.articles)
    print(f"creating {args.articles:,} articles ({args.db})...", flush=True)
    creation = create_articles(args.articles, writer, plants)
    print(f"  {creation['seconds']:.1f} s; indexing...", flush=True)
    index = build_index(args)
    print(f"  {index['seconds']:.1f} s; analyze, sanity check...", flush=True)
    analyze_s = analyze()
    checks = sanity_check(args.articles, plants, rng, args.limit)
    print("  timing queries...", flush=True)
    load = {"before_queries": os.getloadavg()[0]}
    report, samples, sets = latencies(writer, args)
    load["after_queries"] = os.getloadavg()[0]
    finished = [x for x in samples if x[0] < args.limit * 1000] or samples
    slowest = max(finished)
    return {
        "database": args.db,
        "server": server_version(),
        "articles": args.articles,
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": args.seed,
        "git": state,
        "limit_s": args.limit,
        "load_average_1min": load,
        "creation": {k: round(v, 2) for k, v in creation.items()},
        "index": {k: round(v, 2) for k, v in index.items()},
        "analyze_s": round(analyze_s, 2),
        "sanity_checks": checks,
        "latency": report,
        "slowest_queries": [
            {"ms": round(ms, 1), "query": q, "hits": h}
            for ms, q, h in sorted(samples, reverse=True)[:10]
        ],
        "diagnosis": diagnose(slowest[1], 10 * args.limit),
        "what_if": what_if(sets, args),
    }


def main() -> int:
    args = parse_args()
    if args.index_worker:
        return run_index_worker(args)
    state = git_state()  # the code this process loads
    work = setup_django(args)
    try:
        result = measure(args, state)
        print_report(result)
        out = args.out or OUT_DIR / f"search_speed_{args.db}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        print(f"\nwritten {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
        return 0
    except BenchError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if work is not None:
            if args.keep:
                print(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
