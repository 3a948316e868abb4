"""The public API (/api/v2/): only live public content, read only."""

import pytest
from wagtail.models import PageViewRestriction

from toasoan.news.tests.factories import make_article, make_image, make_section


@pytest.fixture
def video(section, settings, tmp_path):
    from toasoan.videos.tests.factories import make_video

    settings.MEDIA_ROOT = str(tmp_path / "media")
    return make_video("Clip hội nghị", section=section, description="Phóng sự.")


def items(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_articles_are_live_public_newest_first(client, home, article, author):
    draft = make_article(
        article.get_parent(), "Bản nháp", live=False, image=make_image()
    )
    secret_section = make_section(home, "Nội bộ")
    make_article(secret_section, "Bài nội bộ")
    PageViewRestriction.objects.create(
        page=secret_section, restriction_type="password", password="mat-khau"
    )
    listed = items(client, "/api/v2/articles/")
    assert [a["title"] for a in listed] == [article.title]
    first = listed[0]
    assert first["lead"] == article.lead
    assert first["published_at"].endswith("+07:00")
    assert first["authors"] == [
        {"name": "Ngô Khiêm", "url": f"http://testserver/tac-gia/{author.slug}/"}
    ]
    assert first["image_thumbnail"]["url"].startswith("/media/")
    detail = client.get(f"/api/v2/articles/{article.pk}/").json()
    assert detail["body"][0]["type"] == "paragraph"
    assert client.get(f"/api/v2/articles/{draft.pk}/").status_code == 404
    images = [i["id"] for i in items(client, "/api/v2/images/")]
    assert article.image_id in images and draft.image_id not in images


def test_sections_and_pages(client, section):
    assert [s["title"] for s in items(client, "/api/v2/sections/")] == [section.title]
    types = {p["meta"]["type"] for p in items(client, "/api/v2/pages/")}
    assert types == {"news.HomePage", "news.SectionPage"}


def test_videos_are_public_only(client, video, section):
    from toasoan.videos.tests.factories import make_video

    make_video("Chưa duyệt", published=False)
    listed = items(client, "/api/v2/videos/")
    assert [v["title"] for v in listed] == ["Clip hội nghị"]
    assert listed[0]["html_url"] == f"http://testserver/video/{video.slug}/"
    detail = client.get(f"/api/v2/videos/{video.pk}/").json()
    assert detail["section"]["title"] == section.title
    assert detail["video_url"].startswith("http://testserver/media/videos/")
    assert detail["description"] == "Phóng sự."


def test_api_is_read_only_and_anonymous(client, article, django_user_model):
    assert client.post("/api/v2/articles/", {}).status_code == 405
    draft = make_article(article.get_parent(), "Bản nháp", live=False)
    admin = django_user_model.objects.create_superuser("bt", "bt@example.vn", "x" * 12)
    client.force_login(admin)
    assert client.get(f"/api/v2/articles/{draft.pk}/").status_code == 404


def test_bad_query_is_a_clear_400(client, article):
    response = client.get("/api/v2/articles/", {"limit": "nhiều"})
    assert response.status_code == 400 and response.json()["message"]


def test_another_app_registers_an_endpoint_in_one_line():
    from toasoan.readapi.api import api_router
    from toasoan.videos.api import VideosAPIViewSet

    api_router.register_endpoint("thu-nghiem", VideosAPIViewSet)
    try:
        names = [p.pattern.regex.pattern for p in api_router.get_urlpatterns()]
        assert "^thu-nghiem/" in names
    finally:
        api_router._endpoints.pop("thu-nghiem")
