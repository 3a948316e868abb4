"""The masthead's section menu, shared by every reader page."""

from django.conf import settings
from django.core.cache import caches
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from toasoan.pagecache.fragments import Generations

from . import queries

MENU_SECONDS = 3600


def _menu(request, fresh):
    site = Site.find_for_request(request)
    if site is None:
        return []
    # Cached until a section, the home page or the tree changes ("site").
    key = f"news:menu:{site.pk}:{fresh.site}"
    return caches["template_fragments"].get_or_set(
        key, lambda: queries.top_sections(site.root_page), MENU_SECONDS
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
