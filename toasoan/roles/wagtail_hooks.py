"""Admin hooks: each role kept to what definitions.py gives it; two-factor."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission

from .two_factor_views import account_menu_item, admin_urls

hooks.register("register_admin_urls", admin_urls)
hooks.register("register_account_menu_item", account_menu_item)


@hooks.register("construct_page_chooser_queryset")
def page_chooser_for_page_editors(pages, request):
    """The page chooser lists every page, drafts included: only for those
    who may work on pages (not moderators, who never need it)."""
    if not user_has_any_page_permission(request.user):
        raise PermissionDenied
    return pages
