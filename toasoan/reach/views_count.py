"""Counting article views without writing to the database on each view.

A view is one atomic `incr` on a per-hour counter in the "views" cache (Redis
in production, process memory otherwise). The first view of an article in an
hour also claims a numbered slot (`incr` on the hour's slot counter) holding
the article id, so the flush can list an hour's articles with two `get_many`
and no scan of the key space. `flush()` moves the counts to ArticleViewCount:
it subtracts what it read from each counter (`decr`), so views arriving
meanwhile stay for the next flush and concurrent flushes never count twice.

Nothing about the reader is stored: no IP, no cookie, no user agent.
"""

import logging
import re
from datetime import UTC, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from toasoan.news.models import ArticlePage

from .models import ArticleViewCount

logger = logging.getLogger(__name__)

# Crawlers, link previews, monitors and command-line clients: not readers.
BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|facebookcatalog"
    r"|embedly|preview|whatsapp|telegram|skype|headless|phantomjs|lighthouse"
    r"|pagespeed|pingdom|uptime|monitor|python|curl|wget|httpclient|okhttp"
    r"|go-http-client|java/|libwww|scrapy|feedfetcher|rss|zgrab|semrush|ahrefs",
    re.IGNORECASE,
)


def views_cache():
    return caches[settings.REACH_VIEWS_CACHE]


def is_bot(request):
    """True for requests that are not a person reading the page."""
    agent = request.headers.get("User-Agent", "").strip()
    if not agent or BOT_PATTERN.search(agent):
        return True
    purpose = (
        request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    ).lower()
    return "prefetch" in purpose or "prerender" in purpose


def hour_of(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _stamp(hour):
    return hour.strftime("%Y%m%d%H")


def _incr(cache, key, timeout):
    """Atomic increment that creates the key at 1 when it is missing."""
    if cache.add(key, 1, timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout)
        return 1


def record_view(article_id, now=None):
    """Count one view of `article_id` in the current hour: 2 cache calls, or 4."""
    cache = views_cache()
    stamp = _stamp(hour_of(now or timezone.now()))
    timeout = settings.REACH_VIEWS_BUCKET_HOURS * 3600
    if cache.add(f"reach:seen:{stamp}:{article_id}", 1, timeout):
        slot = _incr(cache, f"reach:slots:{stamp}", timeout)
        cache.set(f"reach:slot:{stamp}:{slot}", article_id, timeout)
    _incr(cache, f"reach:count:{stamp}:{article_id}", timeout)


def pending(hour):
    """{article_id: views} counted in the cache for `hour` and not yet flushed."""
    cache = views_cache()
    stamp = _stamp(hour)
    slots = cache.get(f"reach:slots:{stamp}") or 0
    if not slots:
        return {}
    ids = cache.get_many([f"reach:slot:{stamp}:{n}" for n in range(1, slots + 1)])
    keys = {f"reach:count:{stamp}:{i}": i for i in set(ids.values())}
    counts = cache.get_many(list(keys))
    return {keys[key]: value for key, value in counts.items() if value}


def flush(now=None, hours=None):
    """Move the cached counts of the last `hours` hours to the database.

    Returns the number of views written. Articles deleted meanwhile are skipped.
    """
    cache = views_cache()
    current = hour_of(now or timezone.now())
    hours = hours or settings.REACH_VIEWS_BUCKET_HOURS
    written = 0
    for back in range(hours):
        hour = current - timedelta(hours=back)
        counts = pending(hour)
        if not counts:
            continue
        existing = set(
            ArticlePage.objects.filter(pk__in=counts).values_list("pk", flat=True)
        )
        taken = {}
        for article_id, value in counts.items():
            try:
                cache.decr(f"reach:count:{_stamp(hour)}:{article_id}", value)
            except ValueError:  # expired: nothing left to take
                continue
            if article_id in existing:
                taken[article_id] = value
        with transaction.atomic():
            rows = {
                row.article_id: row
                for row in ArticleViewCount.objects.filter(
                    hour=hour, article_id__in=taken
                )
            }
            new = []
            for article_id, value in taken.items():
                if article_id in rows:
                    ArticleViewCount.objects.filter(pk=rows[article_id].pk).update(
                        count=F("count") + value
                    )
                else:
                    new.append(
                        ArticleViewCount(article_id=article_id, hour=hour, count=value)
                    )
            ArticleViewCount.objects.bulk_create(new)
        written += sum(taken.values())
    if written:
        logger.info("Flushed %d article views", written)
    return written


def shared():
    """Is the counters' cache shared by every process (Redis), or per process?"""
    from django.core.cache.backends.locmem import LocMemCache

    return not isinstance(views_cache(), LocMemCache)


def prune(now=None):
    """Drop hourly rows older than the longest most-read window (7 days)."""
    limit = hour_of(now or timezone.now()) - timedelta(days=8)
    deleted, _ = ArticleViewCount.objects.filter(hour__lt=limit).delete()
    return deleted
