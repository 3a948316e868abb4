"""RSS feeds: every article, a section's, an author's; announced in <head>."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from toasoan.news.tests.factories import make_article, make_section


def channel(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def titles(chan):
    return [item.findtext("title") for item in chan.findall("item")]


def test_site_feed_has_articles_in_vietnamese_with_enclosure(client, article):
    make_article(article.get_parent(), "Bản nháp chưa đăng", live=False)
    chan = channel(client.get("/rss/"))
    assert chan.findtext("language") == "vi"
    assert titles(chan) == [article.title]  # the draft is not there
    item = chan.find("item")
    assert item.findtext("description") == "Sáng 12/1, Hội nghị khai mạc tại Hà Nội."
    assert item.findtext("link") == "http://testserver" + article.url
    assert item.findtext("category") == "Thời sự - Chính trị"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ngô Khiêm"
    assert item.findtext("pubDate").endswith("+0700")
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("http://testserver/media/")
    assert enclosure.get("type") == "image/png"
    assert int(enclosure.get("length")) > 0


def test_section_feed_only_has_its_section(client, home, article):
    other = make_section(home, "Kinh tế")
    make_article(other, "Giá lúa tăng")
    nested = make_section(article.get_parent(), "Xây dựng Đảng")
    make_article(nested, "Bài ở mục con")
    chan = channel(client.get("/rss/thoi-su-chinh-tri/"))
    assert chan.findtext("title").startswith("Thời sự - Chính trị")
    assert set(titles(chan)) == {article.title, "Bài ở mục con"}
    assert titles(channel(client.get("/rss/thoi-su-chinh-tri/xay-dung-dang/"))) == [
        "Bài ở mục con"
    ]


def test_author_feed(client, article, author):
    make_article(article.get_parent(), "Bài của người khác")
    chan = channel(client.get(f"/rss/tac-gia/{author.slug}/"))
    assert titles(chan) == [article.title]
    assert "Ngô Khiêm" in chan.findtext("title")


@pytest.mark.parametrize("url", ["/rss/khong-co/", "/rss/tac-gia/khong-co/"])
def test_unknown_feed_is_404(client, home, url):
    assert client.get(url).status_code == 404


def feed_links(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [
        link["href"]
        for link in soup.find_all("link", rel="alternate")
        if link.get("type") == "application/rss+xml"
    ]


def test_pages_announce_their_feeds(client, article, author):
    assert feed_links(client, "/") == ["/rss/"]
    assert feed_links(client, "/thoi-su-chinh-tri/") == [
        "/rss/",
        "/rss/thoi-su-chinh-tri/",
    ]
    assert feed_links(client, f"/tac-gia/{author.slug}/") == [
        "/rss/",
        f"/rss/tac-gia/{author.slug}/",
    ]
    assert "/rss/thoi-su-chinh-tri/" in feed_links(client, article.url)


def test_rss_is_a_reserved_section_slug(home):
    from django.core.exceptions import ValidationError

    from toasoan.news.models import SectionPage

    with pytest.raises(ValidationError):
        home.add_child(instance=SectionPage(title="RSS", slug="rss"))
