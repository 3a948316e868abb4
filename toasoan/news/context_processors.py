"""The masthead's section menu, shared by every reader page."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from toasoan.pagecache import tags
from toasoan.pagecache.fragments import Generations
from toasoan.pagecache.memo import Memo

from . import queries

MENU_SECONDS = 3600
# Cached until a section, the home page or the tree changes ("site").
MENUS = Memo("menu", MENU_SECONDS, follows=(tags.SITE,))


def _menu(request, fresh):
    site = Site.find_for_request(request)
    if site is None:
        return []
    fresh.show(tags.SITE)  # the page shows the menu
    return MENUS.get_or_make(
        lambda: queries.top_sections(site.root_page), site.pk, fresh=fresh
    )


def site_chrome(request):
    # One per request (SiteLookupMiddleware made it); previews use it too.
    fresh = getattr(request, "_pagecache_fresh", None) or Generations(request)
    if request.path.startswith("/admin/"):
        return {"fresh": fresh}
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "menu_sections": SimpleLazyObject(lambda: _menu(request, fresh)),
        "fresh": fresh,
    }
