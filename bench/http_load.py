"""HTTP throughput and latency of an article page, from nginx's limit down.

Run by hand (bench/README.md, docs/performance.md), not by the tests:

    .venv/bin/python bench/http_load.py --articles 10000

Builds a PostgreSQL database (the demo content plus N generated articles),
starts the app server, the purge worker and nginx (with the cache-purge
module) on local ports, and measures with wrk, in one run:

  (a) nginx serving a static copy of the article page (the physical limit),
  (b) the article through nginx, cache warm,
  (c) the app server alone, page cache warm,
  (d) the app server alone, page cache off,
  and the search page (app server, never cached);
  (d) again with nothing kept in the process (the first reader after a
  change), and with --anchors a bare Wagtail site (`wagtail start`)
  under gunicorn, uncached and with Django's per-site cache;

each as requests/s with 50 connections and p50/p95/p99 latency with one.
Then, with nginx under load, it publishes edits of the article and times how
long until a reader fetching through nginx sees each one.
Needs: PostgreSQL and Redis (as in CI), nginx, libnginx-mod-http-cache-purge
and wrk (Debian packages).
"""

import argparse
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

WORK = Path("/tmp/toasoan-bench-http")
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_http"
REDIS_URL = "redis://127.0.0.1:6379/7"
APP_PORT, NGINX_PORT, PURGE_PORT = 18401, 18402, 18403
SEARCHES = ["đất đai", "giáo dục", "bóng đá", "kinh tế", "nhà nước", "du lịch"]
SERVERS = {
    "gunicorn-sync": [
        ".venv/bin/gunicorn",
        "--worker-class=sync",
        "--workers={workers}",
        "--bind=127.0.0.1:{port}",
        "toasoan.wsgi:application",
    ],
    "gunicorn-gthread": [
        ".venv/bin/gunicorn",
        "--worker-class=gthread",
        "--threads=4",
        "--workers={workers}",
        "--bind=127.0.0.1:{port}",
        "toasoan.wsgi:application",
    ],
    "granian": [
        ".venv/bin/granian",
        "--interface=wsgi",
        "--workers={workers}",
        "--blocking-threads=8",  # each keeps a database connection
        "--host=127.0.0.1",
        "--port={port}",
        "--no-ws",
        "toasoan.wsgi:application",
    ],
}
WRK_SCRIPT = r"""
local paths = {}
init = function(args) for i, p in ipairs(args) do paths[i] = p end end
request = function()
  if #paths > 0 then return wrk.format("GET", paths[math.random(#paths)]) end
  return wrk.format("GET")
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, '
    .. '"p50": %.3f, "p95": %.3f, "p99": %.3f}\n',
    summary.requests, summary.duration / 1e6,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""
NGINX_CONF = """
include /etc/nginx/modules-enabled/*.conf;
user root;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    proxy_cache_path {work}/nginx-cache levels=1:2 keys_zone=pages:20m
                     max_size=1g inactive=60m use_temp_path=off;
    upstream app {{ server 127.0.0.1:{app_port}; keepalive 64; }}
    server {{
        listen 127.0.0.1:{port};
        location /copy/ {{ alias {work}/copy/; }}
        location /static/ {{ alias {work}/static/; }}
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_cache pages;
            proxy_cache_key $host$request_uri;
            proxy_cache_bypass $cookie_sessionid $cookie_messages;
            proxy_no_cache $cookie_sessionid $cookie_messages;
            proxy_cache_lock on;
            add_header X-Nginx-Cache $upstream_cache_status;
        }}
    }}
    # Purges only (Wagtail's HTTPBackend sends PURGE here). The module's
    # "PURGE in the same location" form crashes nginx 1.22's workers.
    server {{
        listen 127.0.0.1:{purge_port};
        location / {{
            allow 127.0.0.1;
            deny all;
            proxy_cache_purge pages $host$request_uri;
        }}
    }}
}}
"""


class BenchError(RuntimeError):
    pass


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--server", choices=sorted(SERVERS), default="granian")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--seconds", type=int, default=10, help="each throughput run")
    parser.add_argument("--latency-seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--publishes", type=int, default=10)
    parser.add_argument("--reuse", action="store_true", help="keep the database")
    parser.add_argument("--out", type=Path, help="JSON report (default bench/out/)")
    parser.add_argument(
        "--anchors",
        action="store_true",
        help="also a bare Wagtail site under gunicorn (made in /tmp)",
    )
    return parser.parse_args()


def environment(page_cache=True, kept_blocks=True):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="toasoan.settings.production",
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        DATABASE_URL=PG_URL,
        DB_CONN_MAX_AGE="600",
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="bench",
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        FRONTEND_CACHE_PURGE_URL=f"http://127.0.0.1:{PURGE_PORT}",
        PAGE_CACHE_SECONDS="600" if page_cache else "0",
        PAGE_FRAGMENT_SECONDS="600" if kept_blocks else "0",
        LOG_LEVEL="ERROR",
    )
    return env


# -- data ---------------------------------------------------------------------


def fresh_database():
    import psycopg

    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = 'bench_http' AND pid <> pg_backend_pid()"
        )
        conn.execute("DROP DATABASE IF EXISTS bench_http")
        conn.execute("CREATE DATABASE bench_http")


def build(args):
    """The demo content, N generated articles, the search index, static files."""
    from django.core.management import call_command

    from toasoan.news.models import ArticlePage

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", verbosity=0)
    import search_speed

    writer = search_speed.Writer(random.Random(20261128))
    search_speed.create_articles(args.articles, writer, plants={})
    from wagtail.search.backends import get_search_backend

    queryset = ArticlePage.get_indexed_objects().prefetch_related(
        *search_speed.PREFETCH
    )
    search_speed.index_chunks(queryset, get_search_backend())
    search_speed.analyze()
    call_command("collectstatic", interactive=False, verbosity=0)
    return time.perf_counter() - started


def target_article():
    """The demo article with the most approved comments: the fullest page."""
    from django.db.models import Count, Q

    from toasoan.news.models import ArticlePage

    return (
        ArticlePage.objects.live()
        .annotate(n=Count("comments", filter=Q(comments__status="approved")))
        .order_by("-n", "pk")
        .first()
    )


# -- processes ----------------------------------------------------------------


@contextmanager
def running(command, env, ready_url=None, name="process"):
    log = open(WORK / f"{name}.log", "ab")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    try:
        if ready_url:
            wait_for(ready_url, process, name)
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(10)
        except ProcessLookupError:  # it had stopped (the log says why)
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def wait_for(url, process=None, name="nginx", seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise BenchError(f"{name} stopped; see {WORK / (name + '.log')}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"{name} did not answer {url}")


def app_server(args, page_cache=True, kept_blocks=True):
    command = [
        part.format(workers=args.workers, port=APP_PORT)
        for part in SERVERS[args.server]
    ]
    name = f"app-{'cached' if page_cache else 'uncached'}"
    env = environment(page_cache, kept_blocks)
    return running(command, env, f"http://127.0.0.1:{APP_PORT}/", name)


def nginx():
    conf = WORK / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            work=WORK, port=NGINX_PORT, app_port=APP_PORT, purge_port=PURGE_PORT
        )
    )
    shutil.rmtree(WORK / "nginx-cache", ignore_errors=True)
    return running(["nginx", "-c", str(conf), "-g", "daemon off;"], None, None, "nginx")


def purge_worker():
    command = [".venv/bin/python", "manage.py", "db_worker"]
    command += ["--queue-name=purge", "--interval=0.05", "--no-startup-delay"]
    return running(command, environment(), None, "purge-worker")


# -- the anchor: a bare Wagtail site -------------------------------------------

ANCHOR = WORK / "anchor"
ANCHOR_DB = "bench_anchor"
ANCHOR_SETTINGS = """
import os
SECRET_KEY = "bench-anchor-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql",
    "NAME": "{db}", "USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432",
    "CONN_MAX_AGE": 600}}}}
if os.environ.get("ANCHOR_SITE_CACHE"):  # Django's per-site cache, local memory
    from .base import MIDDLEWARE
    MIDDLEWARE = ["django.middleware.cache.UpdateCacheMiddleware", *MIDDLEWARE,
                  "django.middleware.cache.FetchFromCacheMiddleware"]
    CACHE_MIDDLEWARE_SECONDS = 600
"""


def build_anchor():
    """A new Wagtail project as `wagtail start` makes it (its welcome page),
    on PostgreSQL, in production settings: made at run time, never kept in
    the repository."""
    import psycopg

    shutil.rmtree(ANCHOR, ignore_errors=True)
    ANCHOR.mkdir(parents=True)
    python = str(ROOT / ".venv" / "bin" / "python")
    wagtail = str(ROOT / ".venv" / "bin" / "wagtail")
    subprocess.run([wagtail, "start", "anchorsite", str(ANCHOR)], check=True)
    local = ANCHOR / "anchorsite" / "settings" / "local.py"
    local.write_text(ANCHOR_SETTINGS.format(db=ANCHOR_DB))
    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {ANCHOR_DB}")
        conn.execute(f"CREATE DATABASE {ANCHOR_DB}")
    env = anchor_environment()
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([python, "manage.py", *command], cwd=ANCHOR, env=env, check=True)


def anchor_environment(site_cache=False):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
    env["DJANGO_SETTINGS_MODULE"] = "anchorsite.settings.production"
    if site_cache:
        env["ANCHOR_SITE_CACHE"] = "1"
    return env


def anchor_server(args, site_cache=False):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--worker-class=sync",
        f"--workers={args.workers}",
        f"--bind=127.0.0.1:{APP_PORT}",
        f"--chdir={ANCHOR}",
        "anchorsite.wsgi:application",
    ]
    name = f"anchor-{'site-cache' if site_cache else 'uncached'}"
    env = anchor_environment(site_cache)
    return running(command, env, f"http://127.0.0.1:{APP_PORT}/", name)


def measure_anchor(args):
    build_anchor()
    rows = {}
    for site_cache in (False, True):
        with anchor_server(args, site_cache):
            _, body = fetch(f"http://127.0.0.1:{APP_PORT}/")
            rows["bytes"] = len(body)
            label = "site cache" if site_cache else "uncached"
            print(f"anchor: bare Wagtail under gunicorn, {label}", flush=True)
            rows[label] = measure(args, f"http://127.0.0.1:{APP_PORT}/")
    return rows


# -- measuring ----------------------------------------------------------------


def wrk(url, connections, seconds, paths=()):
    script = WORK / "report.lua"
    script.write_text(WRK_SCRIPT)
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s"]
    command += ["--timeout", "10s"]
    command += ["-s", str(script), url, *paths]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"^RESULT (.*)$", output, re.MULTILINE)
    if not found:
        raise BenchError(f"wrk printed no result:\n{output}")
    result = json.loads(found.group(1))
    if result["non2xx"]:
        raise BenchError(f"error answers while loading {url}: {result}")
    result["rps"] = result["requests"] / result["seconds"]
    return result


def measure(args, url, paths=()):
    # Latency first: after a loaded run the server still works through the
    # requests queued behind it, which would land in the one-connection run.
    one = wrk(url, 1, args.latency_seconds, paths)
    load = wrk(url, args.connections, args.seconds, paths)
    time.sleep(3)  # let that queue drain before the next measurement
    row = {
        "rps": round(load["rps"]),
        "p50_ms": one["p50"],
        "p95_ms": one["p95"],
        "p99_ms": one["p99"],
        "loaded_p99_ms": load["p99"],
        "socket_errors": load["errors"] + one["errors"],
    }
    print(f"  {url:<60} {row}", flush=True)
    return row


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read()


def warm(url, header, expected):
    for _ in range(5):
        headers, body = fetch(url)
        if headers.get(header) == expected:
            return body
    raise BenchError(f"{url} is not served from the cache ({header})")


def publish_latency(args, article, url):
    """Publish edits while nginx is under load; time until a reader sees each."""
    from toasoan.news.models import ArticlePage

    script = WORK / "report.lua"
    load = subprocess.Popen(
        ["wrk", "-t2", f"-c{args.connections}", "-d600s", "-s", str(script), url],
        stdout=subprocess.DEVNULL,
    )
    seen, publishing = [], []
    try:
        time.sleep(2)
        for n in range(args.publishes):
            page = ArticlePage.objects.get(pk=article.pk)
            marker = f"Bản sửa {n} {time.time_ns()}"
            page.title = f"{article.title} – {marker}"
            started = time.perf_counter()
            page.save_revision(log_action=False).publish(log_action=False)
            committed = time.perf_counter()  # as the editor's request ends
            while marker not in fetch(url)[1].decode():
                if time.perf_counter() - started > 10:
                    raise BenchError("an edit was not visible after 10 s")
                time.sleep(0.005)
            seen.append((time.perf_counter() - started) * 1000)
            publishing.append((committed - started) * 1000)
            time.sleep(0.5)
    finally:
        load.terminate()
        load.wait()
        page = ArticlePage.objects.get(pk=article.pk)
        page.title = article.title
        page.save_revision(log_action=False).publish(log_action=False)
    result = {
        "publishes": len(seen),
        "median_ms": round(statistics.median(seen), 1),
        "max_ms": round(max(seen), 1),
        "publish_call_median_ms": round(statistics.median(publishing), 1),
    }
    print(f"  publish → visible through nginx: {result}", flush=True)
    return result


def machine():
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    nginx_version = subprocess.run(
        ["nginx", "-v"], capture_output=True, text=True
    ).stderr.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "nginx": nginx_version,
    }


def main():
    args = parse_args()
    for tool in ("nginx", "wrk"):
        if shutil.which(tool) is None:
            raise BenchError(f"{tool} is not installed (apt-get install {tool})")
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "copy").mkdir(exist_ok=True)
    os.environ.update(environment())
    import django

    if not args.reuse:
        fresh_database()
    django.setup()
    from django.core.cache import caches

    built = None if args.reuse else build(args)
    article = target_article()
    app = f"http://127.0.0.1:{APP_PORT}"
    via_nginx = f"http://127.0.0.1:{NGINX_PORT}"
    path = article.url
    searches = [f"/tim-kiem/?q={urllib.request.quote(q)}" for q in SEARCHES]
    report = {"machine": machine(), "args": vars(args) | {"out": None}}
    report["build_seconds"] = built
    report["article"] = {"path": path, "title": article.title}
    print(f"Article: {path}", flush=True)

    caches["pages"].clear()
    with app_server(args, page_cache=False):
        _, body = fetch(app + path)
        report["article"]["bytes"] = len(body)
        (WORK / "copy" / "article.html").write_bytes(body)
        print("(d) app server, page cache off", flush=True)
        report["d_app_uncached"] = measure(args, app + path)
        print("search page (app server)", flush=True)
        report["search"] = measure(args, app + searches[0], searches)
    # The first reader after a change: no kept article or block either.
    with app_server(args, page_cache=False, kept_blocks=False):
        print("(d) app server, page cache off, no kept blocks", flush=True)
        report["d_app_cold"] = measure(args, app + path)
        print("search page, no kept outcomes", flush=True)
        report["search_cold"] = measure(args, app + searches[0], searches)
    if args.anchors:
        report["anchor_wagtail"] = measure_anchor(args)
    with app_server(args), purge_worker(), nginx():
        wait_for(via_nginx + "/copy/article.html")
        warm(app + path, "X-Page-Cache", "hit")
        warm(via_nginx + path, "X-Nginx-Cache", "HIT")
        # The machine is shared: (a), (b) and (c) take turns, three rounds,
        # and each keeps its median round (by requests/s).
        rounds = {"a_nginx_static": [], "b_nginx_cached": [], "c_app_cached": []}
        targets = {
            "a_nginx_static": via_nginx + "/copy/article.html",
            "b_nginx_cached": via_nginx + path,
            "c_app_cached": app + path,
        }
        for n in range(3):
            for name, url in targets.items():
                print(f"round {n + 1}: {name}", flush=True)
                rounds[name].append(measure(args, url))
        for name, rows in rounds.items():
            rows.sort(key=lambda row: row["rps"])
            report[name] = rows[len(rows) // 2] | {
                "rounds_rps": [row["rps"] for row in rows]
            }
        report["publish"] = publish_latency(args, article, via_nginx + path)

    a, b = report["a_nginx_static"]["rps"], report["b_nginx_cached"]["rps"]
    c, d = report["c_app_cached"]["rps"], report["d_app_uncached"]["rps"]
    report["ratios"] = {"b_over_a": round(b / a, 3), "c_over_d": round(c / d, 1)}
    print(json.dumps(report["ratios"]), flush=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = args.out or ROOT / "bench" / "out" / f"http_load-{stamp}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"Report: {out}")


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        sys.exit(f"bench failed: {error}")
