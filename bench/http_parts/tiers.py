"""--tiers: what each page-cache tier earns, on both setups, in one run.

Rounds take turns (the machine is shared): in each, every row of the
production setup (granian, PostgreSQL, Redis, nginx), the bare-Wagtail
anchor under gunicorn, every row of the `make run` setup (runserver, SQLite,
no Redis) and the anchor under its own runserver. Each row: the article
page and the home page, requests/s with --connections and p50/p95 with one
connection (measure()). tiers_report.py turns the rows into ratios.

The `make run` rows are measured without keep-alive: on a kept connection
runserver answers every request ~40 ms late (it writes the headers and the
body apart, and Nagle's algorithm waits for the client's delayed ACK), the
bare anchor as much as our pages, which would hide every tier.

The first reader after a change (first_reader.py) is timed with all tiers
on and in the cold row, in the same rhythm (purge, pause, one fetch).
"""

from . import makerun
from .anchor import anchor_runserver, anchor_server, build_anchor
from .common import (
    APP_PORT,
    DEV_PORT,
    NGINX_PORT,
    environment,
    fetch,
    wait_for,
    warm,
)
from .measuring import measure
from .servers import app_server, nginx
from .tiers_report import summarise

APP = f"http://127.0.0.1:{APP_PORT}"
VIA_NGINX = f"http://127.0.0.1:{NGINX_PORT}"
DEV_APP = f"http://127.0.0.1:{DEV_PORT}"
OFF = "0"
# Rows after "all_on", each with one tier switched off (app-server variables).
PRODUCTION = {
    "no_local": {"PAGE_CACHE_LOCAL_SECONDS": OFF},
    "no_wsgi": {"PAGE_CACHE_WSGI": OFF},
    "no_page_cache": {"PAGE_CACHE_SECONDS": OFF},
    "cold": {"PAGE_CACHE_SECONDS": OFF, "PAGE_FRAGMENT_SECONDS": OFF},
}
MAKE_RUN = {key: PRODUCTION[key] for key in ("no_wsgi", "no_page_cache", "cold")}


def run(args, report, article):
    """Fill report["tiers"]: every round's rows, then their summary."""
    setups = set(args.setups.split(","))
    paths = {"article": article.url, "home": "/"}
    rows, firsts = {}, {}
    build_anchor(reuse=args.reuse)
    if "make-run" in setups:
        makerun.build_dev(reuse=args.reuse)
        dev_paths = {"article": makerun.article_path(makerun.dev_environment())}
        dev_paths["home"] = "/"
    for n in range(args.rounds):
        print(f"== round {n + 1} of {args.rounds}", flush=True)
        if "production" in setups:
            production_round(args, paths, rows, firsts)
            anchor_round(args, rows)
        if "make-run" in setups:
            make_run_round(args, dev_paths, rows, firsts)
    report["tiers"] = {
        "rows": rows,
        "first_reader": firsts,
        "summary": summarise(rows, firsts),
    }


def record(rows, setup, row, page, result):
    rows.setdefault(setup, {}).setdefault(row, {}).setdefault(page, []).append(result)


def steady(url, header=None):
    """Fetch until blocks (and page-cache entries) are made in every worker."""
    for _ in range(12):
        fetch(url)
    if header:
        warm(url, header, "hit")


def measure_pages(args, rows, setup, row, base, paths):
    for page, path in paths.items():
        print(f"{setup} / {row} / {page}", flush=True)
        found = measure(args, base + path, close=setup == "make-run")
        record(rows, setup, row, page, found)


def first_readers(args, firsts, setup, row, env, base):
    print(f"{setup} / {row} / first reader after a change", flush=True)
    found = makerun.first_readers(env, base, args.first_readers)
    firsts.setdefault(setup, {}).setdefault(row, []).append(found)


def production_round(args, paths, rows, firsts):
    with app_server(args, name="tiers-all_on"), nginx():
        wait_for(VIA_NGINX + "/")
        for path in paths.values():
            steady(APP + path, "X-Page-Cache")
            warm(VIA_NGINX + path, "X-Nginx-Cache", "HIT")
        measure_pages(args, rows, "production", "nginx", VIA_NGINX, paths)
        measure_pages(args, rows, "production", "all_on", APP, paths)
        first_readers(args, firsts, "production", "all_on", environment(), APP)
    for row, switches in PRODUCTION.items():
        with app_server(args, name=f"tiers-{row}", **switches):
            cached = switches.get("PAGE_CACHE_SECONDS") != OFF
            for path in paths.values():
                steady(APP + path, "X-Page-Cache" if cached else None)
            measure_pages(args, rows, "production", row, APP, paths)
            if row == "cold":
                env = environment(**switches)
                first_readers(args, firsts, "production", row, env, APP)


def anchor_round(args, rows):
    for label, site_cache in (("anchor", False), ("anchor_site_cache", True)):
        with anchor_server(args, site_cache):
            steady(APP + "/")
            measure_pages(args, rows, "production", label, APP, {"home": "/"})


def make_run_round(args, paths, rows, firsts):
    # The wrapper is off by default without Redis: on here, to measure it.
    with makerun.dev_server("makerun-all_on", PAGE_CACHE_WSGI="1"):
        for path in paths.values():
            steady(DEV_APP + path, "X-Page-Cache")
        measure_pages(args, rows, "make-run", "all_on", DEV_APP, paths)
        env = makerun.dev_environment()
        first_readers(args, firsts, "make-run", "all_on", env, DEV_APP)
    for row, switches in MAKE_RUN.items():
        with makerun.dev_server(f"makerun-{row}", **switches):
            cached = switches.get("PAGE_CACHE_SECONDS") != OFF
            for path in paths.values():
                steady(DEV_APP + path, "X-Page-Cache" if cached else None)
            measure_pages(args, rows, "make-run", row, DEV_APP, paths)
            if row == "cold":
                env = makerun.dev_environment(**switches)
                first_readers(args, firsts, "make-run", row, env, DEV_APP)
    for label, site_cache in (("anchor", False), ("anchor_site_cache", True)):
        with anchor_runserver(site_cache):
            steady(DEV_APP + "/")
            measure_pages(args, rows, "make-run", label, DEV_APP, {"home": "/"})
