"""What a reader page announces in its <head>: canonical address, OpenGraph and
Twitter cards, feeds, JSON-LD. Worked out from the page's template context, so
that page templates need no change beyond `{% seo_head %}` in base.html.

This engine knows no page type: a page (or the object a view names `seo_subject`)
says what it announces with its `seo_head(request, context)` method, built
with the helpers below and those of jsonld.py (news/seo.py, videos/seo.py).
"""

import re

from django.conf import settings
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import jsonld

OG_RENDITION = "fill-1200x630"


def _page_number(request):
    """The listing page asked for, when it is a plain number above 1.

    ASCII digits only, at most 9: "²" passes isdigit() but not int(), and
    int() refuses 4,301 digits or more; both were a 500 on every reader page
    (found by fuzzing the search).
    """
    value = request.GET.get("trang", "")
    return value if re.fullmatch(r"[0-9]{1,9}", value) and int(value) > 1 else ""


def canonical_path(request, path):
    number = _page_number(request)
    return f"{path}?trang={number}" if number else path


def describe(text, words=50):
    return Truncator(" ".join((text or "").split())).words(words) if text else ""


def image_of(request, image, spec):
    """(absolute url, width, height) of a rendition; None without an image."""
    if image is None:
        return None
    try:
        rendition = image.get_rendition(spec)
    except Exception:  # a missing source file must not break the page
        return None
    return {
        "url": jsonld.absolute(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
    }


def seo_of(subject, request, context):
    """What `subject` (the page, or the object a view shows) announces: its
    `seo_head(request, context)`, a dict of the keys of `head` below and
    optionally "path" (the canonical path), "feeds" (more (title, url)
    pairs) and "structured_data" (schema.org nodes); by default its title."""
    method = getattr(subject, "seo_head", None)
    if method is not None:
        return dict(method(request, context))
    if subject is not None and getattr(subject, "title", None):
        return {"title": getattr(subject, "seo_title", "") or subject.title}
    return {}


def head(context):
    """The template context of seo/head.html.

    Knows no page type: the view's `seo_subject` or the page says what it
    announces (`seo_of`).
    """
    request = context.get("request")
    if request is None:
        return {}
    site_name = settings.WAGTAIL_SITE_NAME
    subject = context.get("seo_subject") or context.get("page")
    found = seo_of(subject, request, context)
    path = found.pop("path", request.path)
    feeds = [(_("%(site)s – latest articles") % {"site": site_name}, "/rss/")]
    feeds += found.pop("feeds", [])
    own = jsonld.render(*found.pop("structured_data", ()))
    extra = context.get("structured_data")  # a view's own nodes
    if extra:
        nodes = extra if isinstance(extra, list | tuple) else [extra]
        own = format_html("{}{}", own, jsonld.render(*nodes))
    data = {
        "og_type": "website",
        "title": site_name,
        "description": "",
        "image": None,
        "published": None,
        "modified": None,
        "section_name": "",
        "view_url": "",
        **found,
        "jsonld": own,
    }
    if data["image"] is None:
        data["fallback_image"] = jsonld.logo_url(request)
    data.update(
        site_name=site_name,
        canonical=jsonld.absolute(request, canonical_path(request, path)),
        feeds=feeds,
    )
    return data
