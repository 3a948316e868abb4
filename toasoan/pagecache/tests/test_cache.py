"""The page cache answers readers, never editors, and is purged exactly."""

from datetime import datetime

import pytest
from django.test import Client, override_settings

from toasoan.comments.models import Comment
from toasoan.news.tests import factories
from toasoan.pagecache import middleware, store
from toasoan.pagecache.keys import address
from toasoan.pagecache.wsgi import CachedApplication
from toasoan.vietnamese import TIMEZONE

pytestmark = pytest.mark.django_db


def state(client, url):
    """'hit', 'miss' (rendered and stored) or None (not cacheable)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return response.headers.get("X-Page-Cache")


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert state(client, url) == "hit", url


def test_second_visit_comes_from_the_cache_without_a_query(
    client, site, django_assert_num_queries, monkeypatch
):
    noon = datetime(2026, 11, 28, 12, 0, tzinfo=TIMEZONE)
    monkeypatch.setattr(middleware.timezone, "now", lambda: noon)
    url = site["articles"][0].url
    first = client.get(url)
    assert first.headers["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.headers["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for header in ("Content-Security-Policy", "X-Content-Type-Options"):
        assert second.headers[header] == first.headers[header]
    assert second.headers["X-Accel-Expires"] == "600"
    names = list(second.headers)  # nginx reads them in order (middleware.py)
    assert names.index("X-Accel-Expires") < names.index("Cache-Control")
    assert "Cookie" not in second.headers.get("Vary", "")


@pytest.mark.parametrize(
    "clock, kept",
    [
        ("2026-11-28 12:00:00", 600),
        ("2026-11-28 23:50:00", 600),
        ("2026-11-28 23:55:00", 300),
        ("2026-11-28 23:59:59.5", 1),
        ("2026-11-29 00:00:00", 600),
        ("2026-11-28 16:58:00+00:00", 120),  # UTC: 23:58 in Vietnam
    ],
)
def test_pages_are_not_kept_past_midnight_in_vietnam(clock, kept):
    """The masthead shows the day's date: a page rendered at 23:55 is kept
    five minutes, not ten, whatever the server's own time zone."""
    now = datetime.fromisoformat(clock)
    if now.tzinfo is None:
        now = now.replace(tzinfo=TIMEZONE)
    assert middleware.keep_seconds(now) == kept


@pytest.mark.parametrize(
    "suffix, cached",
    [
        ("", True),
        ("?trang=1", True),
        ("?trang=1&utm_source=zalo", False),
        ("?ma-bao-ve=cau-hoi", False),
        ("?y-kien=da-gui", False),
        ("?trang=%3Cscript%3E", False),
    ],
)
def test_which_addresses_are_cached(client, site, suffix, cached):
    url = site["news"].url + suffix
    client.get(url)
    assert (client.get(url).headers.get("X-Page-Cache") == "hit") is cached


def test_editors_and_posts_are_never_cached(client, site, admin_user):
    url = site["articles"][0].url
    warm(client, url)
    editor = Client()
    editor.force_login(admin_user)
    response = editor.get(url)
    assert "X-Page-Cache" not in response.headers
    assert state(editor, url) is None
    assert client.post(url, {}).headers.get("X-Page-Cache") is None


def test_pages_that_declare_nothing_are_not_cached(client, site):
    client.get("/robots.txt")
    assert client.get("/robots.txt").headers.get("X-Page-Cache") is None


def test_an_edit_purges_every_page_showing_the_article_and_nothing_else(
    client, site, committed
):
    edited, sibling, _ = site["articles"]
    lists = [site["home"].url, site["news"].url, sibling.url, "/rss/"]
    untouched = [site["other"].url, site["culture"].url]
    warm(client, edited.url, *lists, *untouched)

    edited.title = "Tiêu đề đã sửa"
    committed(factories.publish, edited)

    for url in [edited.url, *lists]:
        response = client.get(url)
        assert response.headers["X-Page-Cache"] == "miss", url
        assert "Tiêu đề đã sửa" in response.content.decode(), url
    for url in untouched:
        assert state(client, url) == "hit", url


def test_renaming_an_author_purges_their_articles_and_page(client, site, committed):
    author = site["author"]
    shown = [site["articles"][0].url, site["articles"][1].url, author.get_url()]
    warm(client, *shown, site["other"].url)

    author.name = "Trần Thị Lan Anh"
    committed(author.save)

    for url in shown:
        response = client.get(url)
        assert response.headers["X-Page-Cache"] == "miss", url
        assert "Trần Thị Lan Anh" in response.content.decode(), url
    assert state(client, site["other"].url) == "hit"  # not by this author


