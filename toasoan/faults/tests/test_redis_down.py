"""Redis down: pages come from the database, comments are taken, no 500."""

import logging
import time

import pytest
from django.core.cache import caches
from django.utils import timezone

from toasoan.comments import captcha, limits
from toasoan.comments.models import Comment
from toasoan.faults import cache as cachefail
from toasoan.faults.cache import CacheUnavailable
from toasoan.pagecache import store
from toasoan.reach.models import ArticleViewCount
from toasoan.reach.views_count import hour_of

from .conftest import READER

PAGES = {
    "home": lambda s: "/",
    "section": lambda s: s["section"].url,
    "article": lambda s: s["article"].url,
    "search": lambda s: "/tim-kiem/?q=đất+đai",
    "videos": lambda s: "/video/",
    "video": lambda s: s["video"].get_absolute_url(),
    "print": lambda s: s["archive"].url,
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_are_served_from_the_database(client, site, redis_down, page, settings):
    settings.PAGE_CACHE_SECONDS = 600  # the page cache is in Redis too
    started = time.monotonic()
    response = client.get(PAGES[page](site))
    assert response.status_code == 200
    # A hung Redis costs one socket timeout (0.5 s), then is left alone.
    assert time.monotonic() - started < 3


def test_most_read_box_comes_from_the_flushed_counts(client, site, redis_down):
    ArticleViewCount.objects.create(
        article=site["article"], hour=hour_of(timezone.now()), count=42
    )
    html = client.get("/").content.decode()
    assert "Quốc hội thông qua Luật Đất đai sửa đổi" in html
    assert "Đọc nhiều" in html


def test_view_beacon_answers_without_counting(client, site, redis_down):
    url = f"/api/v1/views/{site['article'].pk}/"
    assert client.post(url, **READER).status_code == 204
    assert client.post("/api/v1/views/999999/", **READER).status_code == 404


def post(client, article, data):
    return client.post(article.url, data, REMOTE_ADDR="203.0.113.9")


def test_comment_is_accepted_and_waits_for_moderation(
    client, site, redis_down, comment_data
):
    response = post(client, site["article"], comment_data())
    assert response.status_code == 303
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_flood_limit_still_holds_in_this_process(
    client, site, redis_down, comment_data
):
    assert post(client, site["article"], comment_data()).status_code == 303
    again = comment_data(body="Một ý kiến khác, gửi ngay sau ý kiến đầu.")
    response = post(client, site["article"], again)
    assert response.status_code == 429
    assert "Bạn vừa gửi ý kiến; vui lòng đợi" in response.content.decode()
    assert Comment.objects.count() == 1


def test_a_used_captcha_is_still_refused(client, site, redis_down, comment_data):
    data = comment_data()
    assert post(client, site["article"], data).status_code == 303
    data.update(email="khac@example.vn", body="Gửi lại bằng mã cũ, nội dung mới.")
    response = post(client, site["article"], data)
    assert response.status_code == 400
    assert "Mã bảo vệ này đã được dùng" in response.content.decode()


def test_wrong_answers_still_kill_the_code(client, site, redis_down, comment_data):
    data = comment_data(answer="00000")
    for _ in range(3):
        response = post(client, site["article"], data)
        assert response.status_code == 400
    challenge = captcha.load(data["captcha_token"])
    data["captcha_answer"] = captcha.answer_for(challenge)  # right, but too late
    response = post(client, site["article"], data)
    assert response.status_code == 400
    assert "Mã bảo vệ" in response.content.decode()
    assert not Comment.objects.exists()


def test_dead_cache_answers_as_a_miss(redis_down):
    cache = caches["default"]
    assert cache.get("x", "mặc định") == "mặc định"
    assert cache.add("x", 1) is False
    assert cache.set("x", 1) is None
    assert cache.get_many(["x", "y"]) == {}
    assert cache.set_many({"x": 1, "y": 2}) == ["x", "y"]
    assert cache.has_key("x") is False
    assert cache.delete("x") is False
    assert cache.touch("x") is False
    assert cache.get_or_set("x", "tính lại") == "tính lại"
    with pytest.raises(ValueError):
        cache.incr("x")
    with pytest.raises(ValueError):
        cache.decr("x")
    with pytest.raises(CacheUnavailable):
        caches["limits"].add("x", 1)


def test_outage_is_logged_once_and_not_retried_at_once(redis_down, caplog):
    cache = caches["views"]
    with caplog.at_level(logging.WARNING, logger="toasoan.faults.cache"):
        cache.get("a")
        started = time.monotonic()
        for key in range(50):
            cache.get(f"k{key}")
        elapsed = time.monotonic() - started
    warnings = [r for r in caplog.records if r.name == "toasoan.faults.cache"]
    assert len(warnings) == 1 and "unavailable" in warnings[0].getMessage()
    assert elapsed < 0.2  # the breaker is open: no socket for the next calls


def test_what_is_done_while_down_does_not_keep_redis_down(redis_down):
    """Pages rendered while Redis is down save themselves through a stand-in
    that fails at once: that must not push the next try further back, or a
    steady flow of pages keeps a Redis that came back unused (issue 19)."""
    cache = store.cache()
    cache.get("a")  # a real failure: the server is left alone for a while
    until = cachefail._down_until[cache._server_key]
    time.sleep(0.01)
    store.save("/a/", store.Entry(200, (), b""), {"site"}, 60)
    cache.get("b")
    assert cachefail._down_until[cache._server_key] == until


def test_redis_is_tried_again_once_another_client_reaches_it(redis_down):
    cache = caches["pages"]
    cache.get("a")
    assert cache.is_down()
    cache.note_up()  # the purge listener subscribed again
    assert not cache.is_down()


def test_configured_caches_work(client, site, comment_data, settings):
    """Whatever the environment configures (real Redis in CI's second run).

    A backend that answered every call as a miss would fail here: the values
    must come back, and the flood limit must be kept in the shared cache.
    """
    limits._fallback.clear()
    for alias in ("default", "limits", "views"):
        cache = caches[alias]
        cache.set("probe", "Tòa Soạn", 60)
        assert cache.get("probe") == "Tòa Soạn"
        assert cache.add("counter", 1, 60) is True
        assert cache.incr("counter") == 2
        cache.delete_many(["probe", "counter"])
    if settings.CACHES["default"]["BACKEND"].endswith("ResilientRedisCache"):
        assert caches["default"]._cache.get_client().ping()

    assert post(client, site["article"], comment_data()).status_code == 303
    again = comment_data(body="Ý kiến thứ hai, quá sớm.")
    assert post(client, site["article"], again).status_code == 429
    assert not limits._fallback._cache  # nothing fell back to process memory


def test_publishing_works_and_purges_nothing(
    client, site, redis_down, settings, django_capture_on_commit_callbacks
):
    from toasoan.news.tests.factories import publish

    settings.PAGE_CACHE_SECONDS = 600
    article = site["article"]
    article.title = "Sửa khi Redis hỏng"
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        publish(article)
    assert time.monotonic() - started < 3
    assert "Sửa khi Redis hỏng" in client.get(article.url).content.decode()
