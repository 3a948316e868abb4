"""Which page types each role is offered, and may create, wherever that is asked.

A writer (Phóng viên) adds articles under a section, never a new section: the
page-type list, the "Add child page" buttons, the parent chooser of a type, the
create form (GET and POST) and copying all say the same.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse
from wagtail.models import Page, get_page_models
from wagtail.test.utils.form_data import nested_form_data

from testapps.notes.models import NotePage
from toasoan.news.models import ArticlePage, SectionPage
from toasoan.news.tests.factories import home, make_article, make_section
from toasoan.print_edition.models import PrintArchivePage, PrintIssuePage
from toasoan.roles import definitions as roles
from toasoan.roles.page_types import (
    PageTypePermissionTester,
    creatable_subpage_models,
    gated_page_models,
    may_create,
)

# What each role may create under a section (in the order Wagtail lists them).
UNDER_A_SECTION = {
    roles.WRITER: [ArticlePage],
    roles.EDITOR: [SectionPage, ArticlePage],
    roles.ADMINISTRATOR: [SectionPage, ArticlePage],
    roles.MODERATOR: [],
}


@pytest.fixture
def section(db):
    return make_section(home(), "Thời sự - Chính trị")


@pytest.fixture
def member(django_user_model):
    def make(role):
        group = Group.objects.get(name=role)
        user = django_user_model.objects.create_user(f"u{group.pk}")
        user.groups.add(group)
        return user

    return make


def add_url(model, parent):
    opts = model._meta
    return reverse(
        "wagtailadmin_pages:add", args=(opts.app_label, opts.model_name, parent.pk)
    )


def section_form(title):
    return nested_form_data(
        {"title": title, "slug": "", "intro": "", "seo_title": "", "show_in_menus": ""}
        | {"search_description": ""}
    )


def refused(response):
    """Wagtail's refusal: 403, or back to the dashboard with its message."""
    return response.status_code == 403 or (
        response.status_code == 302
        and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.mark.parametrize("role", list(UNDER_A_SECTION))
def test_types_under_a_section_follow_the_role(section, member, role):
    user = member(role)
    assert creatable_subpage_models(user, section) == UNDER_A_SECTION[role]
    assert section.permissions_for_user(user).can_add_subpage() is bool(
        UNDER_A_SECTION[role]
    )


def test_writers_have_nothing_to_add_at_the_home_page(section, member):
    """Under the home page go sections (and the one print archive)."""
    page, writer = home(), member(roles.WRITER)
    assert not page.permissions_for_user(writer).can_add_subpage()
    assert page.permissions_for_user(member(roles.EDITOR)).can_add_subpage()
    # Asked of the generic page (the explorer's listings), the answer is the same.
    generic = Page.objects.get(pk=page.pk)
    assert not generic.permissions_for_user(writer).can_add_subpage()


def test_the_page_type_list_offers_a_writer_only_articles(client, section, member):
    client.force_login(member(roles.WRITER))
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(section.pk,)))
    # One type: straight to the article form, the section form never offered.
    assert response.status_code == 302
    assert response["Location"] == add_url(ArticlePage, section)


def test_the_page_type_list_offers_an_editor_both(client, section, member):
    client.force_login(member(roles.EDITOR))
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=(section.pk,)))
    html = response.content.decode()
    assert response.status_code == 200
    assert add_url(SectionPage, section) in html
    assert add_url(ArticlePage, section) in html


def test_the_explorer_offers_no_add_button_where_a_writer_may_add_nothing(
    client, section, member
):
    client.force_login(member(roles.WRITER))
    html = client.get(reverse("wagtailadmin_explore", args=(home().pk,))).content
    assert reverse("wagtailadmin_pages:add_subpage", args=(home().pk,)) not in (
        html.decode()
    )
    html = client.get(reverse("wagtailadmin_explore", args=(section.pk,))).content
    assert reverse("wagtailadmin_pages:add_subpage", args=(section.pk,)) in (
        html.decode()
    )


def test_a_writer_cannot_open_or_send_the_section_form(client, section, member):
    client.force_login(member(roles.WRITER))
    assert refused(client.get(add_url(SectionPage, section)))
    response = client.post(add_url(SectionPage, section), section_form("Chuyên mục lạ"))
    assert refused(response)
    assert not SectionPage.objects.filter(title="Chuyên mục lạ").exists()
    # The article form stays open to them.
    assert client.get(add_url(ArticlePage, section)).status_code == 200


def test_an_editor_adds_a_section(client, section, member):
    client.force_login(member(roles.EDITOR))
    response = client.post(add_url(SectionPage, section), section_form("Kinh tế số"))
    assert response.status_code == 302
    assert SectionPage.objects.filter(title="Kinh tế số").exists()


def test_the_parent_chooser_of_a_type_follows_the_role(client, section, member):
    choose = reverse("wagtailadmin_pages:choose_parent", args=("news", "sectionpage"))
    client.force_login(member(roles.WRITER))
    assert refused(client.get(choose))
    assert refused(client.post(choose, {"parent_page": section.pk}))
    client.force_login(member(roles.EDITOR))
    assert client.get(choose).status_code == 200


def test_a_writer_cannot_copy_a_section(section, member):
    article = make_article(section, "Bài để sao chép")
    writer, editor = member(roles.WRITER), member(roles.EDITOR)
    assert article.permissions_for_user(writer).can_copy_to(section)
    assert not section.permissions_for_user(writer).can_copy_to(home())
    assert section.permissions_for_user(editor).can_copy_to(home())


@pytest.mark.django_db
def test_every_page_type_is_gated_and_granted_to_the_administrators():
    """A page type of the site must use the tester; every gated one, wherever
    its app (testapps.notes too), is the administrators' to create."""
    granted = set(roles.PAGE_TYPE_PERMISSIONS[roles.ADMINISTRATOR])
    ours = {m for m in get_page_models() if m.__module__.startswith("toasoan.")}
    assert {PrintArchivePage, PrintIssuePage, SectionPage, ArticlePage} <= ours
    gated = set(gated_page_models())
    assert ours | {NotePage} <= gated
    administrator = Group.objects.get(name=roles.ADMINISTRATOR)
    for model in gated:
        page = model()
        assert isinstance(
            page.permissions_for_user(AnonymousUser()), PageTypePermissionTester
        )
        opts = model._meta
        assert f"{opts.app_label}.add_{opts.model_name}" in granted, model
        assert administrator.permissions.filter(
            content_type__app_label=opts.app_label, codename=f"add_{opts.model_name}"
        ).exists(), model


def test_superusers_may_create_every_type(django_user_model, db):
    superuser = django_user_model.objects.create_superuser("su", "su@example.vn")
    assert all(may_create(superuser, model) for model in get_page_models())
