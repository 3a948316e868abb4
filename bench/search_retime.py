"""Re-time the search page's work on a database search_speed.py left behind.

Run by hand, not by the tests; see bench/README.md. Building 100,000
articles takes minutes; this only draws fresh query sets from the same
vocabulary and times `toasoan.search.service.run` on them:

    DATABASE_URL=sqlite:////tmp/bench-search-XXXX/bench_search.sqlite3 \\
        .venv/bin/python bench/search_retime.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_search \\
        .venv/bin/python bench/search_retime.py

`--proximity` times each query twice, interleaved: as the site searches, and
with the proximity ordering (toasoan/search/ranking/proximity.py) switched
off, its cost measured beside its own anchor.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--proximity", action="store_true")
    args = parser.parse_args()
    if "bench" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("DATABASE_URL must name a bench database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.dev")
    os.environ["PAGE_FRAGMENT_SECONDS"] = "0"  # no kept outcome: each query searched
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    import search_speed as bench

    writer = bench.Writer(random.Random(args.seed))
    sets = {n: bench.make_queries(writer, n, args.queries) for n in (1, 2, 4)}
    for query in bench.make_queries(writer, 2, 20):  # warm caches
        bench.service_search(query)
    print(f"load {os.getloadavg()[0]:.2f}")
    ways = {"as the site searches": None}
    if args.proximity:
        ways["proximity off"] = False
    for words, queries in sets.items():
        times = {way: [] for way in ways}
        for number, query in enumerate(queries):
            # Each way goes first every other query: the second asking of a
            # query finds the database's pages warm.
            order = list(ways.items())
            for way, useful in order[::-1] if number % 2 else order:
                times[way].append(timed(bench, query, useful))
        for way, taken in times.items():
            print(
                f"{words}-word  p50 {bench.percentile(taken, 0.5):7.1f} ms"
                f"  p95 {bench.percentile(taken, 0.95):7.1f} ms"
                f"  max {max(taken):7.1f} ms  n {len(taken)}  {way}"
            )
    return 0


def timed(bench, query, useful):
    """Milliseconds of one search; `useful=False`: proximity switched off."""
    from toasoan.search.ranking import proximity

    saved = proximity.Plan.useful
    if useful is False:
        proximity.Plan.useful = property(lambda plan: False)
    try:
        began = time.perf_counter()
        bench.service_search(query)
        return (time.perf_counter() - began) * 1000
    finally:
        proximity.Plan.useful = saved


if __name__ == "__main__":
    sys.exit(main())
