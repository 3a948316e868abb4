"""The view-count beacon of article pages."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from toasoan.news import queries
from toasoan.news.models import ArticlePage

from . import views_count


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
    views_count.maybe_flush()
    return HttpResponse(status=204)
