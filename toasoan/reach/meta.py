"""What a reader page announces in its <head>: canonical address, OpenGraph and
Twitter cards, feeds, JSON-LD. Worked out from the page's template context, so
that page templates need no change beyond `{% reach_head %}` in base.html.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import jsonld

OG_RENDITION = "fill-1200x630"
VIDEO_OG_RENDITION = "width-1280"  # the player's poster (videos.queries)


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


def _describe(text, words=50):
    return Truncator(" ".join((text or "").split())).words(words) if text else ""


def _image(request, image, spec):
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


def section_feed_url(request, section):
    path = section.get_url(request=request) or ""
    if path.startswith("http"):
        path = urlsplit(path).path
    return reverse("reach:feed") + path.lstrip("/")


def head(context):
    """The template context of reach/head.html."""
    from toasoan.news.models import ArticlePage, HomePage, SectionPage

    request = context.get("request")
    if request is None:
        return {}
    site_name = settings.WAGTAIL_SITE_NAME
    page = context.get("page")
    video = context.get("video")
    author = context.get("author")
    tag = context.get("tag")
    feeds = [(_("%(site)s – latest articles") % {"site": site_name}, "/rss/")]
    data = {
        "og_type": "website",
        "title": site_name,
        "description": "",
        "image": None,
        "published": None,
        "modified": None,
        "section_name": "",
        "jsonld": "",
        "view_url": "",
    }
    path = request.path
    crumbs = None

    if video is not None and getattr(video, "slug", None):
        path = video.get_absolute_url()
        url = jsonld.absolute(request, path)
        data.update(
            og_type="video.other",
            title=video.title,
            description=_describe(video.description),
            image=_image(request, video.poster, VIDEO_OG_RENDITION),
            published=jsonld.iso(video.published_at),
        )
        thumb = data["image"]["url"] if data["image"] else None
        data["jsonld"] = jsonld.render(
            jsonld.video_object(request, video, url=url, thumbnail=thumb)
        )
    elif isinstance(page, ArticlePage):
        path = page.get_url(request=request)
        url = jsonld.absolute(request, path)
        section = context.get("section")
        authors = context.get("authors") or []
        description = _describe(page.search_description or page.lead)
        image = _image(request, page.image, OG_RENDITION)
        data.update(
            og_type="article",
            title=page.seo_title or page.title,
            description=description,
            image=image,
            published=jsonld.iso(page.display_time),
            modified=jsonld.iso(page.last_published_at),
            section_name=section.title if section else "",
            view_url=reverse("reach:view", args=[page.pk]),
        )
        if section is not None:
            feeds.append(
                (
                    _("%(section)s – %(site)s")
                    % {"section": section.title, "site": site_name},
                    section_feed_url(request, section),
                )
            )
        crumbs = [(site_name, "/")] + [
            (c.title, c.get_url(request=request))
            for c in (context.get("breadcrumbs") or [])[1:]
        ]
        crumbs.append((page.title, path))
        data["jsonld"] = jsonld.render(
            jsonld.news_article(
                request,
                page,
                url=url,
                authors=authors,
                section=section,
                image=image["url"] if image else None,
                description=description,
            ),
            jsonld.breadcrumbs(request, crumbs),
        )
    elif author is not None and isinstance(page, HomePage):
        path = author.get_url()
        data.update(
            og_type="profile",
            title=author.name,
            description=_describe(author.job_title or author.bio),
        )
        feeds.append(
            (
                _("Articles by %(author)s – %(site)s")
                % {"author": author.name, "site": site_name},
                reverse("reach:author-feed", args=[author.slug]),
            )
        )
    elif tag is not None and isinstance(page, HomePage):
        data.update(title=tag.name)
    elif isinstance(page, SectionPage):
        path = page.get_url(request=request)
        data.update(
            title=page.seo_title or page.title,
            description=_describe(page.search_description or page.intro),
        )
        feeds.append(
            (
                _("%(section)s – %(site)s")
                % {"section": page.title, "site": site_name},
                section_feed_url(request, page),
            )
        )
        crumbs = [(site_name, "/")]
        if page.depth > 3:  # nested: one query for the sections above
            crumbs += [
                (a.title, a.get_url(request=request))
                for a in page.get_ancestors()
                .filter(depth__gt=2)
                .only("id", "title", "url_path", "path", "depth", "locale_id")
            ]
        crumbs.append((page.title, path))
        data["jsonld"] = jsonld.render(jsonld.breadcrumbs(request, crumbs))
    elif isinstance(page, HomePage):
        data.update(description=_describe(page.search_description or page.tagline))
        data["jsonld"] = jsonld.render(jsonld.website(request))
    elif page is not None and getattr(page, "title", None):
        data.update(title=page.seo_title or page.title)

    extra = context.get("structured_data")
    if extra:
        nodes = extra if isinstance(extra, list | tuple) else [extra]
        data["jsonld"] = format_html("{}{}", data["jsonld"], jsonld.render(*nodes))
    if data["image"] is None:
        data["fallback_image"] = jsonld.logo_url(request)
    data.update(
        site_name=site_name,
        canonical=jsonld.absolute(request, canonical_path(request, path)),
        feeds=feeds,
    )
    return data
