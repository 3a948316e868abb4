"""sitemap.xml (pages, videos, authors), the Google News sitemap, robots.txt."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from toasoan.news.tests.factories import make_article

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(response):
    assert response.status_code == 200
    return ET.fromstring(response.content)


@pytest.fixture
def video(section, settings, tmp_path):
    from toasoan.videos.tests.factories import make_video

    settings.MEDIA_ROOT = str(tmp_path / "media")
    return make_video("Clip hội nghị", section=section)


def test_index_lists_the_sections(client, article):
    root = xml(client.get("/sitemap.xml"))
    locs = [e.findtext(f"{SM}loc") for e in root.findall(f"{SM}sitemap")]
    assert locs == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-videos.xml",
        "http://testserver/sitemap-authors.xml",
    ]


def test_sections_hold_pages_videos_authors(client, article, author, video):
    draft = make_article(article.get_parent(), "Bản nháp", live=False)
    pages = [e.findtext(f"{SM}loc") for e in xml(client.get("/sitemap-pages.xml"))]
    assert any(loc.endswith(article.url) for loc in pages)
    assert not any(loc.endswith(draft.slug + "/") for loc in pages)
    videos = [e.findtext(f"{SM}loc") for e in xml(client.get("/sitemap-videos.xml"))]
    assert videos == [f"http://testserver/video/{video.slug}/"]
    authors = [e.findtext(f"{SM}loc") for e in xml(client.get("/sitemap-authors.xml"))]
    assert authors == [f"http://testserver/tac-gia/{author.slug}/"]
    assert client.get("/sitemap-khac.xml").status_code == 404


def test_google_news_sitemap_has_the_last_48_hours(client, article, section):
    make_article(section, "Bài cũ", published=timezone.now() - timedelta(days=3))
    root = xml(client.get("/sitemap-news.xml"))
    urls = root.findall(f"{SM}url")
    assert len(urls) == 1
    news = urls[0].find(f"{NEWS}news")
    assert urls[0].findtext(f"{SM}loc") == "http://testserver" + article.url
    publication = news.find(f"{NEWS}publication")
    assert publication.findtext(f"{NEWS}name") == "Tạp chí Tòa Soạn"
    assert publication.findtext(f"{NEWS}language") == "vi"
    when = news.findtext(f"{NEWS}publication_date")
    assert when.endswith("+07:00") and datetime.fromisoformat(when).utcoffset()
    assert news.findtext(f"{NEWS}title") == article.title


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ("/admin/", "/tim-kiem/", "/api/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
