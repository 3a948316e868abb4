"""{% reach_head %}, {% jsonld %}, {% share_tools %} and {% most_read %}."""

from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from .. import jsonld as jsonld_module
from .. import meta, mostread

register = template.Library()


@register.inclusion_tag("reach/head.html", takes_context=True)
def reach_head(context):
    """Canonical, OpenGraph/Twitter, feeds, print stylesheet, scripts, JSON-LD.

    No query of its own on most pages (what it needs is already in the page's
    context); a nested section page reads its ancestors (one query).
    """
    return meta.head(context)


@register.simple_tag
def jsonld(*nodes):
    """<script type="application/ld+json"> for the given schema.org dicts."""
    return mark_safe(jsonld_module.render(*nodes))  # noqa: S308 - escaped


@register.inclusion_tag("reach/includes/share.html", takes_context=True)
def share_tools(context, title="", path=None, text_size=True):
    """Facebook, Zalo and copy-link (plain links, no third-party script), and
    the text-size buttons. `path` defaults to the current page's address."""
    request = context["request"]
    url = jsonld_module.absolute(request, path or request.path)
    encoded = urlencode({"u": url})
    return {
        "url": url,
        "title": title,
        "facebook": f"https://www.facebook.com/sharer/sharer.php?{encoded}",
        "zalo": settings.REACH_ZALO_SHARE_URL.format(url=quote(url, safe="")),
        "text_size": text_size,
    }


@register.inclusion_tag("reach/includes/most_read.html", takes_context=True)
def most_read(context, section=None, count=None):
    """'Đọc nhiều': 24 hours and 7 days, site-wide or for one section.

    Cached: no query on most requests, at most five when the cache is cold.
    """
    data = mostread.most_read(section, count)
    return {"section": section, "day": data["day"], "week": data["week"]}
