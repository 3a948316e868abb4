"""The web conversion of a video, run by the background worker
(tasks.convert_video), and the local file path ffmpeg reads."""

import logging
import os
import tempfile

from django.core.files import File
from django.utils.translation import gettext as _

from . import ffmpeg
from .models import Video

logger = logging.getLogger(__name__)


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


def convert(video_id):
    """Make the H.264/AAC MP4; the video stays hidden until it is done."""
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
