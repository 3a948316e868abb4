"""Settings, processes and fetching shared by every part of http_load.py."""

import os
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
WORK = Path("/tmp/toasoan-bench-http")
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_http"
REDIS_URL = "redis://127.0.0.1:6379/7"
APP_PORT, NGINX_PORT, PURGE_PORT, DEV_PORT = 18401, 18402, 18403, 18404
# The environment the bench started with, before main() adds the
# production settings to it (the `make run` setup starts from this).
ORIGINAL_ENV = dict(os.environ)
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


class BenchError(RuntimeError):
    pass


def environment(page_cache=True, kept_blocks=True, **extra):
    """The production settings of the app server (PostgreSQL, Redis);
    `extra` adds or overrides variables (PAGE_CACHE_WSGI="0"...)."""
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
    env.update(extra)
    return env


@contextmanager
def running(command, env, ready_url=None, name="process", cwd=ROOT):
    log = open(WORK / f"{name}.log", "ab")
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=log, stderr=log, start_new_session=True
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


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.headers, response.read()


def warm(url, header, expected):
    for _ in range(5):
        headers, body = fetch(url)
        if headers.get(header) == expected:
            return body
    raise BenchError(f"{url} is not served from the cache ({header})")
