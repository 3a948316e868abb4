"""Articles in the site-wide search (registered by the app's ready())."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from toasoan.pagecache.memo import Memo
from toasoan.search import registry
from toasoan.search.text import highlight
from toasoan.uploads.images import rendition_url

from . import queries
from .models import ArticlePage, SectionPage

THUMBNAIL = queries.THUMB_RENDITION
TEXT_SECONDS = 3600
# An article's text for snippets, per published revision (a new one, a new key).
PLAIN_TEXTS = Memo("search-plain-text", TEXT_SECONDS)


def article_queryset(filters):
    queryset = queries.public(ArticlePage.objects.live())
    if filters.section:
        section = SectionPage.objects.filter(slug=filters.section).first()
        if section is None:
            return queryset.none()
        queryset = queryset.filter(path__startswith=section.path)
    if filters.date_from:
        queryset = queryset.filter(published_at__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(published_at__lte=filters.date_to)
    return queryset


def plain_text(article):
    """The lead and body as text, for snippets: kept per process for each
    published revision (walking the body's blocks is most of a result's cost)."""
    if not article.live_revision_id:
        return _plain_text(article)
    return PLAIN_TEXTS.get_or_make(
        lambda: _plain_text(article), article.pk, article.live_revision_id
    )


def _plain_text(article):
    parts = [article.lead]
    for block in article.body:
        if block.block_type == "paragraph":
            parts.append(strip_tags(block.value.source))
        elif block.block_type == "photo":
            parts.append(block.value.get("caption") or "")
        elif block.block_type == "quote":
            parts.append(block.value.get("text") or "")
    return " ".join(p for p in parts if p)


def article_results(ids, parsed, request):
    """Results for a page of articles in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(THUMBNAIL)
    loaded = {
        a.pk: a
        for a in queries.attach_sections(
            ArticlePage.objects.filter(pk__in=ids).prefetch_related(
                queries.Prefetch("image", queryset=images)
            )
        )
    }
    results = {}
    for pk, article in loaded.items():
        thumbnail = ""
        if article.image:
            thumbnail = rendition_url(article.image, THUMBNAIL)
        results[pk] = registry.Result(
            title=article.title,
            url=article.get_url(request),
            type="bai-viet",
            type_label=str(_("article")),
            snippet=highlight(plain_text(article), parsed),
            published=article.display_time,
            section=article.section.title if article.section else "",
            thumbnail=thumbnail,
        )
    return results


def suggested_articles():
    return queries.public(ArticlePage.objects.live())


def filter_sections():
    return queries.public(SectionPage.objects.live()).order_by("path")


def register():
    registry.register(
        registry.SearchType(
            key="bai-viet",
            label=_("Articles"),
            queryset=article_queryset,
            results=article_results,
            order=0,
            suggestions=suggested_articles,
        )
    )
    registry.register_sections(filter_sections)
