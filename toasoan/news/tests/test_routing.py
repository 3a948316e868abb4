"""On a page-cache miss the page at an address is looked up once.

The home page's route finds an article by its address in one query, and
keeps what the address led to in process memory (news/caching.py). That
memo is read once per request, by SiteLookupMiddleware (which wants the
article's own generations in the same round trip as the shared ones); the
route takes the same answer. An address of two parts or more that leads to
another page (a subsection, an author's page) is not looked up as an article
first and then again by Wagtail's route: the second time, only Wagtail's
route looks it up; an author's or a tag's page never makes the article query.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from toasoan.pagecache import memo, store
from toasoan.pagecache.keys import address as address_of

from .factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

# Queries of a page-cache miss with every memo warm (counted before the
# change: 9, 8 and 8, the article query made and thrown away each time).
EXPECTED = {"subsection": 8, "author": 7, "tag": 7, "article": 0}


@pytest.fixture
def pages(home):
    section = make_section(home, "Thời sự")
    subsection = make_section(section, "Mục con")
    author = make_author("Trần Thị Lan")
    article = make_article(section, "Tin chính", authors=[author], tags=["x"])
    make_article(subsection, "Tin con")
    return {
        "subsection": subsection.url,
        "author": f"/tac-gia/{author.slug}/",
        "tag": "/the/x/",
        "article": article.url,
    }


def dropped(client, url):
    """Serve `url`, then drop it from the page cache: the next is a miss."""
    response = client.get(url)
    assert response.status_code == 200
    meta = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": url,
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
    }
    store.cache().delete(store.entry_key(address_of(meta)))


def article_lookups(queries):
    return [q for q in queries if '"url_path" =' in q["sql"]]


@override_settings(PAGE_CACHE_SECONDS=600, PAGE_FRAGMENT_SECONDS=600)
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_a_miss_looks_the_page_up_once(client, pages, page):
    url = pages[page]
    for _ in range(3):
        dropped(client, url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    assert response.headers.get("X-Page-Cache") == "miss"
    if page != "article":
        assert article_lookups(ctx.captured_queries) == []
    assert len(ctx.captured_queries) == EXPECTED[page], page


@override_settings(PAGE_CACHE_SECONDS=600, PAGE_FRAGMENT_SECONDS=600)
def test_the_first_miss_of_a_subsection_makes_the_article_query_once(client, pages):
    with CaptureQueriesContext(connection) as ctx:
        dropped(client, pages["subsection"])
    assert len(article_lookups(ctx.captured_queries)) == 1


@override_settings(PAGE_CACHE_SECONDS=600, PAGE_FRAGMENT_SECONDS=600)
def test_an_authors_page_never_makes_the_article_query(client, pages):
    with CaptureQueriesContext(connection) as ctx:
        dropped(client, pages["author"])
    assert article_lookups(ctx.captured_queries) == []


@override_settings(PAGE_CACHE_SECONDS=600, PAGE_FRAGMENT_SECONDS=600)
def test_what_the_address_led_to_is_read_once_per_request(client, pages, monkeypatch):
    url = pages["article"]
    for _ in range(2):
        dropped(client, url)
    local = caches[memo.STORE]
    address = memo.ADDRESSES.key((f"testserver:80{url}",))
    reads = []
    real_get = local.get

    def get(key, *args, **kwargs):
        reads.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(local, "get", get)
    assert client.get(url).headers.get("X-Page-Cache") == "miss"
    assert reads.count(address) == 1  # was 2: the middleware's, the route's
