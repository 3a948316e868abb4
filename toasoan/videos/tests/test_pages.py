"""Reader pages: the listing, a video's page, the corner, the article block."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.test import override_settings
from django.utils import timezone
from django.utils.html import escape

from toasoan.news.tests.factories import make_article
from toasoan.videos.models import Video
from toasoan.vietnamese import format_datetime

HIDDEN = [
    {"published": False},
    {"status": Video.Status.PROCESSING},
    {"status": Video.Status.FAILED},
    {"published_at": timezone.now() + timedelta(days=1)},
]


def test_listing_shows_public_videos_newest_first(client, make_video, section):
    now = timezone.now()
    old = make_video("Clip cũ hơn", published_at=now - timedelta(days=2))
    new = make_video("Clip mới nhất", section=section)
    for i, fields in enumerate(HIDDEN):
        make_video(f"Clip ẩn {i}", **fields)
    response = client.get("/video/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(new.title) < html.index(old.title)
    assert "Clip ẩn" not in html
    assert 'href="/video/clip-moi-nhat/"' in html
    assert "1:05" in html  # duration on the card
    assert escape(format_datetime(new.published_at)) in html


@override_settings(VIDEO_PAGE_SIZE=2)
@pytest.mark.parametrize(
    "query, status, count",
    [("", 200, 2), ("?trang=2", 200, 1), ("?trang=3", 404, 0), ("?trang=x", 404, 0)],
)
def test_listing_pagination(client, make_video, query, status, count):
    for i in range(3):
        make_video(f"Clip số {i}", published_at=timezone.now() - timedelta(hours=i))
    response = client.get(f"/video/{query}")
    assert response.status_code == status
    if status == 200:
        assert response.content.decode().count('class="vcard"') == count


def test_empty_listing(client, db):
    response = client.get("/video/")
    assert response.status_code == 200
    assert "vcard" not in response.content.decode()


def test_detail_page_has_player_and_related(client, make_video, section):
    video = make_video(
        "Toàn cảnh Hội nghị",
        section=section,
        description="Phóng sự về hội nghị.",
        tags=["hội nghị"],
    )
    video.subtitles.save("phu-de.vtt", ContentFile(b"WEBVTT\n"), save=True)
    same_section = make_video("Cùng chuyên mục", section=section)
    same_tag = make_video("Cùng thẻ", tags=["hội nghị"])
    unrelated = make_video("Không liên quan")
    hidden = make_video("Ẩn", section=section, published=False)
    response = client.get(video.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<video" in html and "controls" in html
    assert 'poster="' in html
    assert f'src="{video.file.url}"' in html
    assert f'<track kind="subtitles" src="{video.subtitles.url}"' in html
    assert 'datetime="PT1M5S"' in html and ">1:05<" in html
    assert "Phóng sự về hội nghị." in html
    assert section.title in html
    related = html[html.index('id="related-heading"') :]
    # Same section or tag first, then the latest others fill the box.
    assert related.index(same_section.title) < related.index(unrelated.title)
    assert related.index(same_tag.title) < related.index(unrelated.title)
    assert hidden.title not in html


def test_detail_without_subtitles_has_no_track(client, make_video):
    video = make_video("Không phụ đề", poster=False)
    html = client.get(video.get_absolute_url()).content.decode()
    assert "<track" not in html and "poster=" not in html


@pytest.mark.parametrize("fields", HIDDEN)
def test_hidden_videos_are_404(client, make_video, fields):
    video = make_video("Clip ẩn", **fields)
    assert client.get(video.get_absolute_url()).status_code == 404


def test_unknown_video_is_404(client, db):
    assert client.get("/video/khong-co/").status_code == 404


def render_corner(count=None):
    argument = f" {count}" if count else ""
    return Template("{% load video_tags %}{% video_corner" + argument + " %}").render(
        Context({})
    )


def test_corner_lists_latest_clips(make_video):
    for i in range(6):
        make_video(f"Clip {i}", published_at=timezone.now() - timedelta(hours=i))
    make_video("Clip chưa đăng", published=False)
    html = render_corner()
    assert 'id="video-corner-title"' in html
    assert html.count('class="vcard vcard--mini"') == 4
    assert "Clip 0" in html and "Clip 3" in html and "Clip 4" not in html
    assert "Clip chưa đăng" not in html
    assert 'href="/video/"' in html
    assert render_corner(2).count('class="vcard vcard--mini"') == 2


def test_corner_is_empty_without_videos(db):
    assert render_corner().strip() == ""


@pytest.mark.parametrize("count", [1, 4])
def test_corner_queries_do_not_grow(make_video, django_assert_num_queries, count):
    for i in range(count):
        make_video(f"Clip {i}")
    render_corner()  # the renditions are made on first use
    with django_assert_num_queries(3):  # videos, posters, renditions
        render_corner()


def test_article_body_video_block(client, make_video, section):
    video = make_video("Clip trong bài", section=section)
    hidden = make_video("Clip chưa đăng trong bài", published=False)
    article = make_article(
        section,
        "Bài có video",
        published=timezone.now() - timedelta(hours=1),
        body=[
            ("video", {"video": video, "caption": "Toàn cảnh hội nghị."}),
            ("video", {"video": hidden, "caption": "Không được hiện."}),
        ],
    )
    html = client.get(article.url).content.decode()
    assert html.count("<video") == 1
    assert f'src="{video.file.url}"' in html
    assert "Toàn cảnh hội nghị." in html
    assert "Không được hiện." not in html
    assert ">1:05<" in html


def test_deleted_video_leaves_article_working(client, make_video, section):
    video = make_video("Clip sẽ xóa")
    article = make_article(
        section,
        "Bài mất video",
        published=timezone.now() - timedelta(hours=1),
        body=[("video", {"video": video, "caption": ""})],
    )
    video.delete()
    response = client.get(article.url)
    assert response.status_code == 200
    assert "<video" not in response.content.decode()


def test_slug_is_vietnamese_and_unique(make_video):
    first = make_video("Đảng bộ tỉnh")
    second = make_video("Đảng bộ tỉnh")
    assert first.slug == "dang-bo-tinh"
    assert second.slug == "dang-bo-tinh-2"


def test_title_is_stored_nfc(make_video):
    import unicodedata

    video = make_video(unicodedata.normalize("NFD", "Hòa bình"))
    assert video.title == unicodedata.normalize("NFC", "Hòa bình")


def test_video_slug_is_reserved_for_sections():
    from toasoan.news.models import RESERVED_SLUGS

    assert "video" in RESERVED_SLUGS


@pytest.mark.parametrize(
    "seconds, text, iso",
    [(0.4, "0:00", "PT0M0S"), (65, "1:05", "PT1M5S"), (3723.6, "1:02:04", "PT1H2M4S")],
)
def test_duration_filters(seconds, text, iso):
    from toasoan.videos.templatetags.video_tags import iso_duration, video_duration

    assert video_duration(seconds) == text
    assert iso_duration(seconds) == iso
    assert video_duration(None) == ""


@pytest.mark.parametrize("page", ["/video/", "detail"])
def test_page_queries_do_not_grow_with_videos(client, make_video, section, page):
    """The listing and a video page cost the same with 5 or 9 videos around."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for total in (5, 9):
        videos = [
            make_video(f"Clip {total}-{i}", section=section) for i in range(total)
        ]
        url = videos[0].get_absolute_url() if page == "detail" else page
        client.get(url)  # renditions are made on first view
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
