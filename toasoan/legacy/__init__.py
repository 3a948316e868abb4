"""The legacy importer: the old site's saved pages as articles (see apps.py)."""
