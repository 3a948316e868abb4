"""Reader pages: what a reader sees on home, section, article, author, tag."""

from datetime import datetime, timedelta

import pytest
from django.test import override_settings
from wagtail.rich_text import RichText

from toasoan.vietnamese import TIMEZONE

from .factories import make_article, make_author, make_image, make_section

T0 = datetime(2022, 1, 12, 18, 31, tzinfo=TIMEZONE)


@pytest.fixture
def newsroom(home, section, author):
    """Two sections with a few articles each; the newest is the lead."""
    economy = make_section(home, "Kinh tế")
    other = make_author("Trần Thị Hòa")
    old = make_article(section, "Bài cũ về Đảng", published=T0 - timedelta(days=2))
    story = make_article(
        section,
        "Đổi mới phương thức lãnh đạo",
        published=T0,
        authors=[author, other],
        tags=["Đảng", "cán bộ"],
        lead="Sapo: hội nghị bàn về đổi mới.",
        image=make_image(),
        body=[
            ("paragraph", RichText("<p>Đoạn mở đầu của bài.</p>")),
            (
                "photo",
                {
                    "image": make_image(),
                    "caption": "Toàn cảnh hội nghị.",
                    "credit": "TS",
                },
            ),
            ("photo", {"image": None, "caption": "Ảnh đã mất, chú thích còn."}),
            ("quote", {"text": "Dân là gốc.", "attribution": "Một đại biểu"}),
        ],
    )
    market = make_article(economy, "Thị trường cuối năm", published=T0 + timedelta(1))
    draft = make_article(section, "Bản nháp chưa đăng", live=False)
    return {"story": story, "old": old, "market": market, "draft": draft}


def test_home_page_shows_lead_latest_and_section_blocks(client, newsroom):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    lead_at = html.index("Thị trường cuối năm")
    assert "card--lead" in html[: lead_at + 500]
    assert "Đổi mới phương thức lãnh đạo" in html
    assert 'id="sb-' in html and ">Kinh tế</a></h2>" in html
    assert "Bản nháp chưa đăng" not in html


def test_section_page_lists_newest_first_and_paginates(client, section):
    for i in range(5):
        make_article(section, f"Bài số {i}", published=T0 + timedelta(hours=i))
    with override_settings(NEWS_PAGE_SIZE=2):
        first = client.get(section.url).content.decode()
        second = client.get(section.url + "?trang=2").content.decode()
        missing = client.get(section.url + "?trang=9")
        junk = client.get(section.url + "?trang=abc")
    assert first.index("Bài số 4") < first.index("Bài số 3")
    assert "Bài số 2" not in first
    assert "Bài số 2" in second and "Bài số 1" in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert missing.status_code == 404 and junk.status_code == 404


def test_nested_section_lists_its_articles_and_parent_includes_them(client, section):
    child = make_section(section, "Công tác cán bộ")
    make_article(child, "Bài trong mục con")
    assert child.url == "/thoi-su-chinh-tri/cong-tac-can-bo/"
    assert "Bài trong mục con" in client.get(child.url).content.decode()
    parent_html = client.get(section.url).content.decode()
    assert "Bài trong mục con" in parent_html
    assert "Công tác cán bộ" in parent_html


def test_article_page_shows_everything(client, newsroom):
    story = newsroom["story"]
    assert story.url == "/thoi-su-chinh-tri/doi-moi-phuong-thuc-lanh-dao/"
    response = client.get(story.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="story__title">Đổi mới phương thức lãnh đạo</h1>' in html
    assert "18:31&#x27; 12/1/2022" in html
    assert "Sapo: hội nghị bàn về đổi mới." in html
    assert "Đoạn mở đầu của bài." in html
    assert "<figcaption>Toàn cảnh hội nghị." in html
    assert "Ảnh đã mất, chú thích còn." in html
    assert "Dân là gốc." in html and "Một đại biểu" in html
    assert '>Ngô Văn Bút</a>, <a href="/tac-gia/tran-thi-hoa/">Trần Thị Hòa</a>' in html
    assert 'href="/the/dang/">Đảng</a>' in html
    assert 'class="breadcrumbs"' in html
    assert 'href="/thoi-su-chinh-tri/">Thời sự - Chính trị</a>' in html


def test_related_articles_are_the_same_section_without_itself(client, newsroom):
    html = client.get(newsroom["story"].url).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert "Bài cũ về Đảng" in related
    assert "Đổi mới phương thức lãnh đạo" not in related
    assert "Thị trường cuối năm" not in related
    assert "Bản nháp chưa đăng" not in related


def test_author_page_lists_their_articles(client, newsroom, author):
    html = client.get(f"/tac-gia/{author.slug}/").content.decode()
    assert author.slug == "ngo-van-but"
    assert "Ngô Văn Bút" in html and "Phóng viên" in html
    assert "Đổi mới phương thức lãnh đạo" in html
    assert "Thị trường cuối năm" not in html
    assert client.get("/tac-gia/khong-co/").status_code == 404


def test_tag_page_lists_tagged_articles(client, newsroom):
    response = client.get("/the/dang/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đổi mới phương thức lãnh đạo" in html
    assert "Bài cũ về Đảng" not in html
    assert client.get("/the/khong-co/").status_code == 404


def test_draft_article_is_not_served(client, newsroom):
    assert client.get(newsroom["draft"].url or "/x/").status_code == 404


def test_404_page_is_vietnamese(client, home):
    response = client.get("/khong-ton-tai/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in html
    assert '<html lang="vi">' in html


def test_500_page_is_vietnamese(rf):
    from toasoan.core.views import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi máy chủ" in html


def test_unicode_section_slug_is_ascii(section):
    assert section.slug == "thoi-su-chinh-tri"
    assert section.url == "/thoi-su-chinh-tri/"


@pytest.mark.parametrize("slug", ["tac-gia", "the", "tim-kiem"])
def test_reserved_section_slugs_are_refused(home, slug):
    from django.core.exceptions import ValidationError

    from toasoan.news.models import SectionPage

    page = SectionPage(title="Mục", slug=slug)
    with pytest.raises(ValidationError):
        home.add_child(instance=page)


def test_reader_pages_are_vietnamese_whatever_the_browser_asks(client, newsroom):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Tin mới" in html and ">Trang chủ</a>" in html
    assert "Latest" not in html
