"""What the news pages announce in their <head> (toasoan.seo.meta.head):
the page types' `seo_head` methods call these."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from toasoan.seo import jsonld
from toasoan.seo.meta import OG_RENDITION, describe, image_of


def section_feed_url(request, section):
    """/rss/<the section's path>/ (toasoan.feeds)."""
    path = section.get_url(request=request) or ""
    if path.startswith("http"):
        path = urlsplit(path).path
    return reverse("feeds:feed") + path.lstrip("/")


def _section_feed(request, section):
    site = settings.WAGTAIL_SITE_NAME
    title = _("%(section)s – %(site)s") % {"section": section.title, "site": site}
    return (title, section_feed_url(request, section))


def article_head(page, request, context):
    path = page.get_url(request=request)
    url = jsonld.absolute(request, path)
    section = context.get("section")
    description = describe(page.search_description or page.lead)
    image = image_of(request, page.image, OG_RENDITION)
    crumbs = [(settings.WAGTAIL_SITE_NAME, "/")] + [
        (c.title, c.get_url(request=request))
        for c in (context.get("breadcrumbs") or [])[1:]
    ]
    crumbs.append((page.title, path))
    article = news_article(
        request,
        page,
        url=url,
        authors=context.get("authors") or [],
        section=section,
        image=image["url"] if image else None,
        description=description,
    )
    return {
        "path": path,
        "og_type": "article",
        "title": page.seo_title or page.title,
        "description": description,
        "image": image,
        "published": jsonld.iso(page.display_time),
        "modified": jsonld.iso(page.last_published_at),
        "section_name": section.title if section else "",
        "view_url": reverse("reach:view", args=[page.pk]),
        "feeds": [_section_feed(request, section)] if section is not None else [],
        "structured_data": [article, jsonld.breadcrumbs(request, crumbs)],
    }


def section_head(page, request, context):
    path = page.get_url(request=request)
    crumbs = [(settings.WAGTAIL_SITE_NAME, "/")]
    if page.depth > 3:  # nested: one query for the sections above
        crumbs += [
            (a.title, a.get_url(request=request))
            for a in page.get_ancestors()
            .filter(depth__gt=2)
            .only("id", "title", "url_path", "path", "depth", "locale_id")
        ]
    crumbs.append((page.title, path))
    return {
        "path": path,
        "title": page.seo_title or page.title,
        "description": describe(page.search_description or page.intro),
        "feeds": [_section_feed(request, page)],
        "structured_data": [jsonld.breadcrumbs(request, crumbs)],
    }


def home_head(page, request, context):
    """The home page, and the author and tag pages it serves."""
    author, tag = context.get("author"), context.get("tag")
    if author is not None:
        feed = _("Articles by %(author)s – %(site)s") % {
            "author": author.name,
            "site": settings.WAGTAIL_SITE_NAME,
        }
        return {
            "path": author.get_url(),
            "og_type": "profile",
            "title": author.name,
            "description": describe(author.job_title or author.bio),
            "feeds": [(feed, reverse("feeds:author-feed", args=[author.slug]))],
        }
    if tag is not None:
        return {"title": tag.name}
    return {
        "description": describe(page.search_description or page.tagline),
        "structured_data": [jsonld.website(request)],
    }


def news_article(
    request, article, *, url, authors=(), section=None, image=None, description=""
):
    """The article as a schema.org NewsArticle."""
    return jsonld.node(
        "NewsArticle",
        mainEntityOfPage=jsonld.node("WebPage", **{"@id": url}),
        url=url,
        headline=article.title[:110],
        description=description,
        datePublished=jsonld.iso(article.display_time),
        dateModified=jsonld.iso(article.last_published_at or article.display_time),
        author=[
            jsonld.node(
                "Person", name=a.name, url=jsonld.absolute(request, a.get_url())
            )
            for a in authors
        ],
        image=[image] if image else [],
        publisher=jsonld.publisher(request),
        articleSection=section.title if section else None,
        inLanguage="vi",
    )
