"""What happens to a video after the editor saves it: the poster, right away,
and the web conversion, queued for the worker (tasks, conversion)."""

import logging
import os
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from modelsearch.index import insert_or_update_object
from wagtail.images import get_image_model
from wagtail.models import Collection

from . import ffmpeg
from .conversion import local_path
from .models import Video
from .tasks import convert_video

logger = logging.getLogger(__name__)


def apply_probe(video, probe):
    """A new file: record what ffprobe read, forget what came from the old one."""
    video.duration = round(probe.duration, 3)
    video.width = probe.width
    video.height = probe.height
    if video.web_file:
        video.web_file = ""
    if video.poster_is_auto:
        video.poster = None
        video.poster_is_auto = False


def make_poster(video):
    """Grab a frame with ffmpeg and store it as the video's (replaceable) poster."""
    path, holder = local_path(video.file)
    try:
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, "poster.jpg")
            ffmpeg.poster_frame(path, target, video.duration or 0)
            image = get_image_model()(
                title=(_("Poster: %(title)s") % {"title": video.title})[:255],
                collection=Collection.get_first_root_node(),
            )
            with open(target, "rb") as handle:
                image.file.save(f"{video.slug or 'video'}-poster.jpg", File(handle))
    finally:
        if holder is not None:
            holder.close()
    return image


PROCESSING_FIELDS = ("web_file", "status", "progress", "processing_error")


def refresh_processing_fields(video):
    """Take the worker's latest values, so an edit saved meanwhile keeps them."""
    if video.pk:
        fresh = Video.objects.filter(pk=video.pk).values(*PROCESSING_FIELDS).first()
        for name, value in (fresh or {}).items():
            setattr(video, name, value)


def after_save(video, file_changed):
    """Poster (quick, right away) and, when asked, the conversion (background)."""
    updates = {}
    if video.poster_id is None and video.file:
        try:
            video.poster = make_poster(video)
            video.poster_is_auto = True
            updates.update(poster=video.poster, poster_is_auto=True)
        except (ffmpeg.ToolMissing, ffmpeg.ToolFailed) as exc:
            logger.warning("No poster for video %s: %s", video.pk, exc)
    needs_web = video.convert_for_web and not video.web_file
    # Already queued or running for this same file: an edit of the title
    # must not start a second conversion.
    running = video.status == Video.Status.PROCESSING and not file_changed
    wants_conversion = needs_web and not running
    if wants_conversion:
        updates.update(status=Video.Status.PROCESSING, progress=0, processing_error="")
    elif not needs_web and video.status != Video.Status.READY:
        updates.update(status=Video.Status.READY, processing_error="")
    if updates:
        for name, value in updates.items():
            setattr(video, name, value)
        Video.objects.filter(pk=video.pk).update(**updates)
    insert_or_update_object(video)  # tags are saved after the model itself
    if wants_conversion:
        transaction.on_commit(lambda: convert_video.enqueue(video.pk), robust=True)
