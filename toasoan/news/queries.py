"""Listing queries for the reader pages, each a fixed number of SQL queries.

Every listing fetches its articles with their image and prefetched renditions
in one go and attaches the section of each article with a single extra query,
so that a page's query count does not grow with the number of articles.
"""

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F, Prefetch, Q, Window
from django.db.models.functions import RowNumber, Substr
from django.utils.functional import SimpleLazyObject
from wagtail.images import get_image_model
from wagtail.models import Page

from toasoan.pagecache import memo
from toasoan.pagecache import store as pagecache_store
from toasoan.pagecache import tags as pagecache_tags
from toasoan.pagecache.purge import purge_tags

# Rendition specs used by the templates; prefetched with the listings.
CARD_RENDITION = "fill-480x300"
LEAD_RENDITION = "fill-960x600"
ARTICLE_RENDITION = "width-960"
THUMB_RENDITION = "fill-160x100"
LISTING_RENDITIONS = (CARD_RENDITION, LEAD_RENDITION, THUMB_RENDITION)


def _models():
    return apps.get_model("news", "ArticlePage"), apps.get_model("news", "SectionPage")


def _with_images(queryset, *specs):
    images = get_image_model().objects.prefetch_renditions(*specs)
    return queryset.prefetch_related(Prefetch("image", queryset=images))


RESTRICTED_KEY = "news:restricted-paths"
RESTRICTED_SECONDS = 300


# In each process, under the "site" generation (a restriction's change purges
# "site"); outside a request, from the shared cache.
RESTRICTED = memo.Memo(
    "restricted-paths", RESTRICTED_SECONDS, follows=(pagecache_tags.SITE,)
)


def restricted_paths():
    """Tree paths of the pages under a view restriction.

    Read on every reader page, rarely changed: kept in each process under the
    "site" generation of the request being served (a restriction's change
    purges "site"), else in the shared cache, forgotten when a restriction or
    the tree changes.
    """
    return RESTRICTED.get_or_make(_shared_restricted_paths)


def _shared_restricted_paths():
    from wagtail.models import PageViewRestriction

    cache = pagecache_store.cache()  # shared by every process
    paths = cache.get(RESTRICTED_KEY)
    if paths is None:
        restricted = PageViewRestriction.objects.values("page_id")
        paths = list(
            Page.objects.filter(pk__in=restricted).values_list("path", flat=True)
        )
        cache.set(RESTRICTED_KEY, paths, RESTRICTED_SECONDS)
    return paths


def forget_restrictions(**kwargs):
    """A restriction or the tree changed: every cached page may now be one a
    reader must not see (or the old address of one), so "site" is purged; at
    the commit too, so a reader's request during the change cannot keep the
    old answer."""
    cache = pagecache_store.cache()  # shared by every process
    cache.delete(RESTRICTED_KEY)
    transaction.on_commit(lambda: cache.delete(RESTRICTED_KEY), robust=True)
    purge_tags(pagecache_tags.SITE)


def is_restricted(page):
    return any(page.path.startswith(path) for path in restricted_paths())


def public(queryset):
    """`queryset` without pages under a view restriction (as `.public()`).

    Wagtail's `public()` joins the restrictions to their pages on every call
    (on SQLite, a scan of every page at 100,000 articles); the restricted
    paths are few and cached.
    """
    paths = restricted_paths()
    if not paths:
        return queryset
    hidden = Q()
    for path in paths:
        hidden |= Q(path__startswith=path)
    return queryset.exclude(hidden)


def published_articles():
    """Live, public articles, newest first, ready for a card."""
    ArticlePage, _ = _models()
    queryset = (
        public(ArticlePage.objects.live())
        .only(
            "id",
            "title",
            "slug",
            "url_path",
            "path",
            "depth",
            "lead",
            "image",
            "published_at",
            "first_published_at",
            "go_live_at",
            "locale_id",
        )
        .order_by("-published_at", "-id")
    )
    return _with_images(queryset, *LISTING_RENDITIONS)


