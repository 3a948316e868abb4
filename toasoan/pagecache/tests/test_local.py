"""Pages kept in a server process: dropped the moment a purge is announced."""

import time

import pytest
import redis
from django.test import override_settings

from toasoan.pagecache import local
from toasoan.pagecache.store import Entry

URL = "redis://127.0.0.1:6379/14"
ENTRY = Entry(200, (("Content-Type", "text/html"),), b"<p>trang</p>")


def connect():
    return redis.Redis.from_url(URL, socket_connect_timeout=1)


@pytest.fixture
def pages():
    try:
        connect().ping()
    except redis.ConnectionError:
        pytest.skip("needs Redis at 127.0.0.1:6379")
    kept = local.LocalPages(connect, seconds=30)
    assert kept.get("http://x/a/") is None  # starts listening
    wait_for(lambda: kept._listening)
    yield kept
    kept.stop()


def wait_for(condition, seconds=5):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_kept_page_is_served_until_a_purge_is_announced(pages):
    pages.put("http://x/a/", ENTRY, pages.version())
    assert pages.get("http://x/a/") == ENTRY
    local.announce(connect())
    wait_for(lambda: pages.get("http://x/a/") is None)


def test_a_page_read_before_a_purge_is_not_kept(pages):
    version = pages.version()  # then the page is read from Redis...
    local.announce(connect())  # ...while an editor's change is purged
    wait_for(lambda: pages.version() != version)
    pages.put("http://x/a/", ENTRY, version)
    assert pages.get("http://x/a/") is None


def test_kept_pages_expire(pages):
    pages.seconds = 0.05
    pages.put("http://x/a/", ENTRY, pages.version())
    time.sleep(0.1)
    assert pages.get("http://x/a/") is None


def test_nothing_is_kept_without_the_channel():
    def refused():
        return redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)

    pages = local.LocalPages(refused, seconds=30)
    assert pages.get("http://x/a/") is None
    time.sleep(0.3)
    pages.put("http://x/a/", ENTRY, pages.version())
    assert pages.get("http://x/a/") is None
    pages.stop()


def test_a_subscription_says_redis_is_back():
    """The purge listener tells the page cache's Redis client that Redis
    answers again (a restart), so it need not wait out its pause."""
    try:
        connect().ping()
    except redis.ConnectionError:
        pytest.skip("needs Redis at 127.0.0.1:6379")
    told = []
    pages = local.LocalPages(connect, 30, on_subscribed=lambda: told.append(1))
    pages.get("http://x/a/")  # starts listening
    wait_for(lambda: told)
    pages.stop()


def test_a_forked_worker_does_not_trust_its_parents_copies(pages, monkeypatch):
    pages.put("http://x/a/", ENTRY, pages.version())
    monkeypatch.setattr(local.os, "getpid", lambda: -1)
    assert pages.get("http://x/a/") is None


def test_only_with_redis(settings):
    in_memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    with override_settings(CACHES={**settings.CACHES, "pages": in_memory}):
        assert local.from_settings() is None
    with override_settings(
        CACHES={
            **settings.CACHES,
            "pages": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": URL,
            },
        }
    ):
        assert isinstance(local.from_settings(), local.LocalPages)
        with override_settings(PAGE_CACHE_LOCAL_SECONDS=0):
            assert local.from_settings() is None


@pytest.mark.django_db
def test_the_wsgi_wrapper_drops_its_copy_when_the_page_is_purged(
    client, site, committed, settings, pages
):
    from django.core.cache import caches

    from toasoan.news.tests import factories
    from toasoan.pagecache.wsgi import CachedApplication

    shared = {
        "BACKEND": "toasoan.faults.cache.ResilientRedisCache",
        "LOCATION": URL,
        "KEY_PREFIX": "test-local",
    }
    article = site["articles"][0]
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": article.url,
        "QUERY_STRING": "",
        "HTTP_HOST": "testserver",
        "SERVER_NAME": "testserver",
        "wsgi.url_scheme": "http",
    }
    reached = []

    def django(environ, start_response):  # a miss lands here
        reached.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    def answer(app):
        headers = {}
        body = b"".join(app(environ, lambda s, h: headers.update(h)))
        return headers.get("X-Page-Cache"), body

    with override_settings(CACHES={**settings.CACHES, "pages": shared}):
        caches["pages"].clear()
        client.get(article.url)  # stored in Redis
        app = CachedApplication(django)
        app.local = pages  # already listening
        assert answer(app)[0] == "hit"  # from Redis, now kept
        assert answer(app)[0] == "hit"  # from the process
        article.title = "Tiêu đề mới"
        committed(factories.publish, article)
        wait_for(lambda: answer(app)[0] is None)
        assert reached == [article.url]
        caches["pages"].clear()