def test_removing_an_author_purges_their_articles(client, site, committed):
    article = site["articles"][0]
    warm(client, article.url)
    committed(site["author"].delete)
    response = client.get(article.url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Trần Thị Lan" not in response.content.decode()


def test_editing_an_image_purges_the_pages_showing_it(client, site, committed):
    image = factories.make_image("Ảnh cũ")
    article = committed(factories.make_article, site["news"], "Bài có ảnh", image=image)
    warm(client, article.url, site["news"].url, site["other"].url)

    image.title = "Ảnh mới"
    committed(image.save)

    for url in (article.url, site["news"].url):  # the page and its card
        assert state(client, url) == "miss", url
    assert state(client, site["other"].url) == "hit"


def test_a_new_article_enters_its_lists_at_once(client, site, committed):
    sibling = site["articles"][0]
    lists = [site["home"].url, site["news"].url, sibling.url, "/rss/"]
    warm(client, *lists, site["other"].url)

    committed(factories.make_article, site["news"], "Tin mới nhất")

    for url in lists:
        response = client.get(url)
        assert "Tin mới nhất" in response.content.decode(), url
    assert state(client, site["other"].url) == "hit"


def test_unpublishing_removes_the_article_everywhere(client, site, committed):
    gone, sibling, _ = site["articles"]
    warm(client, gone.url, site["news"].url, sibling.url)
    committed(gone.unpublish)
    assert client.get(gone.url).status_code == 404
    for url in (site["news"].url, sibling.url):
        assert gone.title not in client.get(url).content.decode(), url


def test_an_approved_comment_purges_only_its_article(client, site, committed):
    article, sibling, _ = site["articles"]
    warm(client, article.url, sibling.url)
    comment = committed(
        Comment.objects.create,
        article=article,
        name="Bạn đọc",
        email="ban@example.vn",
        body="Bài viết hay.",
    )
    assert state(client, article.url) == "hit"  # waiting for moderation
    comment.status = Comment.Status.APPROVED
    committed(comment.save)
    assert "Bài viết hay." in client.get(article.url).content.decode()
    assert state(client, sibling.url) == "hit"


def test_a_section_change_purges_every_page(client, site, committed):
    urls = [site["home"].url, site["other"].url, site["articles"][1].url]
    warm(client, *urls)
    site["culture"].title = "Văn hóa - Giải trí"
    committed(factories.publish, site["culture"])
    for url in urls:
        assert "Văn hóa - Giải trí" in client.get(url).content.decode(), url


def test_a_page_rendered_during_a_purge_is_not_kept(client, site, committed):
    """It may hold the row as it was before the change was committed."""
    from toasoan.pagecache import middleware

    url = site["articles"][0].url
    real = store.epoch

    def purged_meanwhile():
        committed(factories.publish, site["articles"][0])
        return real()

    store_epoch = middleware.store.epoch
    middleware.store.epoch = purged_meanwhile
    try:
        response = client.get(url)
    finally:
        middleware.store.epoch = store_epoch
    assert response.headers.get("X-Page-Cache") is None
    assert "X-Accel-Expires" not in response.headers
    assert state(client, url) == "miss"


def test_the_wsgi_wrapper_answers_hits_before_django(client, site):
    url = site["articles"][0].url
    stored = client.get(url).content
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url,
        "QUERY_STRING": "",
        "HTTP_HOST": "testserver",
        "SERVER_NAME": "testserver",
        "wsgi.url_scheme": "http",
    }
    answered = {}

    def start_response(status, headers):
        answered.update(status=status, headers=dict(headers))

    def django(environ, start_response):  # a miss would land here
        raise AssertionError("a hit must not reach Django")

    body = b"".join(CachedApplication(django)(environ, start_response))
    assert answered["status"] == "200 OK"
    assert answered["headers"]["X-Page-Cache"] == "hit"
    assert body == stored
    assert address(environ) == address(client.get(url).wsgi_request.META)


class RecordingBackend:
    purged = []

    def __init__(self, params):
        pass

    def invalidates_hostname(self, hostname):
        return True

    def purge_batch(self, urls):
        RecordingBackend.purged.extend(urls)


@override_settings(
    WAGTAILFRONTENDCACHE={"nginx": {"BACKEND": f"{__name__}.RecordingBackend"}}
)
def test_nginx_is_purged_through_wagtails_frontend_cache(client, site, committed):
    article = site["articles"][0]
    warm(client, article.url, site["news"].url, site["other"].url)
    RecordingBackend.purged.clear()
    article.title = "Sửa lần nữa"
    committed(factories.publish, article)
    assert set(RecordingBackend.purged) == {
        f"http://testserver{article.url}",
        f"http://testserver{site['news'].url}",
    }


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(client, site):
    url = site["articles"][0].url
    client.get(url)
    assert state(client, url) is None
