"""The `make run` setup: what scripts/run-dev.sh starts for a developer.

`manage.py runserver` (Django's threaded development server, one process)
in dev settings (DEBUG on), on a SQLite file with the demo content
(`make run` migrates and loads it), without Redis: the page cache is a
folder, blocks and generations live in it and in the process, and no page is
kept per process (local copies need Redis). The bench's copy lives in
/tmp; the developer's db.sqlite3, media and var/ are never touched. The
reloader is off (`--noreload`): other work may edit files during a run, and
a reload would restart the server in the middle of a measurement.
"""

import json
import shutil
import subprocess

from .common import DEV_PORT, ORIGINAL_ENV, ROOT, WORK, running

DEV = WORK / "make-run"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# Variables of the production setup that `make run` does not have.
NOT_IN_MAKE_RUN = (
    "DJANGO_",
    "DATABASE_URL",
    "REDIS_URL",
    "PAGE_",
    "FRONTEND_CACHE",
    "CACHE_KEY_PREFIX",
    "DB_CONN",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
)


def dev_environment(**extra):
    env = {k: v for k, v in ORIGINAL_ENV.items() if not k.startswith(NOT_IN_MAKE_RUN)}
    env.update(
        DJANGO_SETTINGS_MODULE="toasoan.settings.dev",
        DATABASE_URL=f"sqlite:///{DEV / 'db.sqlite3'}",
        PAGE_CACHE_DIR=str(DEV / "pagecache"),
        MEDIA_ROOT=str(DEV / "media"),
        STATIC_ROOT=str(DEV / "static"),
        PORT=str(DEV_PORT),
    )
    env.update(extra)
    return env


def build_dev(reuse=False):
    """As `make run` does: migrate, the demo content, the site's address."""
    if reuse and (DEV / "db.sqlite3").exists():
        shutil.rmtree(DEV / "pagecache", ignore_errors=True)
        return
    shutil.rmtree(DEV, ignore_errors=True)
    DEV.mkdir(parents=True)
    env = dev_environment()
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_demo_content", "-v0"],
        ["set_site_from_base_url"],
    ):
        subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def dev_server(name, **extra):
    command = [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{DEV_PORT}"]
    env = dev_environment(**extra)
    return running(command, env, f"http://127.0.0.1:{DEV_PORT}/", name)


def first_readers(env, base, times):
    """bench/http_parts/first_reader.py in `env`: its JSON."""
    script = ROOT / "bench" / "http_parts" / "first_reader.py"
    command = [PYTHON, str(script), base, f"--times={times}"]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def article_path(env):
    script = ROOT / "bench" / "http_parts" / "first_reader.py"
    command = [PYTHON, str(script), "-", "--path-only"]
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])["article"]
