"""Search relevance: our Vietnamese backend against Wagtail's stock one.

Run by hand, not by the tests; see bench/README.md.

    .venv/bin/python bench/search_relevance.py --db sqlite
    .venv/bin/python bench/search_relevance.py --db postgres

Loads the invented articles of bench/search_eval.json into a fresh database,
indexes them with our backend, asks every query in four spellings, then
rebuilds the same index table with the stock backend (fed the original text)
and asks again. Prints MRR@10 and recall@10 per backend and spelling, lists
the queries our backend does not answer with a relevant article first, and
writes bench/out/search_relevance_<db>.json.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toasoan.vietnamese import fold, normalize_tone  # noqa: E402  (no Django)

DATA = ROOT / "bench" / "search_eval.json"
OUT_DIR = ROOT / "bench" / "out"
SETTINGS = "bench.settings_bench"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_relevance"
TOP = 10
BACKENDS = {"ours": "default", "stock": "stock"}
VARIANTS = ("as written", "folded", "NFD", "other tone style")
PROBE = "hoaf"  # Telex for "hòa": only an index holding Telex words has it


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), required=True)
    parser.add_argument(
        "--database-url",
        default=PG_URL,
        help="with --db postgres: database to DROP and recreate "
        f"(its name must contain 'bench'; default {PG_URL})",
    )
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, help="JSON report path")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (SQLite, log)"
    )
    return parser.parse_args()


def variants(query: str) -> dict[str, str]:
    old = normalize_tone(query, "old")
    return {
        "as written": query,
        "folded": fold(query),
        "NFD": unicodedata.normalize("NFD", query),
        "other tone style": old if old != query else normalize_tone(query, "new"),
    }


def fresh_database(db: str, url: str, work: Path) -> str:
    """Create an empty database and return its DATABASE_URL."""
    if db == "sqlite":
        return f"sqlite:///{work / 'bench_relevance.sqlite3'}"
    import dj_database_url
    import psycopg
    from psycopg import sql

    parts = dj_database_url.parse(url)
    name = parts["NAME"]
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: its name must contain 'bench'")
    conninfo = {
        "host": parts["HOST"] or "127.0.0.1",
        "port": parts["PORT"] or 5432,
        "user": parts["USER"] or "postgres",
        "dbname": "postgres",
    }
    if parts["PASSWORD"]:
        conninfo["password"] = parts["PASSWORD"]
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        ident = sql.Identifier(name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))
    return url


def migrate(env: dict, log: Path) -> None:
    command = [sys.executable, "manage.py", "migrate", "--no-input"]
    with log.open("w") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    if done.returncode:
        sys.exit(f"migrate failed, see {log}")


def load_articles(articles: list[dict]) -> dict[int, dict]:
    """Publish the articles under one section each; map page id to article."""
    from wagtail.rich_text import RichText

    from toasoan.news.tests.factories import make_article, make_section
    from toasoan.vietnamese import TIMEZONE

    sections, pages = {}, {}
    start = datetime(2024, 3, 1, 8, 0, tzinfo=TIMEZONE)
    for i, item in enumerate(articles):
        name = item["section"]
        if name not in sections:
            sections[name] = make_section(title=name)
        page = make_article(
            sections[name],
            item["title"],
            lead="",
            published=start + timedelta(hours=i),
            body=[("paragraph", RichText(f"<p>{item['body']}</p>"))],
        )
        pages[page.pk] = item
    return pages


@contextmanager
def plain_text_fields():
    """Make our search fields hand the engine the original text, not Telex.

    ArticlePage.search_fields use toasoan.search.fields, whose get_value
    returns Telex + folded words; the stock backend must index what the
    writer typed, as it would with Wagtail's own fields.
    """
    from modelsearch import index

    from toasoan.search import fields

    saved = fields.SearchField.get_value, fields.AutocompleteField.get_value

    def search_value(self, obj):
        return fields.as_text(index.SearchField.get_value(self, obj))

    def autocomplete_value(self, obj):
        return fields.as_text(index.AutocompleteField.get_value(self, obj))

    fields.SearchField.get_value = search_value
    fields.AutocompleteField.get_value = autocomplete_value
    try:
        yield
    finally:
        fields.SearchField.get_value, fields.AutocompleteField.get_value = saved


def rebuild(backend_name: str) -> float:
    from django.core.management import call_command

    began = time.perf_counter()
    call_command("update_index", backend_name=backend_name, verbosity=0)
    return time.perf_counter() - began


def run_queries(backend_name: str, queries: list[dict], pages: dict) -> dict:
    """Top-10 article ids for every query and spelling.

    Ours is asked the way the search page asks it (toasoan.search.ranking);
    the stock backend through Wagtail's `backend.search()`.
    """
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage
    from toasoan.search.ranking import ranker
    from toasoan.search.text import parse_query

    backend = get_search_backend(backend_name)
    live = ArticlePage.objects.live()

    def top(text):
        if backend_name == BACKENDS["ours"]:
            return [pk for pk, _ in ranker(parse_query(text)).top(live, TOP)]
        return [p.pk for p in backend.search(text, live)[:TOP]]

    probe = [pages[p.pk]["id"] for p in backend.search(PROBE, live)[:TOP]]
    results = {}
    for query in queries:
        results[query["q"]] = {
            name: {"text": text, "top": [pages[pk]["id"] for pk in top(text)]}
            for name, text in variants(query["q"]).items()
        }
    return {"probe": probe, "results": results}


def score(top: list[str], relevant: list[str]) -> tuple[float, float, int | None]:
    """Reciprocal rank, recall and rank of the first relevant result."""
    rank = next((i for i, doc in enumerate(top, 1) if doc in relevant), None)
    found = len(set(top) & set(relevant))
    return (1 / rank if rank else 0.0), found / len(relevant), rank


def evaluate(run: dict, queries: list[dict]) -> dict:
    metrics = {}
    for variant in VARIANTS:
        rrs, recalls = [], []
        for query in queries:
            entry = run["results"][query["q"]][variant]
            rr, recall, rank = score(entry["top"], query["relevant"])
            entry.update(rr=round(rr, 4), recall=round(recall, 4), rank=rank)
            rrs.append(rr)
            recalls.append(recall)
        metrics[variant] = {
            "mrr@10": round(sum(rrs) / len(rrs), 4),
            "recall@10": round(sum(recalls) / len(recalls), 4),
        }
    return metrics


def database_info() -> dict:
    from django.db import connection

    info = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            info["version"] = cursor.fetchone()[0]
            cursor.execute("SHOW default_text_search_config")
            info["stock_search_config"] = cursor.fetchone()[0]
            info["our_search_config"] = "simple"
        else:
            cursor.execute("SELECT sqlite_version()")
            info["version"] = cursor.fetchone()[0]
    return info


def failures(run: dict, queries: list[dict], titles: dict) -> list[dict]:
    """Queries and spellings where a relevant article does not come first."""
    failed = []
    for query in queries:
        for variant in VARIANTS:
            entry = run["results"][query["q"]][variant]
            if entry["rr"] < 1:
                first = entry["top"][0] if entry["top"] else None
                failed.append(
                    {
                        "q": query["q"],
                        "variant": variant,
                        "text": entry["text"],
                        "rank": entry["rank"],
                        "relevant": query["relevant"],
                        "first": first,
                        "first_title": titles.get(first),
                        "found": len(entry["top"]),
                    }
                )
    return failed


def print_report(report: dict) -> None:
    info = report["database"]
    print(f"\nSearch relevance on {info['vendor']} {info['version']}", end="")
    print(f" ({report['articles']} articles, {report['queries']} queries)")
    head = f"{'spelling':<17}{'ours MRR':>9}{'R@10':>7}{'stock MRR':>11}{'R@10':>7}"
    print(head)
    print("-" * len(head))
    for variant in VARIANTS:
        ours = report["metrics"]["ours"][variant]
        stock = report["metrics"]["stock"][variant]
        print(
            f"{variant:<17}{ours['mrr@10']:>9.3f}{ours['recall@10']:>7.3f}"
            f"{stock['mrr@10']:>11.3f}{stock['recall@10']:>7.3f}"
        )
    print(f"\nOur backend, reciprocal rank < 1 ({len(report['failures'])}):")
    for fail in report["failures"]:
        rank = fail["rank"] or "-"
        first = f"{fail['first']} {fail['first_title']}" if fail["first"] else "none"
        print(
            f"  {fail['q']!r} [{fail['variant']}] rank {rank}"
            f" (want {','.join(fail['relevant'])}); first: {first}"
        )


def git_commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    return git("rev-parse", "--short", "HEAD") + (
        "+dirty" if git("status", "-s") else ""
    )


def main() -> int:
    args = parse_args()
    data = json.loads(args.data.read_text(encoding="utf-8"))
    articles, queries = data["articles"], data["queries"]
    out = args.out or OUT_DIR / f"search_relevance_{args.db}.json"
    work = Path(tempfile.mkdtemp(prefix="bench-relevance-"))
    url = fresh_database(args.db, args.database_url, work)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    migrate(env, work / "migrate.log")
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE=SETTINGS)

    import django

    django.setup()

    pages = load_articles(articles)
    titles = {a["id"]: a["title"] for a in articles}
    runs, seconds = {}, {}
    seconds["ours"] = rebuild(BACKENDS["ours"])
    runs["ours"] = run_queries(BACKENDS["ours"], queries, pages)
    with plain_text_fields():
        seconds["stock"] = rebuild(BACKENDS["stock"])
        runs["stock"] = run_queries(BACKENDS["stock"], queries, pages)
    if runs["stock"]["probe"] or not runs["ours"]["probe"]:
        sys.exit(f"index check failed: Telex {PROBE!r} should be ours only")

    report = {
        "commit": git_commit(),
        "database": database_info(),
        "articles": len(articles),
        "queries": len(queries),
        "index_seconds": {k: round(v, 2) for k, v in seconds.items()},
        "metrics": {name: evaluate(run, queries) for name, run in runs.items()},
    }
    report["failures"] = failures(runs["ours"], queries, titles)
    report["results"] = {name: run["results"] for name, run in runs.items()}
    print_report(report)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
