"""Who may create which page type, asked the same way wherever one is offered.

Wagtail decides which page types may go under a page from the page models
alone (``subpage_types``, ``max_count``): every user who may add pages there
is offered every type. The newsroom needs more: a writer (Phóng viên) adds
articles under a section, never a new section. The rule is Django's own "add"
permission of the page model (``news.add_sectionpage``...), granted to the
roles in definitions.PAGE_TYPE_PERMISSIONS and editable on the group form.

It is asked by:

- the page permission tester of every page model (TypeGate):
  the explorer's "Add child page" buttons and copying a page;
- the page-type list, the parent chooser (toasoan.roles.page_views);
- the create view itself (the ``before_create_page`` hook).
"""

from django.contrib.auth import get_permission_codename
from wagtail.models import PagePermissionTester


def may_create(user, model) -> bool:
    """Whether `user` may create pages of the page model `model`."""
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename('add', opts)}")


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
    the page types' "add" permissions (test_page_types checks none lacks it)."""

    def permissions_for_user(self, user):
        return PageTypePermissionTester(user, self)
