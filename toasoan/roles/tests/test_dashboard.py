"""The writer's dashboard: their own pages, each with its review state."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Page, Workflow

from toasoan.news.tests.factories import home, make_article, make_section
from toasoan.roles import definitions as roles
from toasoan.vietnamese import format_datetime

ROW = re.compile(r'<tr data-state="(\w+)">(.*?)</tr>', re.S)
LINK = re.compile(r'<a href="([^"]+)">([^<]+)</a>')


@pytest.fixture
def member(django_user_model):
    def make(role, username):
        user = django_user_model.objects.create_user(username)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def newsroom(db, member):
    return {
        "writer": member(roles.WRITER, "phongvien"),
        "editor": member(roles.EDITOR, "bientap"),
        "section": make_section(home(), "Thời sự - Chính trị"),
    }


def article(newsroom, title, owner="writer", **kwargs):
    page = make_article(newsroom["section"], title, **kwargs)
    Page.objects.filter(pk=page.pk).update(owner=newsroom[owner])
    page.refresh_from_db()
    return page


def submit(page, user):
    page.save_revision(user=user)
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    return workflow.start(page, user)


def panel_rows(client):
    """{title: (state, edit address, text of the row)} of the panel."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    rows = {}
    for state, row in ROW.findall(html):
        url, title = LINK.search(row).groups()
        rows[unescape(title)] = (state, url, unescape(re.sub(r"\s+", " ", row)))
    return rows


def vi(text, **values):
    with translation.override("vi"):
        return gettext(text) % values if values else gettext(text)


def test_a_writer_sees_each_of_their_pages_with_its_state(client, newsroom):
    writer, editor = newsroom["writer"], newsroom["editor"]
    draft = article(newsroom, "Bản nháp về nông thôn mới", live=False)
    in_review = article(newsroom, "Bài đang chờ duyệt", live=False)
    submit(in_review, writer)
    sent_back = article(newsroom, "Bài cần sửa", live=False)
    state = submit(sent_back, writer)
    state.current_task_state.reject(user=editor, comment="Thêm nguồn trích dẫn.")
    scheduled = article(newsroom, "Bài hẹn giờ", live=False)
    scheduled.go_live_at = timezone.now() + timedelta(days=2)
    scheduled.save_revision(user=editor).publish(user=editor)
    published = article(newsroom, "Bài đã đăng")
    article(newsroom, "Bài của biên tập viên", owner="editor", live=False)

    client.force_login(writer)
    rows = panel_rows(client)

    assert set(rows) == {
        "Bản nháp về nông thôn mới",
        "Bài đang chờ duyệt",
        "Bài cần sửa",
        "Bài hẹn giờ",
        "Bài đã đăng",
    }
    step = roles.WORKFLOW_TASK_NAME
    when = format_datetime(
        scheduled.revisions.get(approved_go_live_at__isnull=False).approved_go_live_at
    )
    expected = {
        draft: ("draft", vi("Draft")),
        in_review: ("review", vi("In review at “%(step)s”", step=step)),
        sent_back: ("changes", vi("Changes requested")),
        scheduled: ("scheduled", vi("Scheduled for %(time)s", time=when)),
        published: ("published", vi("Published")),
    }
    for page, (state, label) in expected.items():
        row_state, url, text = rows[page.title]
        assert row_state == state, page.title
        assert label in text, (page.title, text)
        assert url == reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert "Thêm nguồn trích dẫn." in rows["Bài cần sửa"][2]


def test_a_resubmitted_page_is_in_review_again(client, newsroom):
    writer = newsroom["writer"]
    page = article(newsroom, "Bài sửa xong", live=False)
    state = submit(page, writer)
    state.current_task_state.reject(user=newsroom["editor"])
    state.refresh_from_db()
    state.resume(user=writer)
    client.force_login(writer)
    assert panel_rows(client)["Bài sửa xong"][0] == "review"


def test_a_page_submitted_by_the_writer_but_owned_by_another(client, newsroom):
    page = article(newsroom, "Bài biên tập viên nhờ sửa", owner="editor", live=False)
    submit(page, newsroom["writer"])
    client.force_login(newsroom["writer"])
    assert panel_rows(client)["Bài biên tập viên nhờ sửa"][0] == "review"


def test_a_new_writer_is_told_how_to_start(client, newsroom):
    client.force_login(newsroom["writer"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="own-pages' in html and not ROW.search(html)


def test_moderators_have_no_such_panel(client, newsroom, member):
    client.force_login(member(roles.MODERATOR, "kiemduyet"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="own-pages' not in html
