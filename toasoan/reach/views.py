"""robots.txt, the Google News sitemap and the view-count beacon."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from wagtail.contrib.sitemaps import views as sitemap_views

from toasoan.news import queries

from . import jsonld, views_count
from .sitemaps import SITEMAPS


@require_safe
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in settings.REACH_ROBOTS_DISALLOW]
    lines += [
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('reach:sitemap'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('reach:news-sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=600, public=True)
def sitemap_index(request):
    return sitemap_views.index(
        request, SITEMAPS, sitemap_url_name="reach:sitemap-section"
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
    from toasoan.news.models import ArticlePage

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
        "reach/news_sitemap.xml",
        {"items": items, "publication": settings.REACH_NEWS_PUBLICATION_NAME},
        content_type="application/xml; charset=utf-8",
    )


def _countable(article_id):
    """Is this a live, public article? Cached, so a beacon rarely reads the DB."""
    from django.core.cache import cache

    from toasoan.news.models import ArticlePage

    key = f"reach:countable:{article_id}"
    answer = cache.get(key)
    if answer is None:
        answer = queries.public(
            ArticlePage.objects.live().filter(pk=article_id)
        ).exists()
        cache.set(key, answer, settings.REACH_MOST_READ_CACHE_SECONDS)
    return answer


@csrf_exempt  # no cookie is read or set: nothing to forge
@never_cache
@require_POST
def count_view(request, article_id):
    """The article page's beacon: one view, counted in the cache.

    A beacon rather than counting in the article view, because article pages
    are meant to be served from a page cache, which the view never sees.
    Crawlers and prefetches are answered but not counted.
    """
    if views_count.is_bot(request):
        return HttpResponse(status=204)
    if not _countable(article_id):
        return JsonResponse({"error": _("There is no such article.")}, status=404)
    views_count.record_view(article_id)
    views_count.maybe_flush()
    return HttpResponse(status=204)
