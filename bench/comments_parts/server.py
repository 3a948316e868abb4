"""The gunicorn server under test: its environment, start, readiness, stop."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import Request, build_opener

from .common import ROOT, BenchError
from .web import NoRedirect, fetch


def server_env(args, work: Path, database_url: str, secret: str, prefix: str):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
        "SECRET_KEY": secret,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": str(args.conn_max_age),
        "CACHE_KEY_PREFIX": prefix,
        # All posters come from 127.0.0.1 and the flood limit is per e-mail
        # and per IP, so it would refuse all but one comment every 15 s.
        "COMMENTS_FLOOD_SECONDS": "0",
        "COMMENTS_MIN_FILL_SECONDS": "0",
        "COMMENTS_TRUST_X_FORWARDED_FOR": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CSRF_TRUSTED_ORIGINS", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_server(args, env: dict, work: Path) -> subprocess.Popen:
    if not port_free(args.port):
        raise BenchError(f"port {args.port} is in use")
    command = [
        *(sys.executable, "-m", "gunicorn", "toasoan.wsgi:application"),
        *("--workers", str(args.workers), "--threads", "1"),
        *("--bind", f"127.0.0.1:{args.port}"),
        *("--access-logfile", str(work / "access.log")),
    ]
    log = (work / "server.log").open("w", encoding="utf-8")
    try:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    finally:
        log.close()


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM (graceful) to the gunicorn master we started, then SIGKILL."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def wait_ready(proc: subprocess.Popen, url: str, seconds: float = 60) -> None:
    opener = build_opener(NoRedirect())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"gunicorn exited with {proc.returncode}")
        try:
            status, _ = fetch(opener, Request(url), 5)
        except OSError:
            time.sleep(0.25)
            continue
        if status != 200:
            raise BenchError(f"GET {url} answered {status}")
        return
    raise BenchError(f"gunicorn not ready after {seconds} s")
