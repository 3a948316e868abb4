"""An article page's own blocks are kept in memory and follow every change.

The text, head, comments and "same section" cards of an article are kept per
process (news/caching.py, `{% fragment %}`); each test reads a page once so
its blocks are kept, changes something, and reads it again.
"""

import pytest
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.test import override_settings
from wagtail.models import PageViewRestriction

from toasoan.comments.models import Comment
from toasoan.news.tests import factories
from toasoan.pagecache import fragments, store, tags

pytestmark = pytest.mark.django_db
uncached = override_settings(PAGE_CACHE_SECONDS=0)


def related_block(html):
    start = html.index('id="related-heading"')
    return html[start : html.index("</aside>", start)]


@uncached
def test_an_edit_shows_at_once(client, site):
    article = site["articles"][0]
    client.get(article.url)
    article.title = "Tiêu đề đã sửa"
    article.lead = "Sapo mới của bài."
    factories.publish(article)
    html = client.get(article.url).content.decode()
    assert "Tiêu đề đã sửa" in html
    assert "Sapo mới của bài." in html
    assert '"headline": "Tiêu đề đã sửa"' in html  # the kept head too


@uncached
def test_an_approved_comment_shows_at_once(client, site):
    article = site["articles"][0]
    client.get(article.url)
    comment = Comment.objects.create(
        article=article, name="Bạn đọc Huệ", email="hue@example.vn", body="Hay quá"
    )
    assert "Bạn đọc Huệ" not in client.get(article.url).content.decode()
    comment.status = Comment.Status.APPROVED
    comment.save()
    html = client.get(article.url).content.decode()
    assert "Bạn đọc Huệ" in html
    assert 'class="comments__count">(1)' in html


@uncached
def test_a_new_article_joins_the_same_section_cards(client, site):
    article = site["articles"][0]
    assert "Tin mới nhất" not in related_block(client.get(article.url).content.decode())
    factories.make_article(site["news"], "Tin mới nhất")
    assert "Tin mới nhất" in related_block(client.get(article.url).content.decode())


@uncached
def test_a_renamed_neighbour_shows_in_the_cards(client, site):
    article, neighbour = site["articles"][0], site["articles"][1]
    assert neighbour.title in related_block(client.get(article.url).content.decode())
    neighbour.title = "Tin láng giềng đổi tên"
    factories.publish(neighbour)
    cards = related_block(client.get(article.url).content.decode())
    assert "Tin láng giềng đổi tên" in cards
    neighbour.unpublish()
    cards = related_block(client.get(article.url).content.decode())
    assert "Tin láng giềng đổi tên" not in cards


@uncached
def test_a_kept_article_costs_no_query(client, site, django_assert_num_queries):
    article = site["articles"][0]
    client.get(article.url)  # the address is learnt
    client.get(article.url)  # the article and its blocks are kept
    with django_assert_num_queries(0):
        assert client.get(article.url).status_code == 200


@uncached
@pytest.mark.parametrize("seconds", [0, 600])
def test_kept_or_not_the_page_is_the_same(client, site, settings, seconds):
    """PAGE_FRAGMENT_SECONDS=0 makes every block afresh: same page."""
    article = site["articles"][0]
    client.get(article.url)
    kept = client.get(article.url).content
    settings.PAGE_FRAGMENT_SECONDS = seconds
    assert client.get(article.url).content == kept


@uncached
def test_a_moved_article_leaves_its_old_address_at_once(client, site):
    article, culture = site["articles"][0], site["culture"]
    old = article.url
    client.get(old)
    client.get(old)
    article.move(culture, pos="last-child")
    article.refresh_from_db()
    response = client.get(old)  # Wagtail's automatic redirect, not a kept copy
    assert (response.status_code, response["Location"]) == (301, article.url)
    assert client.get(article.url).status_code == 200


@uncached
def test_an_unpublished_article_is_gone_at_once(client, site):
    article = site["articles"][0]
    client.get(article.url)
    client.get(article.url)
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_a_page_made_from_kept_blocks_is_tagged_like_a_fresh_one(
    client, site, committed
):
    """The cards' tags are replayed from the kept block: renaming a neighbour
    still purges the cached page, though its cards were not read again."""
    article, neighbour = site["articles"][0], site["articles"][1]
    client.get(article.url)  # creates the comment settings: purges "site"
    caches["pages"].clear()
    client.get(article.url)  # kept blocks made, page stored
    # The page and the list of pages showing the neighbour, not the kept
    # blocks' generations (which live in the same store).
    store.forget({tags.page(neighbour.pk)}, {"http://testserver" + article.url})
    again = client.get(article.url)  # made from the kept blocks, stored again
    assert again["X-Page-Cache"] == "miss"
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    neighbour.title = "Láng giềng mới"
    committed(factories.publish, neighbour)
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Láng giềng mới" in related_block(response.content.decode())


def test_a_view_restriction_purges_every_cached_page(client, site, committed):
    article = site["articles"][0]
    client.get(article.url)
    assert client.get(article.url)["X-Page-Cache"] == "hit"
    committed(
        PageViewRestriction.objects.create,
        page=site["news"],
        restriction_type=PageViewRestriction.PASSWORD,
        password="bimat",
    )
    response = client.get(article.url)
    assert response.status_code == 200
    assert "bimat" not in response.content.decode()
    assert article.title not in response.content.decode()  # the password form


def test_without_the_shared_store_no_block_is_kept(monkeypatch, rf):
    """Redis down: purges cannot reach this process, so nothing is kept."""
    monkeypatch.setattr(store, "cache", lambda: DummyCache("dummy", {}))
    first = fragments.Generations(rf.get("/")).of("page:1")
    second = fragments.Generations(rf.get("/")).of("page:1")
    assert first != second
    assert fragments.Generations(rf.get("/")).peek("site") != first
