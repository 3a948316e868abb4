"""A new content type plugs in by its own app alone.

testapps/notes (installed by the test settings only) declares a page type,
what its pages show and what its changes purge (its cache_rules.py) and what
its pages announce in their <head> (NotePage.seo_head): neither
toasoan.pagecache nor toasoan.reach names it.
"""

import pytest
from bs4 import BeautifulSoup

from testapps.notes.models import NotePage
from toasoan.news.tests import factories
from toasoan.pagecache import rules, tags

pytestmark = pytest.mark.django_db


def state(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.headers.get("X-Page-Cache")


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert state(client, url) == "hit", url


def add_note(title, text=""):
    note = NotePage(title=title, text=text)
    factories.home().add_child(instance=note)
    return factories.publish(note)


def test_its_pages_record_what_its_rules_say():
    note = NotePage(pk=7, path="000100010007", depth=3)
    assert set(rules.for_page(NotePage).shows(note)) == {
        tags.page(7),
        tags.listing("note", "all"),
    }


def test_a_new_note_enters_the_lists_of_notes_and_purges_nothing_else(
    client, site, committed
):
    first = committed(add_note, "Ghi chú thứ nhất")
    article = site["articles"][0]
    warm(client, first.url, site["home"].url, article.url)

    committed(add_note, "Ghi chú thứ hai")

    response = client.get(first.url)
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Ghi chú thứ hai" in response.content.decode()
    # Not in the menu: unlike a page type without rules, it leaves "site" be.
    assert state(client, site["home"].url) == "hit"
    assert state(client, article.url) == "hit"


def test_an_edited_note_purges_the_pages_listing_it(client, site, committed):
    first = committed(add_note, "Ghi chú thứ nhất")
    second = committed(add_note, "Ghi chú thứ hai")
    warm(client, first.url, second.url, site["home"].url)

    second.title = "Ghi chú đã sửa"
    committed(factories.publish, second)

    for url in (first.url, second.url):
        response = client.get(url)
        assert response.headers["X-Page-Cache"] == "miss", url
        assert "Ghi chú đã sửa" in response.content.decode(), url
    assert state(client, site["home"].url) == "hit"


def test_unpublishing_a_note_removes_it_from_the_lists(client, site, committed):
    first = committed(add_note, "Ghi chú thứ nhất")
    gone = committed(add_note, "Ghi chú sẽ gỡ")
    warm(client, first.url)
    committed(gone.unpublish)
    assert "Ghi chú sẽ gỡ" not in client.get(first.url).content.decode()


def test_its_head_comes_from_its_own_method(client, site):
    note = add_note("Ghi chú", text="Một ghi chú ngắn.")
    soup = BeautifulSoup(client.get(note.url).content, "html.parser")
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert soup.find("meta", property="og:title")["content"] == "Ghi chú: Ghi chú"
    assert soup.find("link", rel="canonical")["href"].endswith(note.url)
