"""The database side of a backup: copy it out, put it back, count its rows.

The copy is taken by the database itself (SQLite's online backup API,
pg_dump in one snapshot) so it is consistent while the site keeps running;
PostgreSQL's client tools run with a time limit (`PG_TIMEOUT`). `archive`
packs the copy with the media and a manifest.
"""

import os
import sqlite3
import subprocess

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
PG_TIMEOUT = int(os.environ.get("BACKUP_PG_TIMEOUT", "3600"))


def current_vendor():
    """The default database's vendor, if backups support it."""
    if connection.vendor not in DB_MEMBERS:
        raise CommandError(
            _("Backups support SQLite and PostgreSQL, not %(vendor)s.")
            % {"vendor": connection.vendor}
        )
    return connection.vendor


def table_counts(cursor, vendor):
    """Rows per table, read through a DB-API cursor (Django's or sqlite3's)."""
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' "
            "ORDER BY table_name"
        )
    names = [row[0] for row in cursor.fetchall()]
    counts = {}
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
        counts[name] = cursor.fetchone()[0]
    return counts


def migration_state():
    state = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def _pg_env_args(db):
    """Environment and connection arguments for the PostgreSQL client tools."""
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run_pg_tool(cmd, env):
    try:
        result = subprocess.run(  # noqa: S603
            cmd, env=env, capture_output=True, text=True, timeout=PG_TIMEOUT
        )
    except FileNotFoundError:
        raise CommandError(
            _("%(tool)s is not installed; install the PostgreSQL client tools.")
            % {"tool": cmd[0]}
        ) from None
    except subprocess.TimeoutExpired:
        raise CommandError(
            _("%(tool)s did not finish within %(seconds)s seconds.")
            % {"tool": cmd[0], "seconds": PG_TIMEOUT}
        ) from None
    if result.returncode != 0:
        raise CommandError(
            _("%(tool)s failed: %(error)s")
            % {"tool": cmd[0], "error": result.stderr.strip()[-2000:]}
        )


def dump_database(vendor, target):
    """Copy the database to `target`; return its per-table row counts."""
    if vendor == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
            return table_counts(dest.cursor(), vendor)
        finally:
            dest.close()
    db = settings.DATABASES["default"]
    env, args = _pg_env_args(db)
    # Count rows and dump in the same snapshot, so the manifest matches the dump.
    connection.ensure_connection()
    raw = connection.connection
    was_autocommit = connection.get_autocommit()
    connection.set_autocommit(False)
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(cursor, vendor)
        _run_pg_tool(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--file={target}",
                *args,
                "--dbname",
                str(db["NAME"]),
            ],
            env,
        )
    finally:
        connection.rollback()
        connection.set_autocommit(was_autocommit)
    return counts


def database_has_content():
    with connection.cursor() as cursor:
        counts = table_counts(cursor, connection.vendor)
    return any(counts.values())


def restore_database(vendor, db_file):
    if vendor == "sqlite":
        connection.close()
        connection.ensure_connection()
        source = sqlite3.connect(db_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
        return
    db = settings.DATABASES["default"]
    env, args = _pg_env_args(db)
    connection.close()
    _run_pg_tool(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "--dbname",
            str(db["NAME"]),
            str(db_file),
        ],
        env,
    )
