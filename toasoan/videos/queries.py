"""Reader queries for videos, each a fixed number of SQL queries."""

from django.conf import settings
from django.db.models import Prefetch, Q
from wagtail.images import get_image_model

from .models import Video

CARD_RENDITION = "fill-480x270"
PLAYER_RENDITION = "width-1280"
SECTION_FIELDS = ("id", "title", "slug", "url_path", "path", "depth", "locale_id")


def public_videos(*renditions):
    """Published, processed videos, newest first, with poster and section."""
    images = get_image_model().objects.prefetch_renditions(
        *(renditions or (CARD_RENDITION,))
    )
    return (
        Video.objects.public()
        .select_related("section")
        .only(
            "id",
            "title",
            "slug",
            "description",
            "duration",
            "published_at",
            "poster",
            "section__title",
            "section__slug",
            "section__url_path",
            "section__path",
            "section__depth",
            "section__locale_id",
            "section__id",
        )
        .prefetch_related(Prefetch("poster", queryset=images))
        .order_by("-published_at", "-id")
    )


def latest(count=None):
    return list(public_videos()[: count or settings.VIDEO_CORNER_COUNT])


def related(video, count=4):
    """Other videos of the same section or sharing a tag, newest first.

    When there are fewer than `count` of them, the latest other videos fill
    the box, so that a reader always has something to watch next.
    """
    tag_ids = [tag.pk for tag in video.tags.all()]
    match = Q(pk__in=[])
    if video.section_id:
        match |= Q(section_id=video.section_id)
    if tag_ids:
        match |= Q(
            pk__in=Video.tagged_items.rel.related_model.objects.filter(
                tag_id__in=tag_ids
            ).values("content_object_id")
        )
    found = list(public_videos().filter(match).exclude(pk=video.pk)[:count])
    if len(found) < count:
        seen = [video.pk, *(v.pk for v in found)]
        found += list(public_videos().exclude(pk__in=seen)[: count - len(found)])
    return found
