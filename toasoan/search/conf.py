"""The search app's settings: which backend serves which database.

`toasoan.settings` sets WAGTAILSEARCH_BACKENDS with `search_backend_for`
its DATABASES engine; `checks.py` refuses a pair that does not agree.
"""

from django.core.exceptions import ImproperlyConfigured

# DATABASES engine -> the search backend class for it (`engines`).
SEARCH_BACKEND_FOR_ENGINE = {
    "django.db.backends.sqlite3": (
        "toasoan.search.engines.sqlite.VietnameseSQLiteBackend"
    ),
    "django.db.backends.postgresql": (
        "toasoan.search.engines.postgres.VietnamesePostgresBackend"
    ),
}


def search_backend_for(engine: str) -> str:
    """The dotted path of the search backend class for a DATABASES engine."""
    try:
        return SEARCH_BACKEND_FOR_ENGINE[engine]
    except KeyError:
        raise ImproperlyConfigured(
            f"No search backend for the database engine {engine!r}: "
            f"Tòa Soạn searches SQLite or PostgreSQL"
        ) from None
