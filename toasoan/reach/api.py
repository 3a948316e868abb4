"""The public read-only API (/api/v2/), on Wagtail's API v2.

Endpoints: articles, sections, pages (every page type), images, videos. Only
live, public content: the page endpoints inherit Wagtail's live-and-public
queryset, videos use Video.objects.public(), images are only those that public
content shows.

Another app adds an endpoint with one line in its AppConfig.ready(), e.g. the
print edition::

    from toasoan.reach.api import api_router
    api_router.register_endpoint("print-issues", PrintIssuesAPIViewSet)

(the URLconf reads the router after every app is ready). Mix in
VietnameseErrorsMixin for Vietnamese error messages, and write absolute links
with api_url(): like Wagtail's detail_url and html_url, they then use the
Site, which follows BASE_URL (toasoan/reach/site.py), whatever host a request
came by. /api/v2/ itself lists the endpoints (api_index).
"""

from django.db.models import Prefetch, Q
from django.http import Http404, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework import status
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.utils import get_full_url
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.images.api.v2.views import ImagesAPIViewSet

from toasoan.news import queries
from toasoan.news.models import ArticleAuthor, ArticlePage, Author, SectionPage
from toasoan.videos.models import Video

from . import jsonld


def api_url(request, url):
    """`url` made absolute on the Site's base (BASE_URL), as Wagtail's links."""
    return get_full_url(request, url) if url else None


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


class SectionField(Field):
    """The section a video belongs to, or null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, section):
        if section is None:
            return None
        request = self.context.get("request")
        return {
            "id": section.pk,
            "title": section.title,
            "url": api_url(request, section.get_url(request=request)),
        }


class DateTimeField(Field):
    """2022-01-12T18:31:00+07:00."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return jsonld.iso(value)


class VideoFileField(Field):
    """Absolute address of the file to play (the web version first)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, video):
        sources = video.sources()
        if not sources:
            return None
        return api_url(self.context.get("request"), sources[0]["url"])


class VideoPageField(Field):
    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, video):
        return api_url(self.context.get("request"), video.get_absolute_url())


class VietnameseErrorsMixin:
    """Errors in Vietnamese, with Wagtail's technical detail kept after it."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, Http404):
            response.data = {"message": _("Not found.")}
        elif isinstance(exc, BadRequestError):
            response.data = {
                "message": _("Invalid request: %(detail)s") % {"detail": exc}
            }
        elif response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
            response.data = {"message": _("This API is read only.")}
        return response


class PublicPagesAPIViewSet(VietnameseErrorsMixin, PagesAPIViewSet):
    """Every live public page, of any type."""


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


class PublicImagesAPIViewSet(VietnameseErrorsMixin, ImagesAPIViewSet):
    """Only images that readers can see: of live public articles, of public
    videos, and authors' photos. Drafts' pictures stay private."""

    def get_queryset(self):
        articles = queries.public(ArticlePage.objects.live()).values("image_id")
        posters = Video.objects.public().values("poster_id")
        photos = Author.objects.values("photo_id")
        return (
            super()
            .get_queryset()
            .filter(Q(pk__in=articles) | Q(pk__in=posters) | Q(pk__in=photos))
        )


class VideosAPIViewSet(VietnameseErrorsMixin, BaseAPIViewSet):
    """Published, processed clips, newest first."""

    name = "videos"
    body_fields = BaseAPIViewSet.body_fields + [
        "title",
        "slug",
        "description",
        "duration",
        "width",
        "height",
        APIField("published_at", serializer=DateTimeField()),
        APIField("section", serializer=SectionField()),
        APIField("html_url", serializer=VideoPageField()),
        APIField("video_url", serializer=VideoFileField()),
        APIField(
            "poster",
            serializer=ImageRenditionField("width-1280"),
        ),
    ]
    listing_default_fields = BaseAPIViewSet.listing_default_fields + [
        "title",
        "html_url",
        "published_at",
        "duration",
        "poster",
    ]

    model = Video

    def get_queryset(self):
        images = get_image_model().objects.prefetch_renditions("width-1280")
        queryset = (
            self.model.objects.public()
            .select_related("section")
            .prefetch_related(Prefetch("poster", queryset=images))
        )
        if "order" not in self.request.GET:
            queryset = queryset.order_by("-published_at", "-id")
        return queryset


class APIRouter(WagtailAPIRouter):
    """Wagtail's router, which also keeps the names of its endpoints in the
    order they were registered, for the index at /api/v2/."""

    def __init__(self, url_namespace):
        super().__init__(url_namespace)
        self.endpoint_names = []

    def register_endpoint(self, name, class_):
        super().register_endpoint(name, class_)
        if name not in self.endpoint_names:
            self.endpoint_names.append(name)


@require_safe
def api_index(request):
    """/api/v2/: each endpoint's absolute address, and the search API's.
    Only endpoints the URLconf serves (registered before it was read)."""
    endpoints = {}
    for name in api_router.endpoint_names:
        try:
            path = reverse(f"{api_router.url_namespace}:{name}:listing")
        except NoReverseMatch:
            continue
        endpoints[name] = api_url(request, path)
    return JsonResponse(
        {"endpoints": endpoints, "search": api_url(request, reverse("search:api"))}
    )


api_router = APIRouter("wagtailapi")
# Articles and sections first: detail_url of an article points to /articles/.
api_router.register_endpoint("articles", ArticlesAPIViewSet)
api_router.register_endpoint("sections", SectionsAPIViewSet)
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("videos", VideosAPIViewSet)
