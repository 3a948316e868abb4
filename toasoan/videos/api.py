"""Video clips in the public API (/api/v2/videos/)."""

from django.db.models import Prefetch
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField

from toasoan.readapi.api import DateTimeField, VietnameseErrorsMixin, api_url

from .models import Video


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


def register(router, public_images):
    router.register_endpoint("videos", VideosAPIViewSet)
    public_images(lambda: Video.objects.public().values("poster_id"))
