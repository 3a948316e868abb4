"""sitemap.xml: an index of the pages (Wagtail), the videos and the authors."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from toasoan.news.models import Author
from toasoan.videos.models import Video


class PagesSitemap(WagtailSitemap):
    """Every live public page (home, sections, articles)."""

    def get_latest_lastmod(self):
        # Django's default reads every page's lastmod for the index: one
        # aggregate instead.
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]


class RequestSitemap(Sitemap):
    """A Django sitemap whose addresses use the request's scheme and host."""

    def __init__(self, request=None):
        self.request = request

    def get_urls(self, page=1, site=None, protocol=None):
        if self.request is not None:
            protocol = self.request.scheme
        return super().get_urls(page=page, site=site, protocol=protocol)


class VideoSitemap(RequestSitemap):
    def items(self):
        return Video.objects.public().only("id", "slug", "updated_at").order_by("pk")

    def location(self, video):
        return video.get_absolute_url()

    def lastmod(self, video):
        return video.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class AuthorSitemap(RequestSitemap):
    """Authors with at least one live article."""

    def items(self):
        return (
            Author.objects.filter(article_links__page__live=True)
            .distinct()
            .only("id", "slug")
            .order_by("pk")
        )

    def location(self, author):
        return author.get_url()


SITEMAPS = {"pages": PagesSitemap, "videos": VideoSitemap, "authors": AuthorSitemap}
