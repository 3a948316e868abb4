"""Admin hooks: each role kept to what definitions.py gives it; two-factor;
the page types each role may create; the writer's dashboard panel."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission

from .dashboard import OwnPagesPanel
from .page_types import add_permission, gated_page_models, may_create
from .page_views import page_viewset
from .two_factor_views import account_menu_item, admin_urls

hooks.register("register_admin_urls", admin_urls)
hooks.register("register_account_menu_item", account_menu_item)


@hooks.register("register_admin_viewset")
def register_page_viewset():
    """Registered for Page after Wagtail's default one, so it replaces it."""
    return page_viewset


@hooks.register("before_create_page")
def refuse_page_types_not_granted(request, parent_page, page_class):
    """The create form itself, reached by any address: the same rule."""
    if not may_create(request.user, page_class):
        raise PermissionDenied


@hooks.register("register_permissions")
def page_type_permissions():
    """The gated page types' "add" permissions, on the group form."""
    wanted = Q(pk__in=[])
    for model in gated_page_models():
        label, codename = add_permission(model).split(".")
        wanted |= Q(content_type__app_label=label, codename=codename)
    return Permission.objects.filter(wanted)


@hooks.register("construct_homepage_panels")
def add_own_pages_panel(request, panels):
    if user_has_any_page_permission(request.user):
        panels.append(OwnPagesPanel(request.user))


@hooks.register("construct_page_chooser_queryset")
def page_chooser_for_page_editors(pages, request):
    """The page chooser lists every page, drafts included: only for those
    who may work on pages (not moderators, who never need it)."""
    if not user_has_any_page_permission(request.user):
        raise PermissionDenied
    return pages
