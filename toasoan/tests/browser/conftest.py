"""The browser layer: Debian's chromium, driven by selenium, on a live server.

Two ways to use it (one per module: do not mix them in one file):

- `browser` with pytest-django's `live_server`: open `live_server.url + path`.
  Each test builds its own data and runs as a transactional test (on
  PostgreSQL the live server answers from its own connection, so data must be
  committed), flushed afterwards; its serialized rollback brings back what the
  migrations created (the home page, the default site, the groups).
- `module_browser` with `module_live_server`, for modules whose tests only
  read: the module's content is built once, committed, by a module-scoped
  fixture that asks for `module_live_server` and builds inside
  `django_db_blocker.unblock()` (`newsroom_pages` does: a small magazine with
  every kind of reader page); each test then runs in a transaction rolled back
  as usual, and the database is flushed and restored when the module ends.
  Much faster when many tests look at the same pages.

Both give the session's one headless chromium, reset before each test
(cookies, cache, storage, about:blank, viewport 1366x900: resize it with
`chromium.resize(driver, 390)`). `axe.violations(driver)` runs axe-core on the
current page. Without chromium, chromedriver or selenium the tests skip with
the reason (without axe-core, the tests that use it); under CI=true the root
conftest.py turns that skip into a failure.
"""

import threading
from pathlib import Path

import pytest

from . import newsroom
from .chromium import Chromium, missing

HERE = Path(__file__).resolve().parent
URLCONF = "toasoan.tests.browser.urls"


@pytest.hookimpl(tryfirst=True)  # before pytest-django orders tests by marker
def pytest_collection_modifyitems(items):
    """Every browser test gets the database its fixtures need."""
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker else {}
        # the migrations' rows are put back after a flush (both ways)
        kwargs["serialized_rollback"] = True
        if "module_live_server" not in item.fixturenames:
            kwargs["transaction"] = True
        elif "live_server" in item.fixturenames:
            raise pytest.UsageError(f"{item.nodeid}: live_server or module_live_server")
        item.add_marker(pytest.mark.django_db(**kwargs), append=False)


@pytest.fixture(scope="session")
def _chromium(tmp_path_factory):
    reason = missing()
    if reason:
        pytest.skip(reason)
    chromium = Chromium(tmp_path_factory.mktemp("chromium"))
    yield chromium
    chromium.quit()


def _drive(chromium, server, settings):
    settings.ROOT_URLCONF = URLCONF  # media files served too
    yield chromium.fresh(server.url)
    chromium.leave()  # no request of this page may reach the next test's data


@pytest.fixture(scope="session")
def live_server(live_server, _chromium):
    """pytest-django's live_server, which outlives the browser's connections."""
    yield live_server
    close_connections(_chromium)


@pytest.fixture
def browser(live_server, _chromium, settings):
    """A clean headless chromium; the site is at live_server.url."""
    yield from _drive(_chromium, live_server, settings)


@pytest.fixture(scope="module")
def module_live_server(django_db_setup, django_db_blocker, _chromium):
    """A live server for one module whose content is built once (see above)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        restore_database()  # as the migrations left it, whatever ran before
    server = LiveServer("localhost")
    yield server
    close_connections(_chromium)
    server.stop()
    with django_db_blocker.unblock():
        restore_database()


@pytest.fixture
def module_browser(_chromium, module_live_server, settings):
    """A clean headless chromium; the site is at module_live_server.url."""
    yield from _drive(_chromium, module_live_server, settings)


@pytest.fixture(scope="module")
def newsroom_pages(
    module_live_server, django_db_blocker, text_pdf, text_pdf_pages, tmp_path_factory
):
    """The small magazine of newsroom.py, built once for the module:
    {page name: address}, e.g. module_live_server.url + pages["article"]."""
    with django_db_blocker.unblock():
        return newsroom.build(
            text_pdf, text_pdf_pages, tmp_path_factory.mktemp("print-pages")
        )


def close_connections(chromium):
    """Quit the browser and let the server's threads end its kept-alive
    connections: after the server stops, such a thread would close a database
    connection that is no longer its own to close (in-memory SQLite)."""
    chromium.quit()
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=5)


def restore_database():
    """Flush, then put back what the migrations made (as a serialized rollback)."""
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        contents = getattr(connection, "_test_serialized_contents", None)
        call_command(
            "flush",
            database=alias,
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=contents is not None,
        )
        if contents is not None:
            connection.creation.deserialize_db_from_string(contents)
            # The restored rows keep their ids: the sequences go on after them
            # (PostgreSQL would give the next page id 1 again), as loaddata's.
            models = apps.get_models(include_auto_created=True)
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), models):
                    cursor.execute(sql)
