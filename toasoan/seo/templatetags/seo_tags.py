"""{% seo_head %}, {% jsonld %} and {% share_tools %}."""

from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.utils.safestring import mark_safe

from .. import jsonld as jsonld_module
from .. import meta

register = template.Library()


@register.inclusion_tag("seo/head.html", takes_context=True)
def seo_head(context):
    """Canonical, OpenGraph/Twitter, feeds, print stylesheet, scripts, JSON-LD.

    No query of its own on most pages (what it needs is already in the page's
    context); a nested section page reads its ancestors (one query).
    """
    return meta.head(context)


@register.simple_tag
def jsonld(*nodes):
    """<script type="application/ld+json"> for the given schema.org dicts."""
    return mark_safe(jsonld_module.render(*nodes))  # noqa: S308 - escaped


@register.inclusion_tag("seo/share.html", takes_context=True)
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
