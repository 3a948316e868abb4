"""Videos for tests, without ffmpeg unless a test asks for the real pipeline."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from modelsearch.index import insert_or_update_object

from toasoan.news.tests.factories import make_image
from toasoan.videos.models import Video

# Not a playable file: pages only need a stored file, and ffmpeg is kept for
# the tests of the pipeline itself.
PLACEHOLDER = b"\x00\x00\x00\x18ftypmp42"


def make_video(
    title="Video thử",
    *,
    section=None,
    tags=(),
    published=True,
    published_at=None,
    status=Video.Status.READY,
    poster=True,
    duration=65.0,
    **fields,
):
    video = Video(
        title=title,
        section=section,
        published=published,
        published_at=published_at or timezone.now() - timedelta(hours=1),
        status=status,
        duration=duration,
        width=160,
        height=120,
        poster=make_image(f"Ảnh {title}") if poster else None,
        **fields,
    )
    video.file.save("video-thu.mp4", ContentFile(PLACEHOLDER), save=False)
    video.save()
    if tags:
        video.tags.add(*tags)
        insert_or_update_object(video)  # as the admin form does after tags
    return video
