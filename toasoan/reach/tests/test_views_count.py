"""Counting views: a beacon, no database write per view, bots left out,
batched flush to the hourly table, and the 'Đọc nhiều' lists."""

from datetime import timedelta

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from toasoan.news.tests.factories import make_article, make_section
from toasoan.reach import mostread, views_count
from toasoan.reach.models import ArticleViewCount


@pytest.fixture
def no_auto_flush(settings):
    """Hold the opportunistic flush, as if one had just run."""
    caches[settings.REACH_VIEWS_CACHE].add("reach:flush-lock", 1, 600)


def beacon(client, article, agent, **extra):
    return client.post(f"/api/v1/views/{article.pk}/", **agent, **extra)


def writes(ctx):
    return [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_a_view_writes_nothing_to_the_database(
    client, article, reader_agent, no_auto_flush
):
    beacon(client, article, reader_agent)  # warms the "is it live" cache
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(5):
            response = beacon(client, article, reader_agent)
            assert response.status_code == 204
    assert ctx.captured_queries == []
    assert not response.cookies
    assert views_count.pending(views_count.hour_of(timezone.now())) == {article.pk: 6}
    assert ArticleViewCount.objects.count() == 0


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_USER_AGENT": "Googlebot/2.1 (+http://www.google.com/bot.html)"},
        {"HTTP_USER_AGENT": "facebookexternalhit/1.1"},
        {"HTTP_USER_AGENT": "curl/8.5.0"},
        {"HTTP_USER_AGENT": "Mozilla/5.0 HeadlessChrome/126.0"},
        {"HTTP_USER_AGENT": ""},
        {"HTTP_USER_AGENT": "Mozilla/5.0 Chrome/126", "HTTP_SEC_PURPOSE": "prefetch"},
    ],
)
def test_bots_and_prefetches_are_not_counted(client, article, headers):
    response = client.post(f"/api/v1/views/{article.pk}/", **headers)
    assert response.status_code == 204
    assert views_count.pending(views_count.hour_of(timezone.now())) == {}


def test_beacon_refuses_get_drafts_and_unknown_ids(client, section, reader_agent):
    draft = make_article(section, "Bản nháp", live=False)
    assert client.get(f"/api/v1/views/{draft.pk}/", **reader_agent).status_code == 405
    response = client.post(f"/api/v1/views/{draft.pk}/", **reader_agent)
    assert response.status_code == 404 and response.json()["error"]
    assert client.post("/api/v1/views/999999/", **reader_agent).status_code == 404
    assert client.post("/api/v1/views/abc/", **reader_agent).status_code == 404


def test_flush_moves_counts_once_and_keeps_later_views(article, section):
    other = make_article(section, "Bài khác")
    now = timezone.now()
    for _ in range(3):
        views_count.record_view(article.pk, now)
    views_count.record_view(other.pk, now)
    views_count.record_view(article.pk, now - timedelta(hours=1))
    assert views_count.flush(now) == 5
    assert views_count.flush(now) == 0  # nothing counted twice
    views_count.record_view(article.pk, now)
    assert views_count.flush(now) == 1
    rows = {(r.article_id, r.hour): r.count for r in ArticleViewCount.objects.all()}
    hour = views_count.hour_of(now)
    assert rows == {
        (article.pk, hour): 4,
        (other.pk, hour): 1,
        (article.pk, hour - timedelta(hours=1)): 1,
    }


def test_beacon_flushes_now_and_then(client, article, reader_agent):
    beacon(client, article, reader_agent)  # no lock held: this one flushes
    beacon(client, article, reader_agent)  # inside the flush interval: cached
    assert ArticleViewCount.objects.get().count == 1
    assert views_count.pending(views_count.hour_of(timezone.now())) == {article.pk: 1}


