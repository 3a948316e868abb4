"""The newsroom roles: who may write, publish, moderate and administer."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page, Workflow
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from toasoan.news.models import ArticlePage, SectionPage
from toasoan.roles import definitions as roles


@pytest.fixture
def section(db):
    from toasoan.news.tests.factories import home, make_section

    return make_section(home(), "Thời sự - Chính trị")


@pytest.fixture
def member(django_user_model):
    def make(role):
        user = django_user_model.objects.create_user(
            username=f"u{Group.objects.get(name=role).pk}", password="mat-khau-dai-1"
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def article_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "lead": "Sapo.",
            "image": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung bài.</p>"))]),
            "article_authors": inline_formset([]),
            "tags": "",
            "published_at": "",
            "seo_title": "",
            "search_description": "",
            **extra,
        }
    )


def add_url(section):
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))


@pytest.mark.django_db
def test_groups_have_the_declared_permissions():
    for role in roles.ALL_ROLES:
        group = Group.objects.get(name=role)
        granted = {
            f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
        }
        declared = (
            roles.MODEL_PERMISSIONS[role]
            + roles.COMMENT_PERMISSIONS[role]
            + roles.VIDEO_PERMISSIONS[role]
            + roles.PAGE_TYPE_PERMISSIONS[role]
        )
        assert granted == set(declared), role
        page_perms = {gpp.permission.codename for gpp in group.page_permissions.all()}
        assert page_perms == set(roles.PAGE_PERMISSIONS[role]), role
        collection_perms = {
            f"{p.permission.content_type.app_label}.{p.permission.codename}"
            for p in group.collection_permissions.filter(collection__depth=1)
        }
        assert collection_perms == set(roles.COLLECTION_PERMISSIONS[role]), role


@pytest.mark.django_db
def test_review_workflow_is_assigned_to_the_whole_site():
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    assert workflow.active
    root = Page.objects.get(depth=1)
    assert root.get_workflow() == workflow
    task = workflow.tasks.get().specific
    assert {g.name for g in task.groups.all()} == set(roles.WORKFLOW_APPROVERS)


def test_writer_submits_and_editor_publishes(client, section, member):
    writer, editor = member(roles.WRITER), member(roles.EDITOR)
    client.force_login(writer)
    title = "Đổi mới phương thức lãnh đạo, đội ngũ cán bộ"

    # A writer cannot publish directly...
    client.post(add_url(section), article_form(title, **{"action-publish": "1"}))
    article = ArticlePage.objects.get()
    assert not article.live
    assert article.slug == "doi-moi-phuong-thuc-lanh-dao-doi-ngu-can-bo"

    # ...but can submit it for review.
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    response = client.post(edit, article_form(title, **{"action-submit": "1"}))
    assert response.status_code == 302
    state = article.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert not ArticlePage.objects.get().live

    client.force_login(editor)
    approve = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(article.pk, "approve", state.current_task_state.pk),
    )
    response = client.post(approve, {"comment": ""})
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200


def test_editor_publishes_directly(client, section, member):
    client.force_login(member(roles.EDITOR))
    client.post(add_url(section), article_form("Bài của biên tập viên"))
    article = ArticlePage.objects.get()
    edit = reverse("wagtailadmin_pages:edit", args=(article.pk,))
    client.post(edit, article_form("Bài của biên tập viên", **{"action-publish": "1"}))
    article.refresh_from_db()
    assert article.live
    assert article.published_at is not None


@pytest.mark.parametrize(
    "role, can_add_page, can_manage_users, can_moderate",
    [
        (roles.WRITER, True, False, False),
        (roles.EDITOR, True, False, True),
        (roles.MODERATOR, False, False, True),
        (roles.ADMINISTRATOR, True, True, True),
    ],
)
def test_role_matrix(
    client, section, member, role, can_add_page, can_manage_users, can_moderate
):
    user = member(role)
    client.force_login(user)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    response = client.get(add_url(section))
    assert (response.status_code == 200) is can_add_page
    response = client.get(reverse("wagtailusers_users:index"))
    assert (response.status_code == 200) is can_manage_users
    response = client.get(reverse("wagtailsnippets_comments_comment:list"))
    assert (response.status_code == 200) is can_moderate
    assert user.has_perm("wagtailadmin.access_admin")


def test_moderator_cannot_edit_pages(client, section, member):
    client.force_login(member(roles.MODERATOR))
    edit = reverse("wagtailadmin_pages:edit", args=(section.pk,))
    response = client.post(edit, {"title": "Đổi tên"})
    assert response.status_code in (302, 403)
    assert SectionPage.objects.get(pk=section.pk).title == "Thời sự - Chính trị"


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_sign_in_page_is_vietnamese(client, db):
    html = client.get(reverse("wagtailadmin_login")).content.decode()
    assert "Mật khẩu" in html
    assert ">Password<" not in html
