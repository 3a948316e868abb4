"""Write and restore one backup archive (tar.gz): manifest, database, media.

The database copy is taken by the database itself (SQLite's online backup API,
pg_dump in one snapshot) so it is consistent while the site keeps running.
A restore checks everything it can (manifest, vendor, hashes) before it
touches the database or the media folder, so a bad archive changes nothing.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media"
PG_TIMEOUT = int(os.environ.get("BACKUP_PG_TIMEOUT", "3600"))
CHUNK = 1024 * 1024


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


class _HashingReader:
    """Hash the bytes tarfile reads, so the manifest matches what is stored."""

    def __init__(self, fh):
        self.fh = fh
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        data = self.fh.read(size)
        self.digest.update(data)
        return data


def _vendor():
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


def _migration_state():
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


def _dump_database(vendor, target):
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


def create_backup(output):
    """Write the archive to `output` (atomically); return the manifest."""
    vendor = _vendor()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    work = Path(tempfile.mkdtemp(prefix=".backup-", dir=output.parent))
    try:
        db_file = work / DB_MEMBERS[vendor]
        counts = _dump_database(vendor, db_file)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "django": django.get_version(),
            "vendor": vendor,
            "migrations": _migration_state(),
            "row_counts": counts,
            "database": {
                "file": DB_MEMBERS[vendor],
                "sha256": _sha256_file(db_file),
            },
            "media": {},
        }
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(db_file, arcname=DB_MEMBERS[vendor])
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if not path.is_file() or path.is_symlink():
                        continue
                    rel = path.relative_to(media_root).as_posix()
                    with open(path, "rb") as fh:
                        info = tar.gettarinfo(
                            arcname=f"{MEDIA_PREFIX}/{rel}", fileobj=fh
                        )
                        reader = _HashingReader(fh)
                        tar.addfile(info, reader)
                    manifest["media"][rel] = reader.digest.hexdigest()
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(time.time())
            tar.addfile(info, io.BytesIO(data))
        os.chmod(partial, 0o600)  # the whole database: owner only
        os.replace(partial, output)
        return manifest
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _not_a_backup(path):
    return CommandError(
        _("%(path)s is not a Tòa Soạn backup archive or it is damaged.")
        % {"path": path}
    )


def read_manifest(path):
    """Open the archive and return its manifest, refusing anything else."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            member = tar.getmember(MANIFEST)
            fh = tar.extractfile(member)
            if fh is None:
                raise _not_a_backup(path)
            manifest = json.loads(fh.read(10 * 1024 * 1024).decode())
    except FileNotFoundError:
        raise CommandError(_("File not found: %(path)s") % {"path": path}) from None
    except (KeyError, OSError, EOFError, zlib.error, tarfile.TarError, ValueError):
        raise _not_a_backup(path) from None
    required = {"format", "vendor", "row_counts", "database", "media"}
    if (
        not isinstance(manifest, dict)
        or not required <= manifest.keys()
        or not all(
            isinstance(manifest[key], dict) for key in ("row_counts", "database")
        )
        or not isinstance(manifest["media"], dict)
        or not all(isinstance(v, str) for v in manifest["media"].values())
    ):
        raise _not_a_backup(path)
    if manifest["format"] != FORMAT_VERSION:
        raise CommandError(
            _(
                "This backup has format version %(found)s; "
                "this site reads version %(expected)s."
            )
            % {"found": manifest["format"], "expected": FORMAT_VERSION}
        )
    return manifest


def _check_member_name(name, db_member):
    """Only the manifest, the database file and media/... may be in the archive."""
    pure = PurePosixPath(name)
    if not pure.parts or pure.is_absolute() or ".." in pure.parts or "\\" in name:
        raise CommandError(
            _("The archive contains an unsafe path: %(name)s") % {"name": name}
        )
    if name in (MANIFEST, db_member) or pure.parts[0] == MEDIA_PREFIX:
        return
    raise CommandError(
        _("The archive contains an unexpected file: %(name)s") % {"name": name}
    )


