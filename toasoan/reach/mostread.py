"""'Đọc nhiều': the most-read articles over 24 hours and 7 days.

Read from the hourly counts in the database and kept in the default cache for
REACH_MOST_READ_CACHE_SECONDS, so a page shows the box for no query at all
most of the time, and for at most five queries when the cache is cold:
two sums (24 h, 7 days), the view restrictions, the articles, and the
site's root paths for their addresses (itself cached by Wagtail). Each
server process keeps its copy for a minute, under the generation read with
the page's others (toasoan.pagecache.fragments): no round trip on most pages.
"""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from toasoan.news import queries
from toasoan.news.models import ArticlePage
from toasoan.pagecache import fragments
from toasoan.pagecache.memo import Memo

from .models import ArticleViewCount
from .views_count import hour_of

GENERATION_KEY = "reach:most-read:generation"


LOCAL_SECONDS = 60
# Each process's copy of the lists, for a minute (a new key each minute), under
# the generation that invalidate() moves.
LISTS = Memo("most-read", LOCAL_SECONDS, follows=(fragments.MOST_READ,))


def invalidate():
    """Forget every cached list (an article was unpublished, moved or deleted)."""
    # The copies in each process: now, and at the commit (a list made in
    # between read the old rows).
    fragments.bump([fragments.MOST_READ])
    transaction.on_commit(lambda: fragments.bump([fragments.MOST_READ]), robust=True)
    if not cache.add(GENERATION_KEY, 1, None):
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 1, None)


def _top(counts, since, count):
    return list(
        counts.filter(hour__gte=since)
        .values("article_id")
        .annotate(total=Sum("count"))
        .order_by("-total", "-article_id")[:count]
    )


def compute(section=None, count=None, now=None):
    """{"day": [...], "week": [...]}: each item {title, url, views}."""
    count = count or settings.REACH_MOST_READ_COUNT
    current = hour_of(now or timezone.now())
    counts = ArticleViewCount.objects.filter(article__live=True)
    if section is not None:
        counts = counts.filter(
            article__path__startswith=section.path,
            article__depth__gt=section.depth,
        )
    # A few more than shown, in case some are under a view restriction.
    day = _top(counts, current - timedelta(hours=23), count + 3)
    week = _top(counts, current - timedelta(days=7) + timedelta(hours=1), count + 3)
    ids = {row["article_id"] for row in day + week}
    if not ids:
        return {"day": [], "week": []}
    articles = {
        a.pk: a
        for a in queries.public(ArticlePage.objects.live().filter(pk__in=ids)).only(
            "id", "title", "slug", "url_path", "path", "depth", "locale_id"
        )
    }

    def listing(rows):
        items = []
        for row in rows:
            article = articles.get(row["article_id"])
            if article is not None:
                items.append(
                    {"title": article.title, "url": article.url, "views": row["total"]}
                )
        return items[:count]

    return {"day": listing(day), "week": listing(week)}


def most_read(section=None, count=None):
    """The cached lists for the site (section=None) or one section."""
    count = count or settings.REACH_MOST_READ_COUNT
    bucket = int(time.time() // LOCAL_SECONDS)
    scope = section.pk if section is not None else "all"
    return LISTS.get_or_make(
        lambda: _shared_lists(section, count), scope, count, bucket
    )


def _shared_lists(section, count):
    scope = section.pk if section is not None else "all"
    key = f"reach:most-read:{scope}:{count}"
    # One round trip: the list is kept with the generation it was made in.
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY, 0)
    kept = found.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    data = compute(section, count)
    cache.set(key, (generation, data), settings.REACH_MOST_READ_CACHE_SECONDS)
    return data
