"""RSS 2.0 feeds: every article, one section's, one author's (Django syndication)."""

import mimetypes

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Site

from toasoan.news import queries
from toasoan.news.models import ArticleAuthor, Author, SectionPage
from toasoan.pagecache import tags as pagecache_tags
from toasoan.seo import jsonld
from toasoan.vietnamese import TIMEZONE

FEED_RENDITION = queries.LEAD_RENDITION  # fill-960x600, prefetched with listings


def _vietnam(moment):
    """Dates in the feed carry +0700, as the magazine's readers read them."""
    return moment.astimezone(TIMEZONE) if moment else None


class VietnameseRssFeed(Rss201rev2Feed):
    """RSS 2.0 in UTF-8 with <language>vi</language>."""

    content_type = "application/rss+xml; charset=utf-8"


class ArticleFeed(Feed):
    feed_type = VietnameseRssFeed
    language = "vi"

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        bylines = ArticleAuthor.objects.select_related("author").order_by("sort_order")
        return queries.published_articles().prefetch_related(
            Prefetch("article_authors", queryset=bylines)
        )

    def items(self, obj):
        articles = list(self.articles(obj)[: settings.REACH_FEED_ITEMS])
        pagecache_tags.add(getattr(self, "request", None), self.list_tag(obj))
        pagecache_tags.add_pages(getattr(self, "request", None), articles)
        return queries.attach_sections(articles)

    def list_tag(self, obj):
        """The page-cache list this feed belongs to (toasoan.pagecache)."""
        return pagecache_tags.ALL_LISTS

    def title(self, obj):
        return _("%(site)s – latest articles") % {"site": settings.WAGTAIL_SITE_NAME}

    def description(self, obj):
        return _("The latest articles of %(site)s.") % {
            "site": settings.WAGTAIL_SITE_NAME
        }

    def link(self, obj):
        return "/"

    def feed_url(self, obj):
        return self.request.path

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_guid(self, item):
        return jsonld.absolute(self.request, item.get_url(request=self.request))

    def item_pubdate(self, item):
        return _vietnam(item.display_time)

    def item_updateddate(self, item):
        return _vietnam(item.last_published_at)

    def item_author_name(self, item):
        names = [link.author.name for link in item.article_authors.all()]
        return ", ".join(names) or None

    def item_categories(self, item):
        return [item.section.title] if getattr(item, "section", None) else []

    def item_enclosures(self, item):
        if item.image is None:
            return []
        try:
            rendition = item.image.get_rendition(FEED_RENDITION)
            length = rendition.file.size
        except Exception:  # a missing file: no enclosure rather than no feed
            return []
        kind = mimetypes.guess_type(rendition.file.name)[0] or "image/jpeg"
        url = jsonld.absolute(self.request, rendition.url)
        return [Enclosure(url, str(length), kind)]


class SectionFeed(ArticleFeed):
    def get_object(self, request, path):
        site = Site.find_for_request(request)
        if site is None:
            raise Http404
        url_path = site.root_page.url_path + path.strip("/") + "/"
        return get_object_or_404(
            queries.public(SectionPage.objects.live()).only(
                "id", "title", "slug", "url_path", "path", "depth", "locale_id", "intro"
            ),
            url_path=url_path,
        )

    def articles(self, obj):
        return super().articles(obj).descendant_of(obj)

    def list_tag(self, obj):
        return pagecache_tags.listing("section", obj.path)

    def title(self, obj):
        return f"{obj.title} – {settings.WAGTAIL_SITE_NAME}"

    def description(self, obj):
        return obj.intro or _("The latest articles of the section %(section)s.") % {
            "section": obj.title
        }

    def link(self, obj):
        return obj.get_url(request=self.request)


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def articles(self, obj):
        return super().articles(obj).filter(article_authors__author=obj).distinct()

    def list_tag(self, obj):
        return pagecache_tags.listing("author", obj.pk)

    def title(self, obj):
        return _("Articles by %(author)s – %(site)s") % {
            "author": obj.name,
            "site": settings.WAGTAIL_SITE_NAME,
        }

    def description(self, obj):
        return obj.job_title or self.title(obj)

    def link(self, obj):
        return obj.get_url()
