"""The search index, built in chunks as `update_index` does, in processes."""

import itertools
import json
import statistics
import subprocess
import sys
import time

from .common import SCRIPT, BenchError

# What ArticlePage.search_bylines reads, loaded per chunk instead of per article.
PREFETCH = ("article_authors__author", "tags")


def index_chunks(queryset, backend, atomic=True) -> int:
    """add_bulk() 1000 articles at a time, in pk order, as update_index does."""
    from django.db import transaction

    from toasoan.news.models import ArticlePage

    done, last = 0, 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:1000])
        if not chunk:
            return done
        if atomic:
            with transaction.atomic():
                backend.add_bulk(ArticlePage, chunk)
        else:
            backend.add_bulk(ArticlePage, chunk)
        done += len(chunk)
        last = chunk[-1].pk


def index_worker(args) -> int:
    """Child process: index the articles whose pk is in [low, high)."""
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    low, high = (int(v) for v in args.index_worker.split(":"))
    queryset = ArticlePage.get_indexed_objects().filter(pk__gte=low, pk__lt=high)
    queryset = queryset.prefetch_related(*PREFETCH)
    started = time.perf_counter()
    done = index_chunks(queryset, get_search_backend())
    seconds = time.perf_counter() - started
    print(json.dumps({"docs": done, "seconds": seconds}))
    return 0


def build_index(args) -> dict:
    """Index all articles: a sample exactly as `update_index` loads them (one
    process, no prefetch: search_bylines costs 2 queries per article), then
    the rest in `--workers` processes that prefetch bylines and tags."""
    from django.db import connections
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    pks = list(ArticlePage.objects.order_by("pk").values_list("pk", flat=True))
    sample = pks[: args.sample]
    started = time.perf_counter()
    queryset = ArticlePage.get_indexed_objects().filter(pk__lte=sample[-1])
    done = index_chunks(queryset, get_search_backend(), atomic=False)
    sample_s = time.perf_counter() - started
    rest = pks[len(sample) :]
    connections.close_all()
    workers = []
    if rest:
        bounds = [rest[len(rest) * k // args.workers] for k in range(args.workers)]
        bounds.append(rest[-1] + 1)
        started_rest = time.perf_counter()
        for low, high in itertools.pairwise(bounds):
            command = [sys.executable, str(SCRIPT), "--db", args.db]
            command += ["--index-worker", f"{low}:{high}"]
            workers.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
        reports = []
        for worker in workers:
            output, _ = worker.communicate()
            if worker.returncode:
                raise BenchError(f"index worker failed ({worker.returncode})")
            reports.append(json.loads(output.strip().splitlines()[-1]))
        rest_s = time.perf_counter() - started_rest
        done += sum(r["docs"] for r in reports)
    seconds = time.perf_counter() - started
    if done != len(pks):
        raise BenchError(f"indexed {done} articles out of {len(pks)}")
    result = {
        "seconds": seconds,
        "docs": done,
        "docs_per_s": done / seconds,
        "update_index_path_docs": len(sample),
        "update_index_path_docs_per_s": len(sample) / sample_s,
    }
    if rest:
        result |= {
            "workers": args.workers,
            "prefetch_path_docs_per_s": len(rest) / rest_s,
            "prefetch_per_worker_docs_per_s": statistics.fmean(
                r["docs"] / r["seconds"] for r in reports
            ),
        }
    return result
