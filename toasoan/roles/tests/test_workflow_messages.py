"""A review action taken from the dashboard says what it did.

The dashboard's "Awaiting your review" panel posts Wagtail's workflow action:
"Approve" as a plain form (with ``next``, the dashboard), "Approve with
comment" and "Request changes" from a modal (XMLHttpRequest, then the browser
goes to the returned address). Either way the next page shows one message.
"""

from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from toasoan.news.tests.factories import home, make_article, make_section
from toasoan.roles import definitions as roles
from toasoan.vietnamese import format_datetime

XHR = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
DASHBOARD = "/admin/"


@pytest.fixture
def newsroom(db, django_user_model):
    users = {}
    for role in (roles.WRITER, roles.EDITOR):
        user = django_user_model.objects.create_user(f"u{len(users)}")
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    section = make_section(home(), "Thời sự - Chính trị")
    return users[roles.WRITER], users[roles.EDITOR], section


def submitted(newsroom, title, go_live_at=None):
    writer, _editor, section = newsroom
    page = make_article(section, title, live=False)
    page.go_live_at = go_live_at
    page.save_revision(user=writer)
    state = Workflow.objects.get(name=roles.WORKFLOW_NAME).start(page, writer)
    return page, state.current_task_state


def action_url(page, action, task_state):
    return reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)
    )


def vi(text, **values):
    with translation.override("vi"):
        return gettext(text) % values


def shown(client):
    return unescape(client.get(DASHBOARD).content.decode())


def test_approve_from_the_dashboard_says_it_is_published(client, newsroom):
    page, task_state = submitted(newsroom, "Bài chờ duyệt")
    client.force_login(newsroom[1])
    response = client.post(
        action_url(page, "approve", task_state), {"next": DASHBOARD}, follow=True
    )
    assert response.redirect_chain[-1][0] == DASHBOARD
    html = unescape(response.content.decode())
    assert vi("“%(title)s” is approved and published.", title="Bài chờ duyệt") in html
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert f'href="{edit}"' in html
    page.refresh_from_db()
    assert page.live


def test_approve_with_comment_from_the_modal(client, newsroom):
    page, task_state = submitted(newsroom, "Bài có nhận xét")
    client.force_login(newsroom[1])
    response = client.post(
        action_url(page, "approve", task_state),
        {"comment": "Tốt.", "next": DASHBOARD},
        **XHR,
    )
    assert response.json()["step"] == "success"
    assert vi("“%(title)s” is approved and published.", title="Bài có nhận xét") in (
        shown(client)
    )


def test_request_changes_from_the_modal(client, newsroom):
    page, task_state = submitted(newsroom, "Bài cần sửa")
    client.force_login(newsroom[1])
    client.post(
        action_url(page, "reject", task_state),
        {"comment": "Thêm nguồn.", "next": DASHBOARD},
        **XHR,
    )
    text = "Changes requested on “%(title)s”; it is back with its writer."
    assert vi(text, title="Bài cần sửa") in shown(client)
    page.refresh_from_db()
    assert not page.live


def test_approving_a_scheduled_article_gives_its_time(client, newsroom):
    go_live_at = timezone.now() + timedelta(days=3)
    page, task_state = submitted(newsroom, "Bài hẹn giờ", go_live_at=go_live_at)
    client.force_login(newsroom[1])
    client.post(action_url(page, "approve", task_state), {"next": DASHBOARD})
    text = "“%(title)s” is approved; it will be published at %(time)s."
    when = format_datetime(go_live_at)
    assert vi(text, title="Bài hẹn giờ", time=when) in shown(client)


def test_approving_one_step_of_two_names_the_next(client, newsroom):
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    second = GroupApprovalTask.objects.create(
        name="Tổng biên tập duyệt",
        content_type=ContentType.objects.get_for_model(GroupApprovalTask),
    )
    second.groups.set([Group.objects.get(name=roles.EDITOR)])
    WorkflowTask.objects.create(workflow=workflow, task=second, sort_order=1)
    page, task_state = submitted(newsroom, "Bài hai bước")
    client.force_login(newsroom[1])
    client.post(action_url(page, "approve", task_state), {"next": DASHBOARD})
    text = "“%(title)s” is approved at “%(task)s”; it now awaits “%(next)s”."
    values = {
        "title": "Bài hai bước",
        "task": roles.WORKFLOW_TASK_NAME,
        "next": "Tổng biên tập duyệt",
    }
    assert vi(text, **values) in shown(client)
