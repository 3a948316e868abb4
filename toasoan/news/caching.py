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

from django.http import Http404
from django.utils.translation import get_language

from toasoan.pagecache import fragments, memo
from toasoan.pagecache import tags as pagecache_tags

# The live article an address leads to, until it changes or moves ("site").
ARTICLES = memo.Memo("route-article", fragments.seconds, follows=(pagecache_tags.SITE,))
# Addresses of two parts or more that Wagtail's route found to be some other
# page (a subsection, a print issue, an author): the article query is not
# made for them again until "site" moves (the page there removed, moved or
# renamed purges it). Were an article there all the same, Wagtail's route
# would find it: a stale answer costs queries, never a wrong page.
ELSEWHERE = memo.Memo(
    "route-not-article", fragments.seconds, follows=(pagecache_tags.SITE,)
)


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
    current one. `query` finds the article in the database. What the
    address led to last time is read once per request (memo.known_address:
    SiteLookupMiddleware read it already).
    """
    if not ARTICLES.seconds():
        return query()
    fresh = generations(request)
    url_path = f"{home.url_path}{'/'.join(path_components)}/"
    known = memo.known_address(request)
    address = memo.address_key(request)
    key = None
    if known is not None and known.url_path == url_path:
        # A move changes no article's own generation, but purges "site".
        key = ARTICLES.key((address,), fresh, follows=known.wanted[:1])
        kept = ARTICLES.get_at(key)
        if kept is not None:
            return kept
    elif ELSEWHERE.get(address, fresh=fresh):
        return None  # Wagtail's route finds the page, as last time
    article = query()
    if article is None:
        return None
    if key is not None and known.pk == article.pk:
        ARTICLES.set_at(key, article)
    else:
        names = own_names(article.pk, article.path, article.steplen)
        memo.remember_address(request, Known(article.pk, url_path, names))
    return article


def not_an_article(request):
    """Wagtail's route found a page other than an article at this address:
    the next request leaves the article query out (ELSEWHERE)."""
    if ELSEWHERE.seconds():
        ELSEWHERE.set(True, memo.address_key(request), fresh=generations(request))


def own_route(home, path_components):
    """Whether the address is one of the home page's own routes (an author's
    or a tag's page), which Wagtail tries before its children: no article."""
    if not home.live:
        return False
    try:
        home.resolve_subpage(f"/{'/'.join(path_components)}/")
    except Http404:
        return False
    return True
