"""{% video_corner %} (the "VIDEO CLIPS" box) and the video filters."""

from django import template
from django.conf import settings
from django.db.models import Prefetch
from wagtail.images import get_image_model

from toasoan.pagecache import tags as pagecache_tags

from .. import queries
from ..models import Video

register = template.Library()


@register.inclusion_tag("videos/includes/video_corner.html", takes_context=True)
def video_corner(context, count=None):
    """The latest clips, in three queries (videos, posters, renditions)."""
    pagecache_tags.add(context.get("request"), pagecache_tags.VIDEOS)
    return {"videos": queries.latest(count or settings.VIDEO_CORNER_COUNT)}


@register.inclusion_tag("videos/includes/player.html")
def video_player(video, headline=""):
    """The HTML5 player; its poster is the width-1280 rendition (PLAYER_RENDITION)."""
    return {"video": video, "headline": headline}


@register.simple_tag
def embedded_video(video):
    """The video of an article's video block, if readers may see it.

    The chooser block loads the bare video; reload it with its poster so that
    a block costs a fixed few queries, and never show an unpublished one.
    """
    if video is None:
        return None
    images = get_image_model().objects.prefetch_renditions(queries.PLAYER_RENDITION)
    return (
        Video.objects.public()
        .prefetch_related(Prefetch("poster", queryset=images))
        .filter(pk=video.pk)
        .first()
    )


@register.filter
def video_duration(seconds):
    """1:05, or 1:02:03 for an hour or more."""
    if seconds is None or seconds == "":
        return ""
    total = int(round(float(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


@register.filter
def iso_duration(seconds):
    """ISO 8601 duration for <time datetime> (PT1M5S)."""
    if seconds is None or seconds == "":
        return ""
    total = int(round(float(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + f"{minutes}M{secs}S"
