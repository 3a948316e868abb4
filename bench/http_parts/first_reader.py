"""The first reader after a change, run in the settings of the server under test.

    python bench/http_parts/first_reader.py BASE_URL [--times N] [--path-only]

Run by http_load.py --tiers with the environment of the server it measures
(so that it purges the same Redis, or the same cache folder). N times for
each page: purge what an edit of the article purges (the article page) or
what a new article purges (the home page), as the editor's request would,
then time one fetch, which the page cache misses. Prints JSON.
"""

import argparse
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def one_page(base, path, names, times):
    from toasoan.pagecache.purge import purge_tags

    spent, answers = [], []
    for _ in range(times):
        purge_tags(*names)  # outside a transaction: the commit is now
        time.sleep(0.2)
        started = time.perf_counter()
        with urllib.request.urlopen(base + path, timeout=30) as response:
            response.read()
            answers.append(response.headers.get("X-Page-Cache", ""))
        spent.append((time.perf_counter() - started) * 1000)
        time.sleep(0.1)
    return {
        "n": len(spent),
        "p50_ms": round(statistics.median(spent), 2),
        "p95_ms": round(statistics.quantiles(spent, n=20)[18], 2),
        "max_ms": round(max(spent), 2),
        "misses": answers.count("miss"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base")
    parser.add_argument("--times", type=int, default=15)
    parser.add_argument("--path-only", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    from http_parts.data import target_article
    from toasoan.news.cache_rules import article_published, listing_state

    article = target_article()
    if args.path_only:
        print(json.dumps({"article": article.url}))
        return
    edit = article_published(article, listing_state(article))
    new_article = article_published(article, None)  # enters home and lists
    print(
        json.dumps(
            {
                "article": one_page(args.base, article.url, edit, args.times),
                "home": one_page(args.base, "/", new_article, args.times),
            }
        )
    )


if __name__ == "__main__":
    main()
