"""The page cache as the outermost middleware.

A hit is answered before any other middleware runs; the stored response
already carries the security headers the inner middleware added when it was
first rendered. A miss is rendered as usual and stored when the page declared
what it shows (toasoan.pagecache.tags) and nothing about it is personal.
"""

import math
from datetime import datetime, time, timedelta

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re

from toasoan.core import internals
from toasoan.vietnamese import TIMEZONE

from . import fragments, memo, store, tags
from .fragments import Generations
from .keys import address as address_of

HIT_HEADER = "X-Page-Cache"
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Wagtail's Site for a host and its site root paths, until "site" moves.
SITES = memo.Memo("site", 3600, follows=(tags.SITE,))
ROOT_PATHS = memo.Memo("site-root-paths", 3600, follows=(tags.SITE,))


def response_from(entry, head=False):
    response = HttpResponse(b"" if head else entry.body, status=entry.status)
    for name, value in entry.headers:
        response.headers[name] = value
    response.headers[HIT_HEADER] = "hit"
    return response


def _personal(response):
    if response.cookies or response.streaming:
        return True
    control = response.headers.get("Cache-Control", "").lower()
    return any(word in control for word in ("private", "no-cache", "no-store"))


def _without_cookie_vary(response):
    """Drop `Vary: Cookie`: a reader without a session sees the same page."""
    vary = response.headers.get("Vary")
    if not vary:
        return
    kept = [v for v in cc_delim_re.split(vary) if v and v.lower() != "cookie"]
    if kept:
        response.headers["Vary"] = ", ".join(kept)
    else:
        del response.headers["Vary"]


def keep_seconds(now=None):
    """PAGE_CACHE_SECONDS, cut at the next midnight in Vietnam: every page
    shows the day's date in its masthead, which must not outlive the day."""
    now = (now or timezone.now()).astimezone(TIMEZONE)
    tomorrow = datetime.combine(now.date() + timedelta(days=1), time.min, TIMEZONE)
    left = math.ceil((tomorrow - now).total_seconds())
    return max(1, min(settings.PAGE_CACHE_SECONDS, left))


def store_if_cacheable(request, response, address, epoch):
    shown = tags.of(request)
    if response.status_code != 200 or not shown or _personal(response):
        return
    if store.epoch() != epoch:
        return  # something was purged while this page was being rendered
    seconds = keep_seconds()
    _without_cookie_vary(response)
    # nginx keeps it this long (purged on change); browsers revalidate.
    # X-Accel-Expires must come first: nginx stops at a max-age=0 it reads
    # before it.
    if "Cache-Control" in response.headers:
        del response.headers["Cache-Control"]
    response.headers["X-Accel-Expires"] = str(seconds)
    response.headers["Cache-Control"] = "max-age=0, must-revalidate"
    entry = store.Entry(200, tuple(response.items()), response.content)
    store.save(address, entry, shown | {tags.SITE}, seconds)
    response.headers[HIT_HEADER] = "miss"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = address_of(request.META)
        if address is None:
            return self.get_response(request)
        entry, epoch = store.lookup(address)
        if entry is not None:
            return response_from(entry, head=request.method == "HEAD")
        response = self.get_response(request)
        store_if_cacheable(request, response, address, epoch)
        return response


class SiteLookupMiddleware:
    """Wagtail's site for the request's host, from process memory.

    Wagtail looks the site up with a query on every request; the answer only
    changes when a site or the home page does, which purges "site" and so
    moves its generation. The middleware never queries itself: what Wagtail
    found is kept for the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIXES):
            return self.get_response(request)
        fresh = Generations(request)
        known = memo.known_address(request)
        if known is not None:  # an article's own generations, in the same trip
            fresh.want(*known.wanted)
        host = f"{internals.raw_host(request)}:{request.get_port()}"
        site = SITES.get(host, fresh=fresh)
        roots = ROOT_PATHS.get(fresh=fresh)
        if site is not None:
            internals.set_request_site(request, site)
        if roots is not None:  # Wagtail's own per-request memo (Page.get_url)
            internals.set_request_root_paths(request, roots)
        request._pagecache_fresh = fresh
        token = fragments.set_current(fresh)
        try:
            response = self.get_response(request)
        finally:
            fragments.reset_current(token)
        found = internals.request_site(request)
        if site is None and found is not None:
            SITES.set(found, host, fresh=fresh)
        found = internals.request_root_paths(request)
        if roots is None and found is not None:
            ROOT_PATHS.set(found, fresh=fresh)
        return response
