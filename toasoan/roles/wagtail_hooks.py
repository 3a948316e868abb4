"""Admin hooks that keep each role to what definitions.py gives it."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission


@hooks.register("construct_page_chooser_queryset")
def page_chooser_for_page_editors(pages, request):
    """The page chooser lists every page, drafts included: only for those
    who may work on pages (not moderators, who never need it)."""
    if not user_has_any_page_permission(request.user):
        raise PermissionDenied
    return pages
