"""The masthead's section menu, shared by every reader page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import queries


def _menu(request):
    site = Site.find_for_request(request)
    if site is None:
        return []
    return queries.top_sections(site.root_page)


def site_chrome(request):
    if request.path.startswith("/admin/"):
        return {}
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "menu_sections": SimpleLazyObject(lambda: _menu(request)),
    }
