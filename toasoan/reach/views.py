"""The view-count beacon of article pages."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from toasoan.news import queries
from toasoan.news.models import ArticlePage

from . import tasks, views_count

logger = logging.getLogger(__name__)


def _countable(article_id):
    """Is this a live, public article? Cached, so a beacon rarely reads the DB."""
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
    maybe_flush()
    return HttpResponse(status=204)


def maybe_flush():
    """Flush at most once per REACH_VIEWS_FLUSH_SECONDS (per cache), in a batch.

    With Redis the background worker does it (a django-tasks task), since it
    sees the same counters. Without Redis the counts live in each server
    process, so only that process can write them: it does so here, a small
    batch once a minute, and prunes old rows once a day.
    """
    counters = views_count.views_cache()
    if not counters.add("reach:flush-lock", 1, settings.REACH_VIEWS_FLUSH_SECONDS):
        return
    try:
        if views_count.shared():
            tasks.flush_view_counts.enqueue()
            return
        views_count.flush(hours=2)
        if counters.add("reach:prune-lock", 1, 24 * 3600):
            views_count.prune()
    except Exception:  # a failed flush keeps the counts in the cache
        logger.exception("Could not flush article views")
