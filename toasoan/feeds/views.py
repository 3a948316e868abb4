"""robots.txt, the sitemap index and sections, and the Google News sitemap."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import views as sitemap_views

from toasoan.news import queries
from toasoan.news.models import ArticlePage
from toasoan.seo import jsonld

from .sitemaps import SITEMAPS


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in settings.REACH_ROBOTS_DISALLOW]
    lines += [
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('feeds:news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=600, public=True)
def sitemap_index(request):
    return sitemap_views.index(
        request, SITEMAPS, sitemap_url_name="feeds:sitemap-section"
    )


@require_safe
@cache_control(max_age=600, public=True)
def sitemap_section(request, section):
    if section not in SITEMAPS:
        return JsonResponse({"error": _("This sitemap does not exist.")}, status=404)
    return sitemap_views.sitemap(request, {section: SITEMAPS[section]})


@require_safe
@cache_control(max_age=300, public=True)
def news_sitemap(request):
    """Google News: articles of the last 48 hours, at most 1,000."""
    since = timezone.now() - timedelta(hours=48)
    articles = (
        queries.public(
            ArticlePage.objects.live().filter(
                published_at__gte=since, published_at__lte=timezone.now()
            )
        )
        .only("id", "title", "url_path", "path", "depth", "locale_id", "published_at")
        .order_by("-published_at", "-id")[:1000]
    )
    items = [
        {
            "loc": jsonld.absolute(request, a.get_url(request=request)),
            "date": jsonld.iso(a.published_at),
            "title": a.title,
        }
        for a in articles
    ]
    return render(
        request,
        "feeds/news_sitemap.xml",
        {"items": items, "publication": settings.REACH_NEWS_PUBLICATION_NAME},
        content_type="application/xml; charset=utf-8",
    )
