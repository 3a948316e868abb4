"""JSON-LD, OpenGraph/Twitter and canonical tags, read as a crawler reads them."""

import json
import re
from datetime import datetime

import pytest
from bs4 import BeautifulSoup

from toasoan.news.tests.factories import make_article, make_section

ABSOLUTE = re.compile(r"^https?://[^/]+/")


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def ld_nodes(soup):
    nodes = []
    for script in soup.find_all("script", type="application/ld+json"):
        data = json.loads(script.string)  # valid JSON or the test fails
        assert data["@context"] == "https://schema.org"
        nodes += data.get("@graph", [data])
    return {node["@type"]: node for node in nodes}


def meta(soup, name):
    tag = soup.find("meta", attrs={"property": name}) or soup.find(
        "meta", attrs={"name": name}
    )
    return tag["content"] if tag else None


def has_timezone(value):
    return datetime.fromisoformat(value).utcoffset() is not None


def test_article_news_article(client, article, author):
    soup = soup_of(client, article.url)
    nodes = ld_nodes(soup)
    news = nodes["NewsArticle"]
    assert news["headline"] == article.title
    assert news["datePublished"].endswith("+07:00") and has_timezone(
        news["dateModified"]
    )
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Ngô Khiêm",
            "url": f"http://testserver/tac-gia/{author.slug}/",
        }
    ]
    assert ABSOLUTE.match(news["image"][0])
    assert news["articleSection"] == "Thời sự - Chính trị"
    publisher = news["publisher"]
    assert publisher["name"] and ABSOLUTE.match(publisher["logo"]["url"])
    assert news["mainEntityOfPage"]["@id"] == "http://testserver" + article.url

    crumbs = nodes["BreadcrumbList"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert [c["name"] for c in crumbs][1:] == ["Thời sự - Chính trị", article.title]
    assert all(ABSOLUTE.match(c["item"]) for c in crumbs)


def test_article_opengraph_twitter_canonical(client, article):
    soup = soup_of(client, article.url)
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == "http://testserver" + article.url
    assert meta(soup, "og:url") == canonical
    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:locale") == "vi_VN"
    assert meta(soup, "og:title") == article.title
    assert meta(soup, "og:description") == article.lead
    assert ABSOLUTE.match(meta(soup, "og:image"))
    assert has_timezone(meta(soup, "article:published_time"))
    assert meta(soup, "twitter:card") == "summary_large_image"


def test_script_in_a_title_cannot_break_out(client, section):
    evil = make_article(section, "Tiêu đề </script><script>alert(1)</script> & cộng")
    html = client.get(evil.url).content.decode()
    block = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    ).group(1)
    assert "<" not in block and "\\u003C/script\\u003E" in block
    news = ld_nodes(BeautifulSoup(html, "html.parser"))["NewsArticle"]
    assert news["headline"].startswith("Tiêu đề </script>")


def test_no_inline_script_and_deferred_js(client, article):
    soup = soup_of(client, article.url)
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            continue
        # A module script is deferred without saying so.
        deferred = script.has_attr("defer") or script.get("type") == "module"
        assert script.get("src") and deferred
        assert not (script.string or "").strip()
    printing = soup.find("link", rel="stylesheet", media="print")
    assert printing["href"].endswith("seo/css/print.css")


