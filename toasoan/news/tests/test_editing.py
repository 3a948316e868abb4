"""Editors' tools: scheduled publication, preview, revisions."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from .factories import make_article


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bientap", "b@example.vn", "x")
    client.force_login(user)
    return client


def test_scheduled_article_goes_live_when_its_time_comes(client, section):
    article = make_article(section, "Bài hẹn giờ", live=False)
    article.go_live_at = timezone.now() + timedelta(hours=1)
    article.save_revision(log_action=False).publish(log_action=False)
    article.refresh_from_db()
    assert not article.live
    assert client.get(article.url).status_code == 404

    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live and article.published_at is not None
    assert client.get(article.url).status_code == 200


def test_preview_shows_the_unsaved_draft(admin_client, section):
    article = make_article(section, "Bài xem trước")
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    data = nested_form_data(
        {
            "title": "Tiêu đề mới chưa lưu",
            "slug": article.slug,
            "lead": "Sapo mới.",
            "body": streamfield([("paragraph", rich_text("<p>Đoạn mới.</p>"))]),
            "article_authors": inline_formset([]),
            "tags": "",
        }
    )
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(article.pk,))
    assert admin_client.post(url, data).json()["is_valid"]
    html = admin_client.get(url).content.decode()
    assert "Tiêu đề mới chưa lưu" in html and "Đoạn mới." in html
    article.refresh_from_db()
    assert article.title == "Bài xem trước"


def test_every_publish_keeps_a_revision_that_can_be_restored(section):
    article = make_article(section, "Bản đầu")
    first = article.latest_revision
    article.title = "Bản hai"
    article.save_revision(log_action=False).publish(log_action=False)
    assert article.revisions.count() == 2
    first.as_object().save_revision(log_action=False).publish(log_action=False)
    article.refresh_from_db()
    assert article.title == "Bản đầu"


def test_admin_reads_back_the_dates_it_shows(admin_client, section):
    """Day before month: 05/11 is the 5th of November, 28/11 is accepted."""
    import re

    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    article = make_article(section, "Bài sửa ngày")
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    html = admin_client.get(edit).content.decode()
    shown = re.search(r'name="published_at"[^>]*value="([^"]+)"', html)
    shown = shown or re.search(r'value="([^"]+)"[^>]*name="published_at"', html)
    assert shown.group(1) == "12/01/2022 18:31"

    for typed, expected in [
        (shown.group(1), (2022, 1, 12)),
        ("05/11/2026 10:00", (2026, 11, 5)),
    ]:
        data = nested_form_data(
            {
                "title": "Bài sửa ngày",
                "slug": article.slug,
                "lead": "",
                "body": streamfield([("paragraph", rich_text("<p>Đoạn.</p>"))]),
                "article_authors": inline_formset([]),
                "tags": "",
                "published_at": typed,
                "action-publish": "1",
            }
        )
        response = admin_client.post(edit, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        article.refresh_from_db()
        local = timezone.localtime(article.published_at)
        assert (local.year, local.month, local.day) == expected
