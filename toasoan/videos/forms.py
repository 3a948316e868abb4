"""The admin form of a video: a file ffprobe cannot read is never stored."""

import os
import tempfile

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import ffmpeg, services


def _probe_upload(upload):
    """ffprobe an uploaded file, from its temporary path or a copy of it."""
    path = getattr(upload, "temporary_file_path", lambda: None)()
    if path:
        return ffmpeg.probe(path)
    suffix = os.path.splitext(upload.name)[1]
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        upload.seek(0)
        return ffmpeg.probe(copy.name)


# What ffprobe's format_name contains for each accepted extension.
FORMATS = {"mp4": "mp4", "mov": "mov", "m4v": "mp4", "webm": "webm"}


def check_video_upload(upload):
    """The upload's ProbeResult; a ValidationError with a clear message else."""
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    allowed = settings.VIDEO_EXTENSIONS
    if extension not in allowed:
        raise forms.ValidationError(
            _("Only video files of these types are accepted: %(types)s.")
            % {"types": ", ".join(e.upper() for e in allowed)},
            code="file_type",
        )
    if upload.size > settings.VIDEO_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is %(size)s; a video may be at most %(max)s.")
            % {
                "size": filesizeformat(upload.size),
                "max": filesizeformat(settings.VIDEO_MAX_BYTES),
            },
            code="file_size",
        )
    try:
        probe = _probe_upload(upload)
    except ffmpeg.ToolMissing:
        raise forms.ValidationError(
            _(
                "ffmpeg is not installed on the server, so videos cannot be "
                "checked or accepted. Ask the technical staff to install it."
            ),
            code="no_ffmpeg",
        ) from None
    except ffmpeg.ToolFailed:
        raise forms.ValidationError(
            _(
                "This file cannot be read as a video (damaged, or not a video). "
                "Please check it and upload it again."
            ),
            code="unreadable",
        ) from None
    if FORMATS.get(extension) and FORMATS[extension] not in probe.format_name:
        # A file whose name says MP4 but holds something else.
        raise forms.ValidationError(
            _("The file's content does not match its type (.%(ext)s).")
            % {"ext": extension},
            code="file_type",
        )
    return probe


def check_subtitles(upload):
    extension = os.path.splitext(upload.name)[1].lower()
    if extension != ".vtt":
        raise forms.ValidationError(
            _("Subtitles must be a WebVTT file (.vtt)."), code="subtitles_type"
        )
    if upload.size > settings.VIDEO_SUBTITLES_MAX_BYTES:
        raise forms.ValidationError(
            _("The subtitle file may be at most %(max)s.")
            % {"max": filesizeformat(settings.VIDEO_SUBTITLES_MAX_BYTES)},
            code="subtitles_size",
        )
    head = b"".join(upload.chunks())[:64]
    upload.seek(0)
    try:
        text = head.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError:
        text = ""
    if not text.startswith("WEBVTT"):
        raise forms.ValidationError(
            _("This is not a WebVTT file: it must be UTF-8 and start with WEBVTT."),
            code="subtitles_format",
        )


class VideoForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.probe = None

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            self.probe = check_video_upload(upload)
        return upload

    def clean_subtitles(self):
        upload = self.cleaned_data.get("subtitles")
        if isinstance(upload, UploadedFile):
            check_subtitles(upload)
        return upload

    def save(self, commit=True):
        video = super().save(commit=False)
        file_changed = self.probe is not None
        if file_changed:
            services.apply_probe(video, self.probe)
        else:
            services.refresh_processing_fields(video)
        if self.for_user is not None and video.uploaded_by_id is None:
            video.uploaded_by = self.for_user
        if commit:
            video.save()
            self.save_m2m()
            services.after_save(video, file_changed=file_changed)
        return video
