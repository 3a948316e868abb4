"""Shared blocks are cached once and follow the purges of what they show."""

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from toasoan.news.tests import factories
from toasoan.pagecache import fragments, tags
from toasoan.videos.tests.factories import make_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site):
    return site["articles"][0]


def corner(html):
    start = html.index("video-corner")
    return html[start : start + 3000]


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_new_video_shows_in_the_corner_at_once(client, article):
    assert "Clip mới" not in client.get(article.url).content.decode()
    make_video("Clip mới")
    assert "Clip mới" in corner(client.get(article.url).content.decode())


@override_settings(PAGE_CACHE_SECONDS=0)
def test_a_renamed_section_shows_in_every_menu(client, site):
    client.get(site["other"].url)
    site["news"].title = "Thời sự - Chính trị"
    factories.publish(site["news"])
    html = client.get(site["other"].url).content.decode()
    menu = html[html.index('class="nav__list') :][:2000]
    assert "Thời sự - Chính trị" in menu


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cached_blocks_cost_no_query(client, article, django_assert_num_queries):
    client.get(article.url)
    with django_assert_num_queries(0):
        html = fragments_only(client, article)
    assert html


def fragments_only(client, article):
    """Render the blocks alone, as the article template does."""
    from django.template import Context, Template

    request = RequestFactory().get(article.url)
    template = Template(
        "{% load cache print_tags video_tags pagecache_tags %}"
        '{% cache 3600 print_box fresh|shows:"print" %}{% print_box %}{% endcache %}'
        '{% cache 3600 video_corner fresh|shows:"videos" %}'
        "{% video_corner %}{% endcache %}"
    )
    fresh = fragments.Generations(request)
    for _ in range(2):  # the first fills the cache
        html = template.render(Context({"request": request, "fresh": fresh}))
    return html


def test_showing_a_generation_tags_the_page():
    request = RequestFactory().get("/")
    fresh = fragments.Generations(request)
    assert isinstance(fresh.show("print"), int)
    assert tags.of(request) == {tags.PRINT}
    with pytest.raises(ValueError):
        fresh.show("anything_else")


def test_reading_a_generation_has_no_side_effect():
    """Only `show` tags the page: an attribute read is no way to ask."""
    request = RequestFactory().get("/")
    fresh = fragments.Generations(request)
    assert isinstance(fresh.peek("print"), int)
    assert fresh.of(tags.PRINT, tags.VIDEOS)
    assert tags.of(request) == set()
    with pytest.raises(AttributeError):
        fresh.print  # noqa: B018


def test_the_shows_filter_tags_the_page_and_tolerates_no_generations():
    from django.template import Context, Template

    request = RequestFactory().get("/")
    fresh = fragments.Generations(request)
    template = Template('{% load pagecache_tags %}[{{ fresh|shows:"videos" }}]')
    html = template.render(Context({"fresh": fresh}))
    assert html == f"[{fresh.peek('videos')}]"
    assert tags.of(request) == {tags.VIDEOS}
    assert template.render(Context({})) == "[]"


def test_generations_start_from_the_clock_and_only_go_up():
    """After Redis loses them, no old generation number comes back."""
    caches["default"].clear()
    first = fragments.Generations(RequestFactory().get("/")).peek("videos")
    assert first > 1_000_000_000  # microseconds since 1970, not 0
    fragments.bump([tags.VIDEOS, "page:1"])
    assert fragments.Generations(RequestFactory().get("/")).peek("videos") == first + 1
