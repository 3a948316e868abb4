"""Videos in the site-wide search."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from toasoan.search import registry, service
from toasoan.vietnamese import TIMEZONE


def test_video_type_is_registered():
    video_type = registry.get("video")
    assert video_type is not None
    assert video_type.key in {t.key for t in registry.types()}


def filters(**fields):
    return service.Filters(types=["video"], **fields)


def test_queryset_has_only_public_videos(make_video):
    shown = make_video("Hiện")
    make_video("Chưa đăng", published=False)
    make_video("Đang xử lý", status="processing")
    assert list(registry.get("video").queryset(filters())) == [shown]


def test_queryset_filters_section_and_dates(make_video, section, other_section):
    day = datetime(2022, 1, 12, 18, 31, tzinfo=TIMEZONE)
    in_section = make_video("Trong chuyên mục", section=section, published_at=day)
    elsewhere = make_video(
        "Chuyên mục khác", section=other_section, published_at=day - timedelta(30)
    )
    queryset = registry.get("video").queryset
    assert list(queryset(filters(section=section.slug))) == [in_section]
    assert list(queryset(filters(section="khong-co"))) == []
    assert list(queryset(filters(date_from=day - timedelta(1)))) == [in_section]
    assert list(queryset(filters(date_to=day - timedelta(1)))) == [elsewhere]


@pytest.mark.parametrize("query", ["hội nghị", "hoi nghi", "toàn cảnh"])
def test_site_search_finds_videos(make_video, section, query):
    video = make_video(
        "Toàn cảnh Hội nghị Trung ương",
        section=section,
        description="Hình ảnh hội nghị.",
        published_at=timezone.now() - timedelta(hours=2),
    )
    make_video("Đêm văn hóa phố cổ")
    outcome = service.run(filters(query=query))
    assert [r.title for r in outcome.results] == [video.title]
    result = outcome.results[0]
    assert result.type == "video"
    assert result.url == f"/video/{video.slug}/"
    assert result.section == section.title
    assert result.thumbnail.endswith(".png") or "fill-160x100" in result.thumbnail
    assert result.published == video.published_at
    assert result.published.tzinfo is not None


def test_search_page_lists_videos(client, make_video):
    make_video("Toàn cảnh Hội nghị", description="Phóng sự.")
    response = client.get("/tim-kiem/", {"q": "hoi nghi", "loai": "video"})
    assert response.status_code == 200
    assert "Toàn cảnh Hội nghị" in response.content.decode()


def test_tags_are_searchable(make_video):
    make_video("Một đoạn phim", tags=["chuyển đổi số"])
    outcome = service.run(filters(query="chuyen doi so"))
    assert [r.title for r in outcome.results] == ["Một đoạn phim"]
