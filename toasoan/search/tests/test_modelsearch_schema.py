"""The boundary with modelsearch: its tables as the ranking SQL reads them,
the internals our backends override, and the backend settings choose.

`toasoan.search.ranking` reads modelsearch's private tables with SQL of its
own. These tests compare what that SQL names (tables, columns, their order
and kind) with the installed modelsearch's models and with the real schema
of the test database, on SQLite and on PostgreSQL, so that an upgrade which
changes them fails here rather than on the search page.
"""

import importlib.metadata
import inspect

import pytest
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings
from modelsearch.backends.base import BaseSearchBackend
from modelsearch.conf import get_app_config
from wagtail.search.backends import get_search_backend

from toasoan.search import ranking
from toasoan.search.backend import VietnameseMixin
from toasoan.search.checks import backend_matches_database
from toasoan.search.conf import SEARCH_BACKEND_FOR_ENGINE, search_backend_for
from toasoan.search.ranking import base, postgres, sqlite
from toasoan.search.text import parse_query

# The modelsearch whose tables and internals were checked against the SQL of
# `toasoan.search.ranking` and the overrides of `toasoan.search.engines`.
# After an upgrade: read its migrations and models (IndexEntry, the SQLite
# FTS table), `BaseSearchBackend._search` and the SQLite compiler's
# `build_tsrank`, run this file on SQLite and PostgreSQL, then move the pin.
MODELSEARCH_VERSION = "1.3.2"

SQLITE = connection.vendor == "sqlite"
POSTGRESQL = connection.vendor == "postgresql"


def test_modelsearch_is_the_version_checked():
    installed = importlib.metadata.version("modelsearch")
    assert installed == MODELSEARCH_VERSION, (
        f"modelsearch {installed} is installed; toasoan.search.ranking reads "
        f"the tables of {MODELSEARCH_VERSION}: re-check them (see this file)"
    )


def columns(table):
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, table)
    return [column.name for column in description]


@pytest.mark.django_db
def test_the_index_entry_table_has_what_the_ranking_reads():
    entry = base.entry_model()
    table = entry._meta.db_table
    assert table in connection.introspection.table_names()
    found = columns(table)
    assert set(base.ENTRY_COLUMNS) <= set(found), found
    model_columns = {f.column for f in entry._meta.concrete_fields}
    assert set(base.ENTRY_COLUMNS) <= model_columns
    # object_id is text (the ranking casts it to the object's key).
    assert entry._meta.get_field("object_id").get_internal_type() == "CharField"
    assert entry._meta.pk.column == "id"
    # Each kind of text is a column of its own (SQLite copies them to FTS).
    assert set(postgres.VECTOR_COLUMNS) <= set(found)
    assert set(sqlite.FTS_COLUMNS) <= set(found)


@pytest.mark.django_db
def test_the_index_is_as_this_databases_ranking_reads_it():
    """Each database checks its own tables (no skip: CI runs both)."""
    assert SQLITE or POSTGRESQL, connection.vendor
    if SQLITE:
        sqlite_fts_table_is_as_the_ranking_reads_it()
    else:
        postgresql_vectors_are_as_the_ranking_reads_them()


def sqlite_fts_table_is_as_the_ranking_reads_it():
    entry_table = base.entry_model()._meta.db_table
    fts_table = entry_table + sqlite.FTS_SUFFIX
    fts = get_app_config().get_model("SQLiteFTSIndexEntry")
    assert fts._meta.db_table == fts_table
    # Joined on rowid = the index entry's id.
    assert fts._meta.pk.column == "rowid"
    assert fts._meta.pk.related_model is base.entry_model()
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [fts_table])
        (created,) = cursor.fetchone()
        assert "USING fts5" in created
        cursor.execute(f"PRAGMA table_info({connection.ops.quote_name(fts_table)})")
        in_order = [row[1] for row in cursor.fetchall()]
    # bm25's weights follow the columns' order.
    assert in_order == list(sqlite.FTS_COLUMNS)
    assert sqlite.bm25_weights(title=4, body=1) == "0.0, 1.0, 4.0"


def postgresql_vectors_are_as_the_ranking_reads_them():
    entry = base.entry_model()
    for name in postgres.VECTOR_COLUMNS:
        assert isinstance(entry._meta.get_field(name), SearchVectorField)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s",
            [entry._meta.db_table],
        )
        types = dict(cursor.fetchall())
    assert {c: types.get(c) for c in postgres.VECTOR_COLUMNS} == dict.fromkeys(
        postgres.VECTOR_COLUMNS, "tsvector"
    )
    assert types["object_id"] in ("character varying", "text")
    assert types["id"] == "integer"  # unnest(%s::integer[]) in _rank_window


def test_the_internals_our_backends_override_are_there():
    # VietnameseMixin._search wraps modelsearch's, with this signature.
    parameters = list(inspect.signature(BaseSearchBackend._search).parameters)
    assert parameters[:4] == [
        "self",
        "query_compiler_class",
        "query",
        "model_or_queryset",
    ]
    if SQLITE:  # modelsearch's SQLite engine does not import on PostgreSQL
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteSearchQueryCompiler,
        )

        build_tsrank = inspect.signature(SQLiteSearchQueryCompiler.build_tsrank)
        assert list(build_tsrank.parameters) == [
            "self",
            "vector",
            "query",
            "config",
            "boost",
        ]


# -- the backend settings choose -------------------------------------------


def test_settings_choose_the_backend_of_the_database():
    engine = settings.DATABASES["default"]["ENGINE"]
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == (
        search_backend_for(engine)
    )
    backend = get_search_backend()
    assert isinstance(backend, VietnameseMixin)
    assert backend.vendor == connection.vendor
    assert issubclass(backend.ranker_class, base.Ranker)
    assert issubclass(backend.title_ranker_class, base.Ranker)
    assert type(ranking.ranker(parse_query("hòa bình"))) is backend.ranker_class
    assert type(ranking.title_ranker("ha")) is backend.title_ranker_class
    assert backend.config == ("simple" if POSTGRESQL else None)
    assert set(SEARCH_BACKEND_FOR_ENGINE) == {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }


def test_an_unknown_database_engine_has_no_search_backend():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        search_backend_for("django.db.backends.mysql")


def test_a_backend_of_another_database_is_refused():
    assert backend_matches_database(None) == []
    other = "postgresql" if SQLITE else "sqlite3"
    path = SEARCH_BACKEND_FOR_ENGINE[f"django.db.backends.{other}"]
    if SQLITE:
        # modelsearch's PostgreSQL engine imports on SQLite; not the reverse.
        with override_settings(WAGTAILSEARCH_BACKENDS={"default": {"BACKEND": path}}):
            errors = backend_matches_database(None)
        assert [e.id for e in errors] == ["toasoan_search.E001"]
        assert isinstance(errors[0], checks.Error)