def attach_sections(articles):
    """Set `article.section` on each article with one query for all of them."""
    _, SectionPage = _models()
    articles = list(articles)
    parent_paths = {a.path[: -Page.steplen] for a in articles}
    sections = {
        s.path: s
        for s in SectionPage.objects.filter(path__in=parent_paths).only(
            "id", "title", "slug", "url_path", "path", "depth", "locale_id"
        )
    }
    for article in articles:
        article.section = sections.get(article.path[: -Page.steplen])
    return articles


def top_sections(home):
    _, SectionPage = _models()
    return list(
        public(SectionPage.objects.child_of(home).live())
        .in_menu()
        .only("id", "title", "slug", "url_path", "path", "depth", "locale_id")
        .order_by("path")
    )


def child_sections(section):
    _, SectionPage = _models()
    return list(
        public(SectionPage.objects.child_of(section).live()).only(
            "id", "title", "slug", "url_path", "path", "depth", "locale_id"
        )
    )


def home_blocks(home, request, latest_count=8, per_section=4, secondary_count=3):
    """Lead story, the stories under it, the latest, one block per section."""
    ArticlePage, _ = _models()
    articles = published_articles().descendant_of(home)
    lead = None
    if home.featured_article_id:
        lead = articles.filter(pk=home.featured_article_id).first()
    wanted = secondary_count + latest_count + 1
    latest = list(articles.exclude(pk=getattr(lead, "pk", None))[:wanted])
    if lead is None and latest:
        lead = latest.pop(0)
    secondary = latest[:secondary_count]
    latest = latest[secondary_count : secondary_count + latest_count]
    attach_sections([a for a in [lead, *secondary, *latest] if a is not None])

    sections = top_sections(home)
    prefix_len = home.depth * Page.steplen + Page.steplen
    ranked = (
        articles.filter(depth__gt=home.depth + 1)
        .annotate(
            section_path=Substr("path", 1, prefix_len),
            rank=Window(
                RowNumber(),
                partition_by=[Substr("path", 1, prefix_len)],
                order_by=[F("published_at").desc(), F("id").desc()],
            ),
        )
        .filter(rank__lte=per_section)
    )
    by_section = {}
    for article in ranked:
        by_section.setdefault(article.section_path, []).append(article)
    blocks = [
        {"section": s, "articles": by_section.get(s.path, [])}
        for s in sections
        if by_section.get(s.path)
    ]
    return {
        "lead": lead,
        "secondary": secondary,
        "latest": latest,
        "section_blocks": blocks,
    }


def section_articles(section):
    articles = published_articles().descendant_of(section)
    return articles


def articles_by_author(author):
    return published_articles().filter(article_authors__author=author).distinct()


def articles_by_tag(tag):
    return published_articles().filter(tagged_items__tag=tag)


def article_context(article, request=None):
    """Everything an article page shows beside its own fields.

    Each item is read only when the template uses it: the blocks that show
    them are kept in process memory ({% fragment %}), and a kept block needs
    none of them. The "same section" cards tag the page as they are read.
    """

    def authors():
        links = article.article_authors.select_related("author")
        return [link.author for link in links.order_by("sort_order")]

    def ancestors():
        return list(
            article.get_ancestors()
            .filter(depth__gt=1)
            .only("id", "title", "slug", "url_path", "path", "depth", "locale_id")
        )

    breadcrumbs = SimpleLazyObject(ancestors)
    section = SimpleLazyObject(lambda: breadcrumbs[-1] if breadcrumbs else None)

    def related():
        if article.depth <= 2:  # the home page has no section
            return []
        found = list(
            published_articles()
            .filter(path__startswith=article.path[: -article.steplen])
            .filter(depth=article.depth)
            .exclude(pk=article.pk)[: settings.NEWS_RELATED_COUNT]
        )
        pagecache_tags.add_pages(request, found)
        return found

    return {
        "authors": SimpleLazyObject(authors),
        "tags": SimpleLazyObject(lambda: list(article.tags.all())),
        "breadcrumbs": breadcrumbs,
        "section": section,
        "related": SimpleLazyObject(related),
    }