def database_has_content():
    with connection.cursor() as cursor:
        counts = table_counts(cursor, connection.vendor)
    return any(counts.values())


def _verify_extracted(manifest, workdir):
    """Every file in the manifest, with its hash, and nothing else."""
    db_member = manifest["database"]["file"]
    db_file = workdir / db_member
    if not db_file.is_file() or _sha256_file(db_file) != manifest["database"].get(
        "sha256"
    ):
        raise CommandError(
            _("The database copy in the archive does not match its checksum.")
        )
    media_dir = workdir / MEDIA_PREFIX
    found = set()
    if media_dir.is_dir():
        for path in media_dir.rglob("*"):
            if path.is_file():
                found.add(path.relative_to(media_dir).as_posix())
    expected = set(manifest["media"])
    missing = sorted(expected - found)
    extra = sorted(found - expected)
    if missing or extra:
        raise CommandError(
            _(
                "The media files do not match the manifest "
                "(missing: %(missing)s; extra: %(extra)s)."
            )
            % {
                "missing": ", ".join(missing[:10]) or "-",
                "extra": ", ".join(extra[:10]) or "-",
            }
        )
    bad = sorted(
        rel
        for rel, digest in manifest["media"].items()
        if _sha256_file(media_dir / rel) != digest
    )
    if bad:
        raise CommandError(
            _("Media files do not match their checksums: %(files)s")
            % {"files": ", ".join(bad[:10])}
        )
    return db_file, media_dir


def _restore_database(vendor, db_file):
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


def _swap_media(new_media, media_root):
    """Put the verified media in place with renames; keep the old one on failure."""
    old = None
    if media_root.exists():
        old = media_root.with_name(f".{media_root.name}.old-{os.getpid()}")
        os.replace(media_root, old)
    try:
        if new_media.is_dir():
            os.replace(new_media, media_root)
        else:
            media_root.mkdir(parents=True)
    except OSError:
        if old is not None:
            os.replace(old, media_root)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def restore_backup(path, *, overwrite=False):
    """Restore database and media from `path`; return (manifest, mismatches)."""
    manifest = read_manifest(path)
    vendor = _vendor()
    if manifest["vendor"] != vendor:
        raise CommandError(
            _(
                "This backup was made from a %(source)s database; "
                "it cannot be restored into %(target)s."
            )
            % {"source": manifest["vendor"], "target": vendor}
        )
    if manifest["database"].get("file") != DB_MEMBERS[vendor]:
        raise _not_a_backup(path)
    if not overwrite and database_has_content():
        raise CommandError(
            _(
                "The database already has content. Restoring replaces all of it; "
                "add --yes to confirm."
            )
        )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # The temporary folder sits next to MEDIA_ROOT so the final swap is a rename.
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    try:
        try:
            with tarfile.open(path, "r:gz") as tar:
                members = tar.getmembers()
                for member in members:
                    _check_member_name(member.name, DB_MEMBERS[vendor])
                    if not (member.isfile() or member.isdir()):
                        raise CommandError(
                            _("The archive contains an unsafe path: %(name)s")
                            % {"name": member.name}
                        )
                tar.extractall(work, members=members, filter="data")
        except tarfile.FilterError as exc:
            raise CommandError(
                _("The archive contains an unsafe path: %(name)s")
                % {"name": getattr(exc, "tarinfo", None) and exc.tarinfo.name}
            ) from None
        except (OSError, EOFError, zlib.error, tarfile.TarError):
            raise _not_a_backup(path) from None
        db_file, new_media = _verify_extracted(manifest, work)
        _restore_database(vendor, db_file)
        _swap_media(new_media, media_root)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with connection.cursor() as cursor:
        counts = table_counts(cursor, vendor)
    expected = manifest["row_counts"]
    mismatches = {
        table: (expected.get(table), counts.get(table))
        for table in sorted(set(expected) | set(counts))
        if expected.get(table) != counts.get(table)
    }
    return manifest, counts, mismatches
