"""A new page type says in its own app which roles may create it.

testapps/notes (installed by the test settings only) declares
``NotePage.creatable_by = (WRITER,)``: writers may create notes, the
administrators too (as every gated type), nobody else. Nothing in
toasoan.roles names it: its groups got the permission when the migration
creating the model ran (grants.grant_new_page_types, on post_migrate).
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data

from testapps.notes.models import NotePage
from toasoan.roles import definitions as roles
from toasoan.roles.checks import check_declarations
from toasoan.roles.grants import grant_new_page_types
from toasoan.roles.page_types import may_create
from toasoan.roles.wagtail_hooks import page_type_permissions

pytestmark = pytest.mark.django_db

ADD_NOTE = "notes.add_notepage"
MAY_CREATE_NOTES = {
    roles.WRITER: True,
    roles.EDITOR: False,
    roles.MODERATOR: False,
    roles.ADMINISTRATOR: True,
}


@pytest.fixture
def member(django_user_model):
    def make(role):
        group = Group.objects.get(name=role)
        user = django_user_model.objects.create_user(f"u{group.pk}")
        user.groups.add(group)
        return user

    return make


def add_note_permission():
    return Permission.objects.get(
        content_type__app_label="notes", codename="add_notepage"
    )


def holders():
    return set(add_note_permission().group_set.values_list("name", flat=True))


def migrate_notes(plan):
    """post_migrate, as `migrate` sends it for the notes app after `plan`."""
    grant_new_page_types(sender=apps.get_app_config("notes"), apps=apps, plan=plan)


@pytest.mark.parametrize("role", list(MAY_CREATE_NOTES))
def test_who_may_create_a_note_is_what_notes_says(member, role):
    assert may_create(member(role), NotePage) is MAY_CREATE_NOTES[role]
    assert (ADD_NOTE in roles.PAGE_TYPE_PERMISSIONS[role]) is MAY_CREATE_NOTES[role]


def test_a_user_in_no_group_may_not_create_a_note(django_user_model):
    assert not may_create(django_user_model.objects.create_user("khach"), NotePage)


def test_migrate_gave_the_groups_the_notes_permission():
    assert holders() == {roles.WRITER, roles.ADMINISTRATOR}


def test_the_group_form_offers_the_notes_permission():
    assert page_type_permissions().filter(pk=add_note_permission().pk).exists()


def test_the_grant_comes_once_with_the_migration_creating_the_model():
    initial = MigrationLoader(connection).get_migration("notes", "0001_initial")
    add_note_permission().group_set.clear()
    # Another run of migrate (a later deployment): a permission taken away
    # on the group form stays away.
    migrate_notes(plan=[])
    migrate_notes(plan=None)  # `flush` sends no plan
    migrate_notes(plan=[(initial, True)])  # unapplied, not created
    assert holders() == set()
    migrate_notes(plan=[(initial, False)])
    assert holders() == {roles.WRITER, roles.ADMINISTRATOR}
    migrate_notes(plan=[(initial, False)])  # idempotent
    assert holders() == {roles.WRITER, roles.ADMINISTRATOR}


def test_a_misspelt_role_is_reported(monkeypatch):
    assert check_declarations() == []
    monkeypatch.setattr(NotePage, "creatable_by", ("Phong vien",))
    assert [error.id for error in check_declarations()] == ["roles.E001"]
    monkeypatch.setattr(NotePage, "creatable_by", roles.WRITER)  # not a tuple
    assert [error.id for error in check_declarations()] == ["roles.E001"]


@pytest.mark.parametrize("role", [roles.WRITER, roles.EDITOR, roles.ADMINISTRATOR])
def test_the_admin_create_form_follows_the_declaration(
    client, member, monkeypatch, role
):
    # Notes are not offered in the admin (is_creatable); here they are.
    monkeypatch.setattr(NotePage, "is_creatable", True)
    root = Page.get_first_root_node()
    client.force_login(member(role))
    url = reverse("wagtailadmin_pages:add", args=("notes", "notepage", root.pk))
    data = nested_form_data(
        {"title": "Ghi chú mới", "slug": "ghi-chu-moi", "seo_title": ""}
        | {"search_description": "", "show_in_menus": ""}
    )
    response = client.post(url, data)
    created = NotePage.objects.filter(title="Ghi chú mới").exists()
    assert created is MAY_CREATE_NOTES[role], response
    if not created:
        assert response.status_code == 403 or (
            response.status_code == 302
            and response["Location"] == reverse("wagtailadmin_home")
        )
