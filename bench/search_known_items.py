"""Known-item search on real Vietnamese text no one on the team wrote.

    .venv/bin/python bench/search_known_items.py            # both databases
    .venv/bin/python bench/search_known_items.py --db sqlite

The corpus is LibreOffice's help in Vietnamese (Debian's package
libreoffice-help-vi, MPL-2.0, downloaded and unpacked on the first run:
known_parts/corpus.py): --pages help pages become articles. From them,
by rule and a fixed seed (known_parts/queries.py), 50 single words, 50
word pairs and 200 phrases of 2-4 consecutive syllables, each asked in five
forms (with diacritics, without, NFD, upper case, the other tone style)
through /api/v1/search/. Prints MRR@10 and precision at 1 per kind and
form, for SQLite (a new file) and PostgreSQL (`bench_known`, dropped and
made again), and writes bench/out/search_known_items.json.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

CACHE = Path(tempfile.gettempdir()) / "toasoan-known-items"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_known"
COUNTS = {"word": 50, "pair": 50, "phrase": 200}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    return parser.parse_args()


def one_database(args) -> dict:
    """This process: a fresh database of kind args.db, loaded and asked."""
    work = Path(tempfile.mkdtemp(prefix="bench-known-"))
    if args.db == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'known.sqlite3'}"
    else:
        from http_parts import data

        data.fresh_database("bench_known")
        os.environ["DATABASE_URL"] = PG_URL
    os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.dev"
    os.environ.pop("REDIS_URL", None)
    os.environ["PAGE_FRAGMENT_SECONDS"] = "0"  # every query searched
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    import django

    django.setup()
    from django.core.management import call_command
    from known_parts import corpus, queries, run

    call_command("migrate", verbosity=0)
    pages = corpus.pages(CACHE, args.pages, args.seed)
    made = queries.make(pages, COUNTS, args.seed)
    began = time.perf_counter()
    paths = run.load(pages)
    loaded = time.perf_counter() - began
    outcome = run.run(made, paths)
    return {
        "pages": len(pages),
        "queries": len(made),
        "load_seconds": round(loaded, 1),
        "seconds_per_query": round(outcome["seconds_per_query"], 4),
        "scores": run.scores(made, outcome["ranks"]),
        "misses": [
            {"kind": q.kind, "q": q.text, "ranks": r}
            for q, r in zip(made, outcome["ranks"], strict=True)
            if r["with diacritics"] != 1
        ][:40],
    }


def print_table(db, result):
    print(f"\n{db}: {result['pages']} pages, {result['queries']} queries")
    print(f"{'':18} {'form':18} {'MRR@10':>7} {'P@1':>6}")
    for group, per_form in result["scores"].items():
        for form, figures in per_form.items():
            print(f"{group:18} {form:18} {figures['mrr10']:7.3f} {figures['p1']:6.3f}")


def main():
    args = parse_args()
    if args.db != "both" and os.environ.get("KNOWN_ITEMS_CHILD"):
        print(json.dumps(one_database(args)))
        return
    report = {"corpus": "libreoffice-help-vi (MPL-2.0)", "seed": args.seed}
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        command = [sys.executable, __file__, "--db", db, "--pages", str(args.pages)]
        command += ["--seed", str(args.seed)]
        env = {**os.environ, "KNOWN_ITEMS_CHILD": "1"}
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"{db} failed:\n{done.stderr[-3000:]}")
        report[db] = json.loads(done.stdout.strip().splitlines()[-1])
        print_table(db, report[db])
    out = args.out or ROOT / "bench" / "out" / "search_known_items.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nReport: {out}")


if __name__ == "__main__":
    main()