def test_command_flushes_and_prunes(article, capsys):
    now = timezone.now()
    views_count.record_view(article.pk, now)
    ArticleViewCount.objects.create(
        article=article, hour=views_count.hour_of(now) - timedelta(days=9), count=7
    )
    call_command("flush_view_counts")
    assert list(ArticleViewCount.objects.values_list("count", flat=True)) == [1]


def counts(article, hours_ago, value):
    hour = views_count.hour_of(timezone.now()) - timedelta(hours=hours_ago)
    ArticleViewCount.objects.create(article=article, hour=hour, count=value)


@pytest.fixture
def readership(home, section, article):
    economy = make_section(home, "Kinh tế")
    old_hit = make_article(economy, "Bài được đọc cả tuần")
    fresh = make_article(section, "Tin nóng hôm nay")
    draft = make_article(section, "Đã gỡ", live=True)
    counts(article, 2, 10)
    counts(fresh, 1, 30)
    counts(old_hit, 3 * 24, 100)
    counts(draft, 1, 500)
    draft.unpublish()
    counts(article, 9 * 24, 1000)  # outside 7 days
    return {"article": article, "fresh": fresh, "old_hit": old_hit}


def titles(items):
    return [item["title"] for item in items]


def test_most_read_windows(readership, section):
    data = mostread.compute()
    assert titles(data["day"]) == ["Tin nóng hôm nay", readership["article"].title]
    assert titles(data["week"]) == [
        "Bài được đọc cả tuần",
        "Tin nóng hôm nay",
        readership["article"].title,
    ]
    in_section = mostread.compute(section)
    assert "Bài được đọc cả tuần" not in titles(in_section["week"])
    assert data["day"][0]["url"] == readership["fresh"].url


def render_tag(source, **context):
    request = RequestFactory().get("/")
    return Template("{% load reach_tags %}" + source).render(
        Context({"request": request, **context})
    )


def cold_caches():
    """Empty the caches the box reads (its lists; the restricted paths)."""
    from django.core.cache import caches

    cache.clear()
    caches["pages"].clear()


def test_most_read_tag_costs_fixed_queries_then_none(readership, home):
    cold_caches()
    with CaptureQueriesContext(connection) as cold:
        html = render_tag("{% most_read %}")
    assert "Tin nóng hôm nay" in html and "Bài được đọc cả tuần" in html
    for i in range(6):
        counts(make_article(readership["fresh"].get_parent(), f"Thêm {i}"), 1, i + 1)
    cold_caches()
    with CaptureQueriesContext(connection) as cold_more:
        render_tag("{% most_read %}")
    assert len(cold.captured_queries) == len(cold_more.captured_queries) <= 5
    with CaptureQueriesContext(connection) as warm:
        render_tag("{% most_read %}")
    assert warm.captured_queries == []


def test_unpublishing_forgets_the_cached_list(readership):
    assert "Tin nóng hôm nay" in render_tag("{% most_read %}")
    readership["fresh"].unpublish()
    assert "Tin nóng hôm nay" not in render_tag("{% most_read %}")


def test_section_tag_and_empty_box(readership, section, home):
    html = render_tag("{% most_read section %}", section=section)
    assert "Tin nóng hôm nay" in html and "Bài được đọc cả tuần" not in html
    ArticleViewCount.objects.all().delete()
    cache.clear()
    assert render_tag("{% most_read %}").strip() == ""


def test_with_a_shared_cache_the_worker_flushes(
    client, article, reader_agent, monkeypatch
):
    """With Redis, the beacon hands the batch to the django-tasks worker
    (ImmediateBackend in tests: it runs at once)."""
    monkeypatch.setattr(views_count, "shared", lambda: True)
    old = ArticleViewCount.objects.create(
        article=article, hour=views_count.hour_of(timezone.now()) - timedelta(days=9)
    )
    beacon(client, article, reader_agent)
    assert ArticleViewCount.objects.get().count == 1
    assert not ArticleViewCount.objects.filter(pk=old.pk).exists()  # pruned
