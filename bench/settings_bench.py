"""Settings for bench/search_relevance.py: dev settings plus a stock backend.

The database comes from DATABASE_URL as usual, but it must be set and name a
bench database: without it the dev settings would fall back to db.sqlite3.

Both backends are indexed only by `rebuild_modelsearch_index --backend NAME`
(AUTO_UPDATE off), so each run indexes the same pages the same way:

- "default": ours, the dev settings' (toasoan.search.engines, for the
  database; Telex exact words + folded words);
- "stock": Wagtail's own database backend, with its default configuration.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from toasoan.settings.dev import *  # noqa: F403

if "bench" not in os.environ.get("DATABASE_URL", ""):
    raise ImproperlyConfigured(
        "bench.settings_bench needs DATABASE_URL naming a bench database"
    )

WAGTAILSEARCH_BACKENDS = {
    "default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False},  # noqa: F405
    "stock": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
}
