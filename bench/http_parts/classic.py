"""The default run: (a) to (d), the search page, the publish latency."""

import urllib.request

from .anchor import measure_anchor
from .common import APP_PORT, NGINX_PORT, SEARCHES, WORK, fetch, wait_for, warm
from .measuring import measure, publish_latency
from .servers import app_server, nginx, purge_worker

APP = f"http://127.0.0.1:{APP_PORT}"
VIA_NGINX = f"http://127.0.0.1:{NGINX_PORT}"


def run(args, report, article):
    """Fill `report` with the rows of the docstring of http_load.py."""
    from django.core.cache import caches

    path = article.url
    caches["pages"].clear()
    uncached_rows(args, report, path)
    if args.anchors:
        report["anchor_wagtail"] = measure_anchor(args)
    with app_server(args), purge_worker(), nginx():
        cached_rows(args, report, path)
        report["publish"] = publish_latency(args, article, VIA_NGINX + path)
    a, b = report["a_nginx_static"]["rps"], report["b_nginx_cached"]["rps"]
    c, d = report["c_app_cached"]["rps"], report["d_app_uncached"]["rps"]
    report["ratios"] = {"b_over_a": round(b / a, 3), "c_over_d": round(c / d, 1)}


def uncached_rows(args, report, path):
    """(d), the search page, and both again with nothing kept (cold)."""
    searches = [f"/tim-kiem/?q={urllib.request.quote(q)}" for q in SEARCHES]
    with app_server(args, page_cache=False):
        _, body = fetch(APP + path)
        report["article"]["bytes"] = len(body)
        (WORK / "copy" / "article.html").write_bytes(body)
        print("(d) app server, page cache off", flush=True)
        report["d_app_uncached"] = measure(args, APP + path)
        print("search page (app server)", flush=True)
        report["search"] = measure(args, APP + searches[0], searches)
    # The first reader after a change: no kept article or block either.
    with app_server(args, page_cache=False, kept_blocks=False):
        print("(d) app server, page cache off, no kept blocks", flush=True)
        report["d_app_cold"] = measure(args, APP + path)
        print("search page, no kept outcomes", flush=True)
        report["search_cold"] = measure(args, APP + searches[0], searches)


def cached_rows(args, report, path):
    """(a), (b) and (c) take turns, three rounds (the machine is shared);
    each keeps its median round (by requests/s)."""
    wait_for(VIA_NGINX + "/copy/article.html")
    warm(APP + path, "X-Page-Cache", "hit")
    warm(VIA_NGINX + path, "X-Nginx-Cache", "HIT")
    targets = {
        "a_nginx_static": VIA_NGINX + "/copy/article.html",
        "b_nginx_cached": VIA_NGINX + path,
        "c_app_cached": APP + path,
    }
    rounds = {name: [] for name in targets}
    for n in range(3):
        for name, url in targets.items():
            print(f"round {n + 1}: {name}", flush=True)
            rounds[name].append(measure(args, url))
    for name, rows in rounds.items():
        rows.sort(key=lambda row: row["rps"])
        report[name] = rows[len(rows) // 2] | {
            "rounds_rps": [row["rps"] for row in rows]
        }
