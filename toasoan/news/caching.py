"""The keys under which an article page's blocks are kept in process memory.

Each key holds the generations of what its block shows (see
toasoan.pagecache.fragments): the article's text and its head move with
``page:<id>`` (every edit, publication or removal), the comments with
``comments:<id>``, the "same section" cards with the cards of its section
(any change of an article there), and all of them with the menu and settings
("site"). The host and language are part of every key: the blocks hold
absolute addresses and translated words.
"""

from django.utils.translation import get_language

from toasoan.pagecache import fragments
from toasoan.pagecache import tags as pagecache_tags


def generations(request):
    fresh = getattr(request, "_pagecache_fresh", None)
    if fresh is None:  # no SiteLookupMiddleware (a test's request factory)
        fresh = fragments.Generations(request)
        request._pagecache_fresh = fresh
    return fresh


def article_keys(article, request):
    fresh = generations(request)
    own = pagecache_tags.page(article.pk)
    comments = pagecache_tags.comments(article.pk)
    cards = fragments.cards(article.path[: -article.steplen])
    fresh.of(own, comments, cards)  # one round trip for the three
    where = f"{request.scheme}://{request.get_host()}:{get_language()}"
    shared = f"{fresh.peek('site')}.{fresh.peek('print')}.{fresh.peek('videos')}"
    trang = request.GET.get("trang", "")  # a canonical address may carry it
    return {
        "main": f"{article.pk}:{article.live_revision_id}:{fresh.of(own)}:"
        f"{shared}:{where}",
        "head": f"{article.pk}:{article.live_revision_id}:{fresh.of(own)}:"
        f"{shared}:{where}:{trang}",
        "comments": f"{article.pk}:{fresh.of(comments)}:{shared}:{where}",
        "related": f"{article.pk}:{fresh.of(cards)}:{shared}:{where}",
    }
