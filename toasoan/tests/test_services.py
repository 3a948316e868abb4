"""The suite runs on the database and cache the environment names (CI runs both)."""

import os

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def test_database_is_the_one_configured():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres", "pgsql")) else "sqlite"
    assert connection.vendor == expected


def test_sqlite_runs_in_wal_mode_with_immediate_transactions():
    options = settings.DATABASES["default"].get("OPTIONS", {})
    if connection.vendor == "sqlite":
        assert "journal_mode=WAL" in options["init_command"]
        assert options["transaction_mode"] == "IMMEDIATE"
    else:
        assert "init_command" not in options


def test_cache_is_the_one_configured_and_works():
    backend = settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend.endswith("RedisCache")
    else:
        assert backend.endswith("LocMemCache")
    cache.set("toasoan-probe", "hoà bình", 30)
    assert cache.get("toasoan-probe") == "hoà bình"
