"""Moderators in the admin: the queue, actions one by one and in bulk, records."""

import json
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from toasoan.comments.models import Comment, ModerationEvent
from toasoan.roles import definitions as roles

LIST = "wagtailsnippets_comments_comment:list"


@pytest.fixture
def comments(article):
    return [
        Comment.objects.create(
            article=article,
            name=f"Bạn đọc {i}",
            email=f"ban{i}@example.vn",
            address="Số 1 phố Huế",
            body=f"Ý kiến số {i} về bài viết.",
        )
        for i in range(3)
    ]


@pytest.fixture
def moderator(client, django_user_model):
    user = django_user_model.objects.create_user(
        "kiemduyet", "kd@example.vn", "mat-khau-dai-1"
    )
    user.groups.add(Group.objects.get(name=roles.MODERATOR))
    client.force_login(user)
    return user


def bulk_url(action, ids):
    url = reverse("wagtail_bulk_action", args=("comments", "comment", action))
    return url + "?" + "&".join(f"id={i}" for i in ids)


def test_queue_lists_pending_comments_with_private_fields(client, moderator, comments):
    html = client.get(reverse(LIST) + "?status=pending").content.decode()
    assert all(f"Ý kiến số {i}" in html for i in range(3))
    edit = reverse("wagtailsnippets_comments_comment:edit", args=(comments[0].pk,))
    html = client.get(edit).content.decode()
    assert "ban0@example.vn" in html and "Số 1 phố Huế" in html


def test_filters_by_status_and_article(client, moderator, comments, article):
    comments[0].status = Comment.Status.APPROVED
    comments[0].save()
    html = client.get(reverse(LIST) + "?status=approved").content.decode()
    assert "Ý kiến số 0" in html and "Ý kiến số 1" not in html
    html = client.get(reverse(LIST) + f"?article={article.pk}").content.decode()
    assert "Ý kiến số 2" in html


@pytest.mark.parametrize(
    "action, status",
    [("approve", "approved"), ("reject", "rejected"), ("spam", "spam")],
)
def test_bulk_actions_record_who_and_when(client, moderator, comments, action, status):
    ids = [c.pk for c in comments[:2]]
    confirm = client.get(bulk_url(action, ids))
    assert confirm.status_code == 200
    response = client.post(bulk_url(action, ids))
    assert response.status_code == 302
    changed = Comment.objects.filter(pk__in=ids)
    assert {c.status for c in changed} == {status}
    assert all(c.moderated_by == moderator and c.moderated_at for c in changed)
    assert Comment.objects.get(pk=comments[2].pk).status == "pending"
    events = ModerationEvent.objects.filter(comment_id__in=ids)
    assert events.count() == 2 and {e.action for e in events} == {status}


def test_single_comment_buttons_link_to_the_actions(client, moderator, comments):
    html = client.get(reverse(LIST)).content.decode()
    assert bulk_url("approve", [comments[0].pk]).replace("&", "&amp;") in html


def test_edit_before_approving_and_reply(client, moderator, comments, article):
    comment = comments[0]
    edit = reverse("wagtailsnippets_comments_comment:edit", args=(comment.pk,))
    data = nested_form_data(
        {
            "body": "Ý kiến đã được biên tập lại.",
            "status": "approved",
            "reply": "Tòa soạn xin cảm ơn.",
        }
    )
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    comment.refresh_from_db()
    assert comment.body == "Ý kiến đã được biên tập lại."
    assert comment.status == "approved" and comment.moderated_by == moderator
    assert comment.reply_by == moderator and comment.reply_at
    assert {e.action for e in comment.events.all()} == {"edit", "reply", "approved"}
    html = client.get(article.url).content.decode()
    assert "Ý kiến đã được biên tập lại." in html and "Tòa soạn xin cảm ơn." in html


def test_dashboard_shows_the_pending_count(client, moderator, comments):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "<strong data-pending-count>3</strong>" in html


def test_writers_cannot_moderate(client, django_user_model, comments):
    writer = django_user_model.objects.create_user("pv", "pv@example.vn", "x")
    writer.groups.add(Group.objects.get(name=roles.WRITER))
    client.force_login(writer)
    assert client.get(reverse(LIST)).status_code in (302, 403)
    client.post(bulk_url("approve", [comments[0].pk]))
    assert Comment.objects.get(pk=comments[0].pk).status == "pending"
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "data-pending-count" not in html


def test_commenter_data_export_and_delete(comments):
    out = StringIO()
    call_command("commenter_data", "BAN1@example.vn", "--export", stdout=out)
    data = json.loads(out.getvalue())
    assert [d["comment"] for d in data] == ["Ý kiến số 1 về bài viết."]
    assert data[0]["address"] == "Số 1 phố Huế"
    call_command("commenter_data", "ban1@example.vn", "--delete", stderr=StringIO())
    assert not Comment.objects.filter(email="ban1@example.vn").exists()
    assert Comment.objects.count() == 2


def test_queue_search_by_text_or_email(client, moderator, comments):
    html = client.get(reverse(LIST), {"q": "ban2@example.vn"}).content.decode()
    assert "Ý kiến số 2" in html and "Ý kiến số 1" not in html
