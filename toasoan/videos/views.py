"""Reader pages: the video listing (/video/) and one video (/video/<slug>/)."""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model

from toasoan.core.pages import paginate
from toasoan.pagecache import tags as pagecache_tags

from . import queries
from .models import Video


@require_safe
def video_list(request):
    videos = paginate(request, queries.public_videos(), settings.VIDEO_PAGE_SIZE)
    pagecache_tags.add(request, pagecache_tags.VIDEOS)
    return render(request, "videos/video_list.html", {"videos": videos})


@require_safe
def video_detail(request, slug):
    images = get_image_model().objects.prefetch_renditions(queries.PLAYER_RENDITION)
    video = get_object_or_404(
        Video.objects.public()
        .select_related("section")
        .prefetch_related(Prefetch("poster", queryset=images), "tags"),
        slug=slug,
    )
    pagecache_tags.add(request, pagecache_tags.VIDEOS)
    return render(
        request,
        "videos/video_detail.html",
        {
            "video": video,
            "seo_subject": video,  # what reach's <head> announces
            "tags": list(video.tags.all()),
            "related": queries.related(video),
        },
    )
