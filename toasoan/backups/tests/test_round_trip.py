"""Back up a real instance and restore it into an empty one, for the vendor in use.

The commands run in subprocesses against scratch databases (a SQLite file, or
PostgreSQL databases made for the test), never the database under test.
"""

import hashlib
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]

CONTENT = """
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from toasoan.news.tests import factories

get_user_model().objects.create_user("bientap", "bt@example.vn", "x")
section = factories.make_section(title="Văn hóa")
for i in range(3):
    factories.make_article(
        section, f"Bài số {i}", image=factories.make_image(f"Ảnh {i}", (i * 40, 9, 9))
    )
doc = get_document_model()(title="Tài liệu thử")
doc.file.save("tai-lieu-thu.txt", ContentFile("Nội dung tài liệu".encode()))
"""

COUNT = """
import json
from django.db import connection
from toasoan.backups.archive import table_counts
with connection.cursor() as cursor:
    print(json.dumps(table_counts(cursor, connection.vendor)))
"""


def manage(url, media, *args, check=True):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toasoan.settings.dev",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
        "LANGUAGE": "C",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr[-3000:]
    return result


def media_hashes(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in Path(root).rglob("*")
        if p.is_file()
    }


def counts(url, media):
    return json.loads(manage(url, media, "shell", "-c", COUNT).stdout.splitlines()[-1])


@pytest.fixture
def scratch_urls(tmp_path):
    """Two empty databases of the vendor under test: source and destination."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        yield (f"sqlite:///{tmp_path}/src.sqlite3", f"sqlite:///{tmp_path}/dst.sqlite3")
        return
    import psycopg

    suffix = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
    names = [f"toasoan_backup_src_{suffix}", f"toasoan_backup_dst_{suffix}"]
    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    params = {k: v for k, v in params.items() if v}
    auth = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"])
    host = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield tuple(f"postgres://{auth}@{host}/{name}" for name in names)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trip_into_empty_instance(scratch_urls, tmp_path):
    src_url, dst_url = scratch_urls
    src_media, dst_media = tmp_path / "src-media", tmp_path / "dst-media"
    archive = tmp_path / "out" / "backup.tar.gz"
    manage(src_url, src_media, "migrate", "-v0")
    manage(src_url, src_media, "shell", "-c", CONTENT)
    before = counts(src_url, src_media)
    hashes = media_hashes(src_media)
    assert before["news_articlepage"] == 3
    assert len(hashes) >= 4  # three images and one document at least

    manage(src_url, src_media, "backup", "--output", str(archive))
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["row_counts"] == before
    assert manifest["media"] == hashes
    assert "news" in manifest["migrations"]

    restored = manage(dst_url, dst_media, "restore", str(archive))
    assert str(sum(before.values())) in restored.stdout  # rows reported
    assert counts(dst_url, dst_media) == before
    assert media_hashes(dst_media) == hashes

    # A second restore into the now full instance needs --yes, then works.
    refused = manage(dst_url, dst_media, "restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "--yes" in refused.stderr
    manage(dst_url, dst_media, "restore", str(archive), "--yes")
    assert counts(dst_url, dst_media) == before
    assert media_hashes(dst_media) == hashes
