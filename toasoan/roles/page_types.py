"""Who may create which page type, asked the same way wherever one is offered.

Wagtail decides which page types may go under a page from the page models
alone (``subpage_types``, ``max_count``): every user who may add pages there
is offered every type. The newsroom needs more: a writer (Phóng viên) adds
articles under a section, never a new section. The rule is Django's own "add"
permission of the page model (``news.add_sectionpage``...), editable on the
group form.

Each page type says in its own app which roles may create it (``creatable_by``
on the model, see TypeGate); the administrators (Quản trị) may create every
gated type. definitions.PAGE_TYPE_PERMISSIONS reads these declarations, and
the roles get the permissions when the migration that creates the model runs
(grants.grant_new_page_types, on post_migrate): a new page type touches no
file of this app.

It is asked by:

- the page permission tester of every page model (TypeGate):
  the explorer's "Add child page" buttons and copying a page;
- the page-type list, the parent chooser (toasoan.roles.page_views);
- the create view itself (the ``before_create_page`` hook).
"""

from django.contrib.auth import get_permission_codename
from wagtail.models import PagePermissionTester, get_page_models


def add_permission(model) -> str:
    """The "add" permission of the page model `model` ("news.add_articlepage")."""
    opts = model._meta
    return f"{opts.app_label}.{get_permission_codename('add', opts)}"


def may_create(user, model) -> bool:
    """Whether `user` may create pages of the page model `model`."""
    return user.has_perm(add_permission(model))


def creatable_subpage_models(user, parent) -> list:
    """The page models `user` may create under the page `parent`."""
    return [
        model
        for model in parent.specific_class.creatable_subpage_models()
        if may_create(user, model) and model.can_create_at(parent)
    ]


class PageTypePermissionTester(PagePermissionTester):
    """Wagtail's tester, with each page type's "add" permission on top."""

    def can_add_subpage(self):
        return super().can_add_subpage() and bool(
            creatable_subpage_models(self.user, self.page)
        )

    def can_copy_to(self, destination, recursive=False):
        # A copy is a new page of this type.
        return super().can_copy_to(destination, recursive) and may_create(
            self.user, self.page.specific_class
        )


class TypeGate:
    """A mixin for every page model of the site: its permission tester asks
    the page types' "add" permissions (test_page_types checks none lacks it).

    ``creatable_by``: the names of the roles (definitions.WRITER...) that may
    create pages of this type, besides the administrators, who may create
    every gated type. Empty: the administrators only.
    """

    creatable_by = ()

    def permissions_for_user(self, user):
        return PageTypePermissionTester(user, self)


def gated_page_models() -> list:
    """The installed page models that use the gate."""
    return [model for model in get_page_models() if issubclass(model, TypeGate)]
