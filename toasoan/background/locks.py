"""A lock held for as long as one run of a task lasts, released by the
database itself when the worker dies or loses its connection.

Procrastinate may hand a task out a second time while its first run still
goes on: after a database outage, a worker's stale "retry this job" can
arrive once another worker's stalled-job check has already queued the job
again and started it (bench/worker_drills.py found it). A task that must
never run twice at once takes `held(kind, key)` first and gives up when
another run holds it. On PostgreSQL it is a session advisory lock; on
SQLite (one `db_worker`, nothing runs twice) it is always granted.

    with locks.held(locks.PRINT_UNIT, unit_id) as mine:
        if not mine:
            return "skipped"
        ...
"""

from contextlib import contextmanager, suppress

from django.db import DatabaseError, connection

# The first key of each kind of lock (32-bit); the second is the row's id.
PRINT_JOB = 1901
PRINT_UNIT = 1902


@contextmanager
def held(kind, key):
    """Whether this run holds lock (kind, key), held until the block ends."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [kind, int(key)])
        mine = cursor.fetchone()[0]
    try:
        yield mine
    finally:
        if mine:
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [kind, int(key)])
