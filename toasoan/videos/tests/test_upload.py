"""Uploading through the admin: checks, duration, poster, conversion."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import override_settings
from django.urls import reverse

from toasoan.uploads.tests import samples
from toasoan.videos import ffmpeg
from toasoan.videos.models import Video

ADD_URL = reverse("wagtailsnippets_videos_video:add")


def _animated_gif():
    from io import BytesIO

    from PIL import Image

    frames = [Image.new("RGB", (32, 24), c) for c in ("red", "green", "blue")]
    buffer = BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=200)
    return buffer.getvalue()


ANIMATED_GIF = _animated_gif()


def form_data(upload, **extra):
    data = {
        "title": "Toàn cảnh Hội nghị",
        "description": "Phóng sự ngắn.",
        "file": upload,
        "tags": "hội nghị, cán bộ",
        "published": "on",
        "published_at": "",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def stored_videos():
    folder = Path(settings.MEDIA_ROOT) / "videos"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize("name", ["clip.mp4", "clip.mov", "clip.webm"])
def test_upload_reads_duration_and_makes_poster(admin_client, upload, section, name):
    response = admin_client.post(ADD_URL, form_data(upload(name), section=section.pk))
    assert response.status_code == 302, response.context["form"].errors
    video = Video.objects.get()
    assert video.title == "Toàn cảnh Hội nghị"
    assert video.slug == "toan-canh-hoi-nghi"
    assert video.duration == pytest.approx(1.0, abs=0.1)
    assert (video.width, video.height) == (160, 120)
    assert video.section == section
    assert sorted(t.name for t in video.tags.all()) == ["cán bộ", "hội nghị"]
    assert video.poster is not None and video.poster_is_auto
    assert (video.poster.width, video.poster.height) == (160, 120)
    assert video.status == Video.Status.READY
    assert video.published and video.published_at is not None
    assert video.uploaded_by is not None
    assert Video.objects.public().get() == video


def test_editor_poster_is_kept(admin_client, upload, section):
    from toasoan.news.tests.factories import make_image

    chosen = make_image("Ảnh bìa do biên tập chọn")
    response = admin_client.post(
        ADD_URL, form_data(upload("clip.mp4"), poster=chosen.pk)
    )
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.poster == chosen and not video.poster_is_auto


@pytest.mark.parametrize(
    "name, content, settings_override, code",
    [
        ("hong.mp4", b"\x00\x00\x00 ftypisom" + b"rubbish" * 500, {}, "unreadable"),
        ("ghi-chu.txt", None, {}, "file_type"),
        ("clip.avi", None, {}, "file_type"),
        ("clip.mp4", None, {"VIDEO_MAX_BYTES": 1000}, "file_size"),
        ("clip.webm", None, {}, "file_type"),  # MP4 content named .webm
        ("clip.mp4", None, {"VIDEO_FFPROBE": "khong-co-ffprobe"}, "no_ffmpeg"),
        # Other files renamed .mp4: a page, a still picture (no duration), an
        # animated GIF (a video stream, but not an MP4).
        ("trang.mp4", samples.HTML, {}, "unreadable"),
        ("anh.mp4", samples.image_bytes("PNG"), {}, "unreadable"),
        ("hoat-hinh.mp4", ANIMATED_GIF, {}, "file_type"),
        ("tai-lieu.mp4", samples.PDF, {}, "unreadable"),
    ],
)
def test_bad_uploads_are_refused_and_not_stored(
    admin_client, clips, name, content, settings_override, code
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = content if content is not None else clips["clip.mp4"]
    with override_settings(**settings_override):
        response = admin_client.post(ADD_URL, form_data(SimpleUploadedFile(name, data)))
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()["file"]
    assert [e.code for e in errors] == [code]
    assert Video.objects.count() == 0
    assert stored_videos() == []


def test_oversize_message_names_the_limit(admin_client, upload):
    with override_settings(VIDEO_MAX_BYTES=1000):
        response = admin_client.post(ADD_URL, form_data(upload("clip.mp4")))
    from django.template.defaultfilters import filesizeformat

    message = response.context["form"].errors["file"][0]
    assert filesizeformat(1000) in message
    assert filesizeformat(len(upload("clip.mp4"))) in message


@pytest.mark.parametrize(
    "name, content, ok",
    [
        ("phu-de.vtt", "WEBVTT\n\n00:00.000 --> 00:01.000\nXin chào\n", True),
        ("phu-de.vtt", "\ufeffWEBVTT\n\n00:00.000 --> 00:01.000\nChào\n", True),
        ("phu-de.srt", "1\n00:00:00,000 --> 00:00:01,000\nXin chào\n", False),
        ("phu-de.vtt", "Không phải WebVTT\n", False),
    ],
)
def test_subtitles_are_checked(admin_client, upload, name, content, ok):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        ADD_URL,
        form_data(
            upload("clip.mp4"),
            subtitles=SimpleUploadedFile(name, content.encode("utf-8")),
        ),
    )
    assert (response.status_code == 302) is ok
    assert Video.objects.exists() is ok
    if not ok:
        assert "subtitles" in response.context["form"].errors


CACHE_FOLLOWERS = {"toasoan.pagecache.purge", "toasoan.search.backend"}


def without_purges(callbacks):
    """The on-commit work of a save, less the cache purges it brings."""
    return [c for c in callbacks if c.__module__ not in CACHE_FOLLOWERS]


def test_conversion_runs_in_background_and_reports_progress(
    admin_client, upload, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(
            ADD_URL, form_data(upload("clip.webm"), convert_for_web="on")
        )
    assert response.status_code == 302
    # the conversion is queued, not done inline
    assert len(without_purges(callbacks)) == 1
    video = Video.objects.get()
    assert video.status == Video.Status.READY
    assert video.progress == 100
    assert video.web_file.name.endswith(".mp4")
    probe = ffmpeg.probe(video.web_file.path)
    assert probe.video_codec == "h264" and probe.has_audio
    assert video.sources()[0]["url"] == video.web_file.url


def test_video_stays_hidden_while_processing(admin_client, upload):
    # Without running the on-commit callbacks the task never starts.
    response = admin_client.post(
        ADD_URL, form_data(upload("clip.mp4"), convert_for_web="on")
    )
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.status == Video.Status.PROCESSING
    assert not Video.objects.public().exists()


def test_failed_conversion_is_reported_and_hidden(
    admin_client, upload, django_capture_on_commit_callbacks
):
    with override_settings(VIDEO_FFMPEG="false"):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                ADD_URL, form_data(upload("clip.mp4"), convert_for_web="on")
            )
    assert response.status_code == 302
    video = Video.objects.get()
    assert video.status == Video.Status.FAILED
    assert video.processing_error
    assert not Video.objects.public().exists()


def test_writer_cannot_publish(db, client, upload):
    writer = get_user_model().objects.create_user("phongvien", password="x" * 12)
    group = Group.objects.create(name="Nhóm thử")
    group.permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "add_video", "change_video", "view_video"]
        )
    )
    writer.groups.add(group)
    client.force_login(writer)
    response = client.post(ADD_URL, form_data(upload("clip.mp4")))
    assert response.status_code == 302
    video = Video.objects.get()
    assert not video.published
    assert not Video.objects.public().exists()


def test_tools_run_with_a_timeout():
    with pytest.raises(ffmpeg.ToolFailed, match="timed out"):
        ffmpeg.run([sys.executable, "-c", "import time; time.sleep(5)"], 0.3)


@override_settings(VIDEO_TOOL_MEMORY_BYTES=200 * 1024 * 1024)
def test_tools_run_with_a_memory_limit():
    with pytest.raises(ffmpeg.ToolFailed):
        ffmpeg.run([sys.executable, "-c", "x = bytearray(400 * 1024 * 1024)"], 20)
    # The same program within the limit runs.
    ffmpeg.run([sys.executable, "-c", "x = bytearray(10 * 1024 * 1024)"], 20)


def test_a_conversion_past_its_deadline_is_killed(tmp_path, settings):
    """The watchdog kills ffmpeg even when it prints nothing at all."""
    pid_file = tmp_path / "pid"
    stuck = tmp_path / "ffmpeg-treo"
    stuck.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    stuck.chmod(0o755)
    settings.VIDEO_FFMPEG = str(stuck)
    settings.VIDEO_CONVERT_TIMEOUT = 0.5
    started = time.monotonic()
    with pytest.raises(ffmpeg.ToolFailed, match="timed out after 0.5s"):
        ffmpeg.convert_to_web(tmp_path / "nguon.mp4", tmp_path / "web.mp4", 1.0)
    assert time.monotonic() - started < 5
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # gone, not left running


def test_a_conversion_over_its_memory_limit_fails_the_video(
    admin_client, upload, settings
):
    admin_client.post(ADD_URL, form_data(upload("clip.mp4"), convert_for_web="on"))
    video = Video.objects.get()
    settings.VIDEO_TOOL_MEMORY_BYTES = 16 * 1024 * 1024
    from toasoan.videos.conversion import convert

    assert convert(video.pk) == "failed"
    video.refresh_from_db()
    assert video.status == Video.Status.FAILED
    assert video.processing_error
    assert not video.web_file
    assert not Video.objects.public().exists()


def test_probe_refuses_audio_only(tmp_path):
    if not ffmpeg.available():
        pytest.skip("ffmpeg is not installed")
    sound = tmp_path / "am-thanh.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine", "-t", "1", sound],
        check=True,
        timeout=30,
    )
    with pytest.raises(ffmpeg.ToolFailed, match="no video"):
        ffmpeg.probe(sound)


def test_conversion_reports_progress(clips, tmp_path):
    source = tmp_path / "nguon.webm"
    source.write_bytes(clips["clip.webm"])
    seen = []
    ffmpeg.convert_to_web(source, tmp_path / "web.mp4", 1.0, seen.append)
    assert seen and seen[-1] == 100
    assert seen == sorted(seen)
    assert ffmpeg.probe(tmp_path / "web.mp4").video_codec == "h264"


def test_admin_pages_render(admin_client, make_video):
    video = make_video("Clip trong quản trị", status=Video.Status.PROCESSING)
    listing = admin_client.get(reverse("wagtailsnippets_videos_video:list"))
    assert listing.status_code == 200
    assert "Clip trong quản trị" in listing.content.decode()
    assert "(0%)" in listing.content.decode()  # progress of the conversion
    assert admin_client.get(ADD_URL).status_code == 200
    edit = reverse("wagtailsnippets_videos_video:edit", args=[video.pk])
    assert admin_client.get(edit).status_code == 200


def test_editing_without_a_new_file_keeps_everything(admin_client, upload):
    admin_client.post(ADD_URL, form_data(upload("clip.mp4")))
    video = Video.objects.get()
    poster, duration = video.poster_id, video.duration
    edit = reverse("wagtailsnippets_videos_video:edit", args=[video.pk])
    response = admin_client.post(
        edit, form_data(None, title="Tiêu đề mới", poster=poster)
    )
    assert response.status_code == 302, response.context["form"].errors
    video.refresh_from_db()
    assert video.title == "Tiêu đề mới"
    assert (video.poster_id, video.duration) == (poster, duration)


def test_replacing_the_file_makes_a_new_poster(admin_client, upload):
    admin_client.post(ADD_URL, form_data(upload("clip.mp4")))
    video = Video.objects.get()
    old_poster = video.poster_id
    edit = reverse("wagtailsnippets_videos_video:edit", args=[video.pk])
    response = admin_client.post(
        edit, form_data(upload("clip.webm"), poster=old_poster)
    )
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.file.name.endswith(".webm")
    assert video.poster_id not in (None, old_poster)


def test_file_names_are_ascii(admin_client, clips):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("Hội nghị Đảng.MP4", clips["clip.mp4"])
    assert admin_client.post(ADD_URL, form_data(upload)).status_code == 302
    name = Video.objects.get().file.name
    assert name.startswith("videos/") and name.endswith("/hoi-nghi-dang.mp4")


def test_deleting_a_video_removes_its_files(
    admin_client, upload, django_capture_on_commit_callbacks
):
    from wagtail.images import get_image_model

    admin_client.post(ADD_URL, form_data(upload("clip.mp4")))
    video = Video.objects.get()
    path = Path(video.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
    assert not path.exists()
    assert not get_image_model().objects.filter(pk=video.poster_id).exists()


def test_editing_during_conversion_neither_restarts_nor_clobbers_it(
    admin_client, upload, django_capture_on_commit_callbacks
):
    admin_client.post(ADD_URL, form_data(upload("clip.mp4"), convert_for_web="on"))
    video = Video.objects.get()
    assert video.status == Video.Status.PROCESSING  # queued, worker not run
    edit = reverse("wagtailsnippets_videos_video:edit", args=[video.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = admin_client.post(
            edit,
            form_data(None, title="Sửa tiêu đề", convert_for_web="on"),
        )
    assert response.status_code == 302
    assert without_purges(callbacks) == []  # no second conversion queued
    assert Video.objects.get().title == "Sửa tiêu đề"


def test_a_form_opened_before_the_conversion_ended_keeps_its_result(
    admin_client, editor, upload
):
    """The worker's web file and status survive a save of an older form."""
    from toasoan.videos.conversion import convert
    from toasoan.videos.wagtail_hooks import VideoViewSet

    admin_client.post(ADD_URL, form_data(upload("clip.mp4"), convert_for_web="on"))
    stale = Video.objects.get()
    form_class = VideoViewSet.edit_handler.bind_to_model(Video).get_form_class()
    data = form_data(None, title="Sửa khi đang chuyển đổi", convert_for_web="on")
    data["tags"] = "hội nghị"
    form = form_class(data=data, instance=stale, for_user=editor)
    assert convert(stale.pk) == "converted"  # the worker, meanwhile
    assert form.is_valid(), form.errors
    form.save()
    video = Video.objects.get()
    assert video.title == "Sửa khi đang chuyển đổi"
    assert video.web_file and video.status == Video.Status.READY
