"""A restore refuses bad archives before it touches the database or the media."""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation

from toasoan.backups.archive import DB_MEMBERS, FORMAT_VERSION, table_counts

DB_BYTES = b"not really a database, never reaches the restore step"


def sha(data):
    return hashlib.sha256(data).hexdigest()


def write_archive(path, *, manifest=None, members=(), media=None):
    """A hand-made archive: manifest (None = left out) and (name, bytes) members."""
    media = {"images/a.png": b"PNG-ish"} if media is None else media
    vendor = connection.vendor
    base = {
        "format": FORMAT_VERSION,
        "created_at": "2026-01-01T00:00:00+00:00",
        "vendor": vendor,
        "migrations": {},
        "row_counts": {},
        "database": {"file": DB_MEMBERS[vendor], "sha256": sha(DB_BYTES)},
        "media": {name: sha(data) for name, data in media.items()},
    }
    entries = [(DB_MEMBERS[vendor], DB_BYTES)]
    entries += [(f"media/{name}", data) for name, data in media.items()]
    if manifest is not False:
        base.update(manifest or {})
        entries.append(("manifest.json", json.dumps(base).encode()))
    entries += list(members)
    with tarfile.open(path, "w:gz") as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def media_root(tmp_path, settings):
    root = tmp_path / "site" / "media"
    root.mkdir(parents=True)
    (root / "keep.txt").write_text("ảnh cũ")
    settings.MEDIA_ROOT = str(root)
    return root


def restore_refused(path, *args):
    """Run restore, expect a refusal; return its (English) message."""
    with translation.override("en"), pytest.raises(CommandError) as info:
        call_command("restore", str(path), *args)
    return str(info.value)


def assert_untouched(media_root, before):
    with connection.cursor() as cursor:
        assert table_counts(cursor, connection.vendor) == before
    assert [p.name for p in media_root.parent.iterdir()] == ["media"]
    assert [p.name for p in media_root.iterdir()] == ["keep.txt"]


@pytest.fixture
def counts_before(db):
    with connection.cursor() as cursor:
        return table_counts(cursor, connection.vendor)


def make_gzip(path, data):
    import gzip

    path.write_bytes(gzip.compress(data))
    return path


@pytest.mark.parametrize(
    "builder",
    [
        pytest.param(lambda p: p.write_bytes(b"\x00\x01 garbage") and p, id="bytes"),
        pytest.param(lambda p: p.write_text("Xin chào") and p, id="text"),
        pytest.param(lambda p: make_gzip(p, b"plain gzip"), id="gzip-not-tar"),
        pytest.param(lambda p: write_archive(p, manifest=False), id="no-manifest"),
        pytest.param(
            lambda p: write_archive(
                p, manifest=False, members=[("manifest.json", b"{not json")]
            ),
            id="bad-json",
        ),
        pytest.param(
            lambda p: write_archive(
                p, manifest=False, members=[("manifest.json", b'{"format": 1}')]
            ),
            id="manifest-missing-keys",
        ),
        pytest.param(
            lambda p: write_archive(p, manifest={"media": ["images/a.png"]}),
            id="media-not-a-mapping",
        ),
    ],
)
def test_refuses_files_that_are_not_backups(
    builder, tmp_path, media_root, counts_before
):
    path = tmp_path / "x.tar.gz"
    builder(path)
    message = restore_refused(path, "--yes")
    assert "is not a Tòa Soạn backup archive" in message
    assert_untouched(media_root, counts_before)


def test_truncated_archive_is_refused(tmp_path, media_root, counts_before):
    path = write_archive(
        tmp_path / "x.tar.gz", media={"big.bin": bytes(range(256)) * 400}
    )
    path.write_bytes(path.read_bytes()[:-200])
    assert "backup archive" in restore_refused(path, "--yes")
    assert_untouched(media_root, counts_before)


def test_missing_file_is_named(tmp_path, db):
    message = restore_refused(tmp_path / "khong-co.tar.gz")
    assert "File not found" in message and "khong-co.tar.gz" in message


def test_tampered_media_is_refused(tmp_path, media_root, counts_before):
    path = write_archive(
        tmp_path / "x.tar.gz",
        manifest={"media": {"images/a.png": sha(b"the original bytes")}},
    )
    message = restore_refused(path, "--yes")
    assert "do not match their checksums" in message and "images/a.png" in message
    assert_untouched(media_root, counts_before)


def test_media_missing_from_archive_is_refused(tmp_path, media_root, counts_before):
    path = write_archive(
        tmp_path / "x.tar.gz",
        manifest={"media": {"images/a.png": sha(b"PNG-ish"), "gone.pdf": sha(b"x")}},
    )
    assert "missing: gone.pdf" in restore_refused(path, "--yes")
    assert_untouched(media_root, counts_before)


def test_tampered_database_copy_is_refused(tmp_path, media_root, counts_before):
    path = write_archive(
        tmp_path / "x.tar.gz",
        manifest={"database": {"file": DB_MEMBERS[connection.vendor], "sha256": "0"}},
    )
    assert "database copy" in restore_refused(path, "--yes")
    assert_untouched(media_root, counts_before)


@pytest.mark.parametrize(
    "name",
    [
        "../escaped.txt",
        "media/../../escaped.txt",
        "/tmp/toasoan-backup-escaped.txt",
        "notes/extra.txt",
        ".",
    ],
)
def test_path_traversal_and_strange_entries_are_refused(
    name, tmp_path, media_root, counts_before
):
    path = write_archive(tmp_path / "x.tar.gz", members=[(name, b"evil")])
    message = restore_refused(path, "--yes")
    assert "unsafe path" in message or "unexpected file" in message
    assert name in message
    assert not (tmp_path / "escaped.txt").exists()
    assert not (tmp_path / "site" / "escaped.txt").exists()
    assert_untouched(media_root, counts_before)


def test_symlink_entry_is_refused(tmp_path, media_root, counts_before):
    path = write_archive(tmp_path / "x.tar.gz")
    with tarfile.open(path, "r:gz") as tar:
        entries = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    link = tarfile.TarInfo("media/images/link")
    link.type = tarfile.SYMTYPE
    link.linkname = "/etc/passwd"
    with tarfile.open(path, "w:gz") as tar:
        for member, data in entries:
            tar.addfile(member, io.BytesIO(data))
        tar.addfile(link)
    assert "unsafe path" in restore_refused(path, "--yes")
    assert_untouched(media_root, counts_before)


def test_cross_vendor_backup_is_refused(tmp_path, media_root, counts_before):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = write_archive(tmp_path / "x.tar.gz", manifest={"vendor": other})
    message = restore_refused(path, "--yes")
    assert f"made from a {other} database" in message
    assert f"cannot be restored into {connection.vendor}" in message
    assert_untouched(media_root, counts_before)


def test_unknown_format_version_is_refused(tmp_path, media_root, counts_before):
    path = write_archive(tmp_path / "x.tar.gz", manifest={"format": 99})
    assert "format version 99" in restore_refused(path, "--yes")
    assert_untouched(media_root, counts_before)


def test_database_with_content_needs_yes(tmp_path, media_root, counts_before):
    assert sum(counts_before.values()) > 0  # a migrated database has rows
    path = write_archive(tmp_path / "x.tar.gz")
    assert "add --yes" in restore_refused(path)
    assert_untouched(media_root, counts_before)
