"""Write and restore one backup archive (tar.gz): manifest, database, media.

The database copy is taken by the database itself (SQLite's online backup API,
pg_dump in one snapshot, see `database`) so it is consistent while the site
keeps running. A restore checks everything it can (manifest, vendor, hashes)
before it touches the database or the media folder, so a bad archive changes
nothing.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import zlib
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.utils.translation import gettext as _

from .database import (
    DB_MEMBERS,
    current_vendor,
    database_has_content,
    dump_database,
    migration_state,
    restore_database,
    table_counts,
)

__all__ = [
    "CHUNK",
    "DB_MEMBERS",
    "FORMAT_VERSION",
    "MANIFEST",
    "MEDIA_PREFIX",
    "create_backup",
    "database_has_content",
    "read_manifest",
    "restore_backup",
    "table_counts",
]

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media"
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


def _add_media(tar, media_root):
    """Every regular file under `media_root` into the archive, under media/;
    their hashes, as stored (relative path → sha256)."""
    hashes = {}
    if not media_root.is_dir():
        return hashes
    for path in sorted(media_root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        rel = path.relative_to(media_root).as_posix()
        with open(path, "rb") as fh:
            info = tar.gettarinfo(arcname=f"{MEDIA_PREFIX}/{rel}", fileobj=fh)
            reader = _HashingReader(fh)
            tar.addfile(info, reader)
        hashes[rel] = reader.digest.hexdigest()
    return hashes


def _add_manifest(tar, manifest):
    data = json.dumps(manifest, indent=1, sort_keys=True).encode()
    info = tarfile.TarInfo(MANIFEST)
    info.size = len(data)
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


def create_backup(output):
    """Write the archive to `output` (atomically); return the manifest."""
    vendor = current_vendor()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    work = Path(tempfile.mkdtemp(prefix=".backup-", dir=output.parent))
    try:
        db_file = work / DB_MEMBERS[vendor]
        counts = dump_database(vendor, db_file)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
            "django": django.get_version(),
            "vendor": vendor,
            "migrations": migration_state(),
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
            manifest["media"].update(_add_media(tar, media_root))
            _add_manifest(tar, manifest)
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


def _check_restorable(manifest, path, vendor, overwrite):
    """Refuse a backup of another database, or a restore over content
    without `overwrite`."""
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


def _extract(path, vendor, work):
    """Unpack the archive into `work`, refusing unsafe or unexpected members."""
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


def _row_mismatches(expected, counts):
    """Tables whose row count differs from the manifest's: (expected, found)."""
    return {
        table: (expected.get(table), counts.get(table))
        for table in sorted(set(expected) | set(counts))
        if expected.get(table) != counts.get(table)
    }


def restore_backup(path, *, overwrite=False):
    """Restore database and media from `path`; return (manifest, mismatches)."""
    manifest = read_manifest(path)
    vendor = current_vendor()
    _check_restorable(manifest, path, vendor, overwrite)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # The temporary folder sits next to MEDIA_ROOT so the final swap is a rename.
    work = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root.parent))
    try:
        _extract(path, vendor, work)
        db_file, new_media = _verify_extracted(manifest, work)
        restore_database(vendor, db_file)
        _swap_media(new_media, media_root)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with connection.cursor() as cursor:
        counts = table_counts(cursor, vendor)
    return manifest, counts, _row_mismatches(manifest["row_counts"], counts)
