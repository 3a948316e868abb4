"""The anchor: a bare Wagtail site as `wagtail start` makes it.

Production flavour: PostgreSQL, production settings, gunicorn (sync
workers), uncached and with Django's per-site cache. `make run` flavour:
the project's own SQLite file, dev settings (DEBUG), `manage.py runserver`.
Made at run time in /tmp, never kept in the repository.
"""

import shutil
import subprocess

from .common import APP_PORT, DEV_PORT, ORIGINAL_ENV, ROOT, WORK, fetch, running
from .measuring import measure

ANCHOR = WORK / "anchor"
ANCHOR_DB = "bench_anchor"
ANCHOR_SETTINGS = """
import os
SECRET_KEY = "bench-anchor-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
if not os.environ.get("ANCHOR_SQLITE"):  # as `wagtail start` made it otherwise
    DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql",
        "NAME": "{db}", "USER": "postgres", "HOST": "127.0.0.1", "PORT": "5432",
        "CONN_MAX_AGE": 600}}}}
if os.environ.get("ANCHOR_SITE_CACHE"):  # Django's per-site cache, local memory
    from .base import MIDDLEWARE
    MIDDLEWARE = ["django.middleware.cache.UpdateCacheMiddleware", *MIDDLEWARE,
                  "django.middleware.cache.FetchFromCacheMiddleware"]
    CACHE_MIDDLEWARE_SECONDS = 600
"""
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BUILT = ANCHOR / ".built"


def build_anchor(reuse=False):
    """A new Wagtail project (its welcome page), migrated on PostgreSQL and
    on its own SQLite file; kept between runs with --reuse."""
    import psycopg

    if reuse and BUILT.exists():
        return
    shutil.rmtree(ANCHOR, ignore_errors=True)
    ANCHOR.mkdir(parents=True)
    wagtail = str(ROOT / ".venv" / "bin" / "wagtail")
    subprocess.run([wagtail, "start", "anchorsite", str(ANCHOR)], check=True)
    local = ANCHOR / "anchorsite" / "settings" / "local.py"
    local.write_text(ANCHOR_SETTINGS.format(db=ANCHOR_DB))
    with psycopg.connect(
        "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True
    ) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {ANCHOR_DB}")
        conn.execute(f"CREATE DATABASE {ANCHOR_DB}")
    for env in (anchor_environment(), anchor_environment(dev=True)):
        for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(
                [PYTHON, "manage.py", *command], cwd=ANCHOR, env=env, check=True
            )
    BUILT.touch()


def anchor_environment(site_cache=False, dev=False):
    env = {k: v for k, v in ORIGINAL_ENV.items() if not k.startswith("DJANGO")}
    env["DJANGO_SETTINGS_MODULE"] = "anchorsite.settings." + (
        "dev" if dev else "production"
    )
    if dev:
        env["ANCHOR_SQLITE"] = "1"
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


def anchor_runserver(site_cache=False):
    """The bare site as its `manage.py runserver` serves it (no reloader:
    other work may edit files while the bench runs)."""
    command = [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{DEV_PORT}"]
    name = f"anchor-runserver-{'site-cache' if site_cache else 'uncached'}"
    env = anchor_environment(site_cache, dev=True)
    url = f"http://127.0.0.1:{DEV_PORT}/"
    return running(command, env, url, name, cwd=ANCHOR)


def measure_anchor(args):
    """The production flavour, uncached and with the per-site cache."""
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
