"""Tests: fast hashing, tasks run inline, in-memory media and e-mail."""

import os
import tempfile

from toasoan.core.env import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default", "purge"],
    }
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="toasoan-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING = {"version": 1, "disable_existing_loggers": False}
if env("REDIS_URL"):
    # Several test runs can share one Redis: keep their keys apart.
    _prefix = f"test-{os.getpid()}"
    CACHES["default"]["KEY_PREFIX"] = _prefix  # noqa: F405
    CACHES["limits"]["KEY_PREFIX"] = _prefix + "-limits"  # noqa: F405
    CACHES["views"]["KEY_PREFIX"] = _prefix + "-views"  # noqa: F405
    CACHES["pages"]["KEY_PREFIX"] = _prefix + "-pages"  # noqa: F405
else:
    CACHES["pages"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "toasoan-pages",
    }
# Off for the suite; toasoan/pagecache/tests turn it on.
PAGE_CACHE_SECONDS = 0
# A page type only the tests know (testapps/notes): plugged in by its own app.
INSTALLED_APPS = [*INSTALLED_APPS, "testapps.notes"]  # noqa: F405
