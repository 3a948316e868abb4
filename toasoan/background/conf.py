"""Background work's settings and their defaults, read from the environment
(README, "Settings"; docs/deployment.md). `toasoan.settings` imports them.

Which engine runs the tasks follows the database, as the search backend
does: PostgreSQL gets Procrastinate (leases by worker heartbeats, retries
with backoff, stalled jobs taken up again, workers on any number of hosts);
SQLite, the embedded default of `make run`, keeps django-tasks' database
backend and its `db_worker`.
"""

from toasoan.core.env import env

PROCRASTINATE_BACKEND = "toasoan.background.backend.ProcrastinateBackend"
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
# Queues every worker serves unless told otherwise: purges apart, so that one
# never waits behind an hour of OCR.
BACKGROUND_QUEUES = ["default", "purge"]
# A task that fails is tried again this many times, after 5, 25, 125… seconds
# (BACKGROUND_RETRY_BASE to the power of the attempt).
BACKGROUND_RETRIES = int(env("BACKGROUND_RETRIES", "3"))
BACKGROUND_RETRY_BASE = int(env("BACKGROUND_RETRY_BASE", "5"))
# A worker beats every BACKGROUND_HEARTBEAT_SECONDS; one silent for
# BACKGROUND_STALLED_SECONDS is dead, and its tasks are taken up again (or
# failed, once their retries are spent) by the next check, which runs every
# BACKGROUND_CHECK_SECONDS: a dead worker's task is running again within
# STALLED + CHECK seconds (90 by default).
BACKGROUND_HEARTBEAT_SECONDS = int(env("BACKGROUND_HEARTBEAT_SECONDS", "10"))
BACKGROUND_STALLED_SECONDS = int(env("BACKGROUND_STALLED_SECONDS", "60"))
BACKGROUND_CHECK_SECONDS = int(env("BACKGROUND_CHECK_SECONDS", "30"))
# Finished jobs are kept this many days (failed ones four times as long).
BACKGROUND_KEEP_DAYS = int(env("BACKGROUND_KEEP_DAYS", "7"))
# A worker that loses its database waits and tries again, 1 s, 2 s, 4 s…
# up to this long between tries, for ever: it never exits on an outage.
BACKGROUND_RECONNECT_MAX_SECONDS = int(env("BACKGROUND_RECONNECT_MAX_SECONDS", "30"))


def tasks_for(database_engine):
    """The TASKS setting for a database engine (settings.base)."""
    if database_engine == "django.db.backends.postgresql":
        backend = PROCRASTINATE_BACKEND
    else:
        backend = DATABASE_BACKEND
    return {"default": {"BACKEND": backend, "QUEUES": list(BACKGROUND_QUEUES)}}


def apps_for(database_engine):
    """The engine's Django app, to add to INSTALLED_APPS (its tables)."""
    if database_engine == "django.db.backends.postgresql":
        return ["procrastinate.contrib.django"]
    return []
