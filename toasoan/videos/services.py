"""What happens to a video after the editor saves it: poster, conversion."""

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


def local_path(field_file):
    """A filesystem path for the file (copied out of remote storage if needed)."""
    try:
        return field_file.path, None
    except NotImplementedError:
        suffix = os.path.splitext(field_file.name)[1]
        copy = tempfile.NamedTemporaryFile(suffix=suffix)
        with field_file.open("rb") as source:
            for chunk in source.chunks():
                copy.write(chunk)
        copy.flush()
        return copy.name, copy


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
    from .models import Video

    if video.pk:
        fresh = Video.objects.filter(pk=video.pk).values(*PROCESSING_FIELDS).first()
        for name, value in (fresh or {}).items():
            setattr(video, name, value)


def after_save(video, file_changed):
    """Poster (quick, right away) and, when asked, the conversion (background)."""
    from .models import Video

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
        transaction.on_commit(lambda: _enqueue(video.pk), robust=True)


def _enqueue(video_id):
    from .tasks import convert_video

    convert_video.enqueue(video_id)


def convert(video_id):
    """Make the H.264/AAC MP4; the video stays hidden until it is done."""
    from .models import Video

    video = Video.objects.filter(pk=video_id).first()
    if video is None or not video.file:
        return "gone"
    Video.objects.filter(pk=video.pk).update(
        status=Video.Status.PROCESSING, progress=0, processing_error=""
    )
    last = {"percent": -1}

    def on_progress(percent):
        if percent != last["percent"]:
            last["percent"] = percent
            Video.objects.filter(pk=video.pk).update(progress=percent)

    path, holder = local_path(video.file)
    try:
        with tempfile.TemporaryDirectory() as folder:
            target = os.path.join(folder, "web.mp4")
            ffmpeg.convert_to_web(path, target, video.duration or 0, on_progress)
            current = Video.objects.filter(pk=video.pk).first()
            if current is None or current.file.name != video.file.name:
                return "superseded"  # a new file came meanwhile
            with open(target, "rb") as handle:
                current.web_file.save(f"{current.slug}.mp4", File(handle), save=False)
    except (ffmpeg.ToolMissing, ffmpeg.ToolFailed) as exc:
        message = (
            _("ffmpeg is not installed on the server.")
            if isinstance(exc, ffmpeg.ToolMissing)
            else _("The conversion failed: %(error)s") % {"error": exc}
        )
        Video.objects.filter(pk=video.pk).update(
            status=Video.Status.FAILED, processing_error=message[:2000]
        )
        logger.warning("Video %s not converted: %s", video.pk, exc)
        return "failed"
    finally:
        if holder is not None:
            holder.close()
    Video.objects.filter(pk=video.pk).update(
        web_file=current.web_file.name,
        status=Video.Status.READY,
        progress=100,
        processing_error="",
    )
    return "converted"
