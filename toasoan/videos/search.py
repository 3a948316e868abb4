"""Videos in the site-wide search (registered by the app's ready())."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from toasoan.news.models import SectionPage
from toasoan.search import registry
from toasoan.search.text import highlight
from toasoan.uploads.images import rendition_url

from .models import Video

THUMBNAIL = "fill-160x100"


def video_queryset(filters):
    queryset = Video.objects.public()
    if filters.section:
        section = SectionPage.objects.filter(slug=filters.section).first()
        if section is None:
            return queryset.none()
        ids = list(
            SectionPage.objects.filter(path__startswith=section.path).values_list(
                "pk", flat=True
            )
        )
        queryset = queryset.filter(section__in=ids)
    if filters.date_from:
        queryset = queryset.filter(published_at__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(published_at__lte=filters.date_to)
    return queryset


def video_results(ids, parsed, request):
    """Results for a page of videos in a fixed number of queries."""
    images = get_image_model().objects.prefetch_renditions(THUMBNAIL)
    loaded = Video.objects.select_related("section").prefetch_related(
        Prefetch("poster", queryset=images), "tags"
    )
    results = {}
    for pk, video in loaded.in_bulk(ids).items():
        text = " ".join([video.description, " ".join(t.name for t in video.tags.all())])
        results[pk] = registry.Result(
            title=video.title,
            url=video.get_absolute_url(),
            type="video",
            type_label=str(_("video")),
            snippet=highlight(text.strip() or video.title, parsed),
            published=video.published_at,
            section=video.section.title if video.section else "",
            thumbnail=rendition_url(video.poster, THUMBNAIL) if video.poster else "",
        )
    return results


def register():
    registry.register(
        registry.SearchType(
            key="video",
            label=_("Videos"),
            queryset=video_queryset,
            results=video_results,
            order=20,
        )
    )
