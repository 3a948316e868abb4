"""Moderators in the admin: the queue, actions one by one and in bulk, records."""

import json
import re
from html import unescape
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
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


FORM = re.compile(
    r'<form method="post" action="([^"]+)"[^>]*data-(\w+)>(.*?)</form>', re.S
)
INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def posted_forms(html, kind):
    """{action: {field: value}} of the page's forms marked data-<kind>."""
    return {
        unescape(action): {k: unescape(v) for k, v in INPUT.findall(body)}
        for action, marker, body in FORM.findall(html)
        if marker == kind
    }


def moderation_forms(html):
    return posted_forms(html, "moderate")


def undo_form(html):
    (action, fields), *others = posted_forms(html, "undo").items()
    assert not others
    return action, fields


def vi(text, **values):
    with translation.override("vi"):
        return gettext(text) % values


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


def test_each_comment_has_one_click_buttons(client, moderator, comments):
    """A form per action, posted at once: no link to a confirmation page."""
    html = client.get(reverse(LIST) + "?status=pending").content.decode()
    forms = moderation_forms(html)
    for action in ("approve", "reject", "spam"):
        url = bulk_url(action, [comments[0].pk])
        assert forms[url]["csrfmiddlewaretoken"]
        assert forms[url]["next"] == reverse(LIST) + "?status=pending"
        assert f'href="{url}' not in html


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


# --- one click, a message, an undo ------------------------------------------


def test_one_click_approves_with_its_csrf_token(moderator, comments):
    """The list's own form, posted as a browser would (CSRF enforced)."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(moderator)
    listing = reverse(LIST) + "?status=pending"
    url = bulk_url("approve", [comments[0].pk])
    fields = moderation_forms(browser.get(listing).content.decode())[url]
    response = browser.post(url, fields, follow=True)
    assert response.redirect_chain == [(listing, 302)]
    assert Comment.objects.get(pk=comments[0].pk).status == "approved"
    html = unescape(response.content.decode())
    assert vi("Approved the comment of %(name)s.", name="Bạn đọc 0") in html
    assert undo_form(html)[1]["csrfmiddlewaretoken"]


@pytest.mark.parametrize(
    "action, text",
    [
        ("reject", "Rejected the comment of %(name)s."),
        ("spam", "Marked the comment of %(name)s as spam."),
    ],
)
def test_each_action_names_the_reader(client, moderator, comments, action, text):
    response = client.post(bulk_url(action, [comments[1].pk]), follow=True)
    assert vi(text, name="Bạn đọc 1") in unescape(response.content.decode())


def test_undo_returns_the_comment_to_its_previous_state(client, moderator, comments):
    comment = comments[0]
    response = client.post(bulk_url("spam", [comment.pk]), follow=True)
    action, fields = undo_form(response.content.decode())
    assert action == reverse("comments_undo_moderation")
    response = client.post(action, fields, follow=True)
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert comment.events.filter(action="pending", note="undo").exists()
    status = comment.get_status_display()
    expected = vi(
        "The comment of %(name)s is back to “%(status)s”.",
        name="Bạn đọc 0",
        status=status,
    )
    assert expected in unescape(response.content.decode())


def test_many_at_once_give_the_count_and_undo_each(client, moderator, comments):
    Comment.objects.filter(pk=comments[0].pk).update(status="rejected")
    ids = [comments[0].pk, comments[1].pk]
    response = client.post(bulk_url("approve", ids), follow=True)
    html = unescape(response.content.decode())
    with translation.override("vi"):
        counted = ngettext(
            "Approved %(count)d comment.", "Approved %(count)d comments.", 2
        ) % {"count": 2}
    assert counted in html
    action, fields = undo_form(html)
    client.post(action, fields)
    statuses = dict(Comment.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {comments[0].pk: "rejected", comments[1].pk: "pending"}


def test_undo_leaves_a_comment_changed_since(client, moderator, comments):
    comment = comments[0]
    response = client.post(bulk_url("approve", [comment.pk]), follow=True)
    action, fields = undo_form(response.content.decode())
    client.post(bulk_url("reject", [comment.pk]))  # another moderator, meanwhile
    client.post(action, fields)
    assert Comment.objects.get(pk=comment.pk).status == "rejected"


def test_a_forged_undo_changes_nothing(client, moderator, comments):
    comment = comments[0]
    response = client.post(bulk_url("approve", [comment.pk]), follow=True)
    action, fields = undo_form(response.content.decode())
    token = fields["token"]
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.post(action, {**fields, "token": forged}, follow=True)
    assert Comment.objects.get(pk=comment.pk).status == "approved"
    refusal = vi("This can no longer be undone; change the status in the list.")
    assert refusal in unescape(response.content.decode())


def test_writers_cannot_undo(client, moderator, comments, django_user_model):
    comment = comments[0]
    response = client.post(bulk_url("spam", [comment.pk]), follow=True)
    action, fields = undo_form(response.content.decode())
    writer = django_user_model.objects.create_user("pv2", "pv2@example.vn", "x")
    writer.groups.add(Group.objects.get(name=roles.WRITER))
    client.force_login(writer)
    client.post(action, fields)
    assert Comment.objects.get(pk=comment.pk).status == "spam"


def test_deleting_still_asks_first(client, comments, django_user_model):
    """Irreversible: Wagtail's confirmation page stays (Quản trị deletes)."""
    admin = django_user_model.objects.create_user("qt", "qt@example.vn", "x")
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    client.force_login(admin)
    delete = reverse("wagtailsnippets_comments_comment:delete", args=(comments[0].pk,))
    response = client.get(delete)
    assert response.status_code == 200 and 'method="POST"' in response.content.decode()
    assert Comment.objects.filter(pk=comments[0].pk).exists()
