"""Articles and sections in the public API (/api/v2/articles/, /sections/)."""

from django.db.models import Prefetch
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.fields import ImageRenditionField

from toasoan.readapi.api import DateTimeField, VietnameseErrorsMixin, api_url

from . import queries
from .models import ArticleAuthor, ArticlePage, Author, SectionPage


class AuthorsField(Field):
    """The byline: [{"name", "url"}], in the editor's order."""

    def __init__(self, **kwargs):
        super().__init__(source="article_authors", read_only=True, **kwargs)

    def to_representation(self, links):
        request = self.context.get("request")
        return [
            {
                "name": link.author.name,
                "url": api_url(request, link.author.get_url()),
            }
            for link in links.all()
        ]


class ArticlesAPIViewSet(VietnameseErrorsMixin, PagesAPIViewSet):
    """Articles, newest first, with lead, byline, image and (detail) body."""

    name = "articles"
    body_fields = PagesAPIViewSet.body_fields + [
        "lead",
        APIField("published_at", serializer=DateTimeField()),
        APIField("authors", serializer=AuthorsField()),
        "image",
        APIField(
            "image_thumbnail",
            serializer=ImageRenditionField(queries.CARD_RENDITION, source="image"),
        ),
        "body",
    ]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "lead",
        "published_at",
        "authors",
        "image_thumbnail",
    ]

    model = ArticlePage

    def get_queryset(self):
        bylines = ArticleAuthor.objects.select_related("author").order_by("sort_order")
        queryset = super().get_queryset()
        if "order" not in self.request.GET:
            queryset = queryset.order_by("-published_at", "-id")
        return queryset.select_related("image").prefetch_related(
            Prefetch("article_authors", queryset=bylines)
        )


class SectionsAPIViewSet(VietnameseErrorsMixin, PagesAPIViewSet):
    name = "sections"
    body_fields = PagesAPIViewSet.body_fields + ["intro"]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + ["intro"]

    model = SectionPage


def register(router, public_images):
    """Articles and sections first: an article's detail_url points to
    /articles/, not /pages/."""
    router.register_endpoint("articles", ArticlesAPIViewSet)
    router.register_endpoint("sections", SectionsAPIViewSet)
    public_images(lambda: queries.public(ArticlePage.objects.live()).values("image_id"))
    public_images(lambda: Author.objects.values("photo_id"))