def test_section_breadcrumbs_nested(client, section):
    nested = make_section(section, "Xây dựng Đảng")
    soup = soup_of(client, nested.url)
    crumbs = ld_nodes(soup)["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs][1:] == ["Thời sự - Chính trị", "Xây dựng Đảng"]
    assert crumbs[-1]["item"] == "http://testserver" + nested.url
    assert meta(soup, "og:type") == "website"


def test_section_listing_page_canonical_keeps_page_number(client, section):
    for i in range(3):
        make_article(section, f"Bài {i}")
    from django.test import override_settings

    with override_settings(NEWS_PAGE_SIZE=1):
        soup = soup_of(client, section.url + "?trang=2&utm_source=x")
    assert soup.find("link", rel="canonical")["href"] == (
        f"http://testserver{section.url}?trang=2"
    )


def test_home_is_a_website_with_search(client, home):
    nodes = ld_nodes(soup_of(client, "/"))
    action = nodes["WebSite"]["potentialAction"]
    assert action["target"] == "http://testserver/tim-kiem/?q={search_term_string}"


@pytest.fixture
def video(db, section, settings, tmp_path):
    from toasoan.videos.tests.factories import make_video

    settings.MEDIA_ROOT = str(tmp_path / "media")
    return make_video(
        "Toàn cảnh Hội nghị", section=section, description="Phóng sự.", duration=65.0
    )


def test_video_object(client, video):
    soup = soup_of(client, video.get_absolute_url())
    node = ld_nodes(soup)["VideoObject"]
    assert node["name"] == "Toàn cảnh Hội nghị"
    assert node["description"] == "Phóng sự."
    assert node["duration"] == "PT1M5S"
    assert has_timezone(node["uploadDate"])
    assert ABSOLUTE.match(node["thumbnailUrl"][0])
    assert ABSOLUTE.match(node["contentUrl"]) and node["contentUrl"].endswith(".mp4")
    assert meta(soup, "og:type") == "video.other"
    assert soup.find("a", class_="share__link--facebook")


def test_share_and_text_size_controls(client, article):
    soup = soup_of(client, article.url)
    from urllib.parse import quote

    url = "http://testserver" + article.url
    facebook = soup.find("a", class_="share__link--facebook")["href"]
    assert facebook == (
        "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")
    )
    assert quote(url, safe="") in soup.find("a", class_="share__link--zalo")["href"]
    assert soup.find("button", attrs={"data-copy-url": url})
    sizes = soup.find(class_="text-size")
    buttons = sizes.find_all("button")
    assert [b["data-text-size"] for b in buttons] == ["-1", "0", "1"]
    # named by their visible text first (WCAG 2.5.3), then by what they do
    assert [b.contents[0].strip() for b in buttons] == ["A−", "A", "A+"]
    assert all(not b.has_attr("aria-label") for b in buttons)
    assert all(b.find(class_="visually-hidden").get_text(strip=True) for b in buttons)
    assert sizes["role"] == "group" and sizes["aria-label"]
    assert soup.find(attrs={"aria-live": "polite", "data-reader-status": True})
    beacon = soup.find("meta", attrs={"name": "toasoan:view-beacon"})["content"]
    assert beacon == f"/api/v1/views/{article.pk}/"


def test_helper_for_other_apps_print_issue_recipe(rf):
    """The recipe in jsonld.py's docstring, as the print-issue page will use it."""
    from datetime import date

    from django.template import Context, Template

    from toasoan.seo import jsonld

    request = rf.get("/tap-chi-in/2022/5/")
    node = jsonld.node(
        "PublicationIssue",
        issueNumber="5",
        datePublished=jsonld.iso_date(date(2022, 5, 1)),
        url=jsonld.absolute(request, "/tap-chi-in/2022/5/"),
        image="",  # empty fields are left out
        isPartOf=jsonld.node(
            "Periodical",
            name="Tạp chí </script> Tòa Soạn",
            publisher=jsonld.publisher(request),
            inLanguage="vi",
        ),
    )
    html = Template("{% load seo_tags %}{% jsonld node %}").render(
        Context({"node": node})
    )
    nodes = ld_nodes(BeautifulSoup(html, "html.parser"))
    issue = nodes["PublicationIssue"]
    assert (
        "image" not in issue and issue["url"] == "http://testserver/tap-chi-in/2022/5/"
    )
    assert issue["isPartOf"]["name"] == "Tạp chí </script> Tòa Soạn"
    assert "</script>" not in html[: html.rindex("</script>")]


@pytest.mark.parametrize("number", ["²", "٣", "9" * 5000, "-2", "2.0", " 2"])
def test_odd_page_numbers_leave_the_canonical_alone(client, article, number):
    """Regression (fuzzing): "?trang=²" or 5,000 digits made every reader page
    a 500 (isdigit() accepts "²", int() refuses both)."""
    from urllib.parse import quote

    response = client.get(f"{article.url}?trang={quote(number)}")
    assert response.status_code == 200
    canonical = BeautifulSoup(response.content, "html.parser").find(
        "link", rel="canonical"
    )
    assert canonical["href"] == "http://testserver" + article.url
