"""The keys under which an article page's blocks are kept in process memory.

Each key holds the generations of what its block shows (see
toasoan.pagecache.fragments): the article's text and its head move with
``page:<id>`` (every edit, publication or removal), the comments with
``comments:<id>``, the "same section" cards with the cards of its section
(any change of an article there), and all of them with the menu and settings
("site"). The host and language are part of every key: the blocks hold
absolute addresses and translated words.
"""

from typing import NamedTuple

from django.core.cache import caches
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
    own, comments, cards = own_names(article.pk, article.path, article.steplen)
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


def own_names(pk, path, steplen):
    return (
        pagecache_tags.page(pk),
        pagecache_tags.comments(pk),
        fragments.cards(path[:-steplen]),
    )


class Known(NamedTuple):
    """What an address led to last time: read before the shared generations
    (SiteLookupMiddleware), so the article's own come in the same trip."""

    pk: int
    url_path: str
    wanted: tuple


def find_article(home, request, path_components, query):
    """The live article at this address, kept in process memory.

    The article is kept with the generations of ``page:<id>`` and "site"
    (moves) read *before* the query that found it, so an edit committed
    during that query leaves a copy under an old generation, never the
    current one. `query` finds the article in the database.
    """
    seconds = fragments.seconds()
    if not seconds:
        return query()
    fresh = generations(request)
    local = caches["template_fragments"]
    url_path = f"{home.url_path}{'/'.join(path_components)}/"
    address_key = fragments.address_key(request)
    known = local.get(address_key)
    generation = None
    if known is not None and known.url_path == url_path:
        # A move changes no article's own generation, but purges "site".
        generation = f"{fresh.of(known.wanted[0])}:{fresh.peek('site')}"
        kept = local.get(f"{address_key}:article")
        if kept is not None and kept[0] == generation:
            return kept[1]
    article = query()
    if article is None:
        return None
    if generation is not None and known.pk == article.pk:
        local.set(f"{address_key}:article", (generation, article), seconds)
    else:
        names = own_names(article.pk, article.path, article.steplen)
        local.set(address_key, Known(article.pk, url_path, names), seconds)
    return article
