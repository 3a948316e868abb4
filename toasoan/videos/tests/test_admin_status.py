"""The processing status in a video's admin form says nothing before a file."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from toasoan.videos.models import Video

ADD_URL = reverse("wagtailsnippets_videos_video:add")
NO_FILE = (
    "No file yet: its status and duration show here once a video file is "
    "uploaded and saved."
)


def status_panel(html):
    """The text of the "Processing status" section of the form."""
    with translation.override("vi"):
        heading = gettext("Processing status")
    start = html.index(f">{heading}<")
    end = html.find("</section>", start)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:end]))


def test_the_add_form_says_there_is_no_file_yet(admin_client):
    panel = status_panel(admin_client.get(ADD_URL).content.decode())
    with translation.override("vi"):
        assert gettext(NO_FILE) in panel
        assert gettext("Ready") not in panel
    assert "None" not in panel


@pytest.mark.parametrize(
    "status, fields, shown",
    [
        (Video.Status.READY, {"duration": 65.0}, ["Ready", "1:05"]),
        (Video.Status.PROCESSING, {"progress": 40}, ["Processing", "40%"]),
        (
            Video.Status.FAILED,
            {"processing_error": "ffmpeg hỏng"},
            ["Processing failed", "ffmpeg hỏng"],
        ),
    ],
)
def test_a_video_with_a_file_shows_its_status(
    admin_client, make_video, status, fields, shown
):
    video = make_video("Clip", status=status, **fields)
    edit = reverse("wagtailsnippets_videos_video:edit", args=[video.pk])
    panel = status_panel(admin_client.get(edit).content.decode())
    with translation.override("vi"):
        for text in shown:
            assert gettext(text) in panel
        assert gettext(NO_FILE) not in panel
    assert "None" not in panel


def test_an_unknown_duration_is_left_out(admin_client, make_video):
    video = make_video("Clip", duration=None)
    edit = reverse("wagtailsnippets_videos_video:edit", args=[video.pk])
    panel = status_panel(admin_client.get(edit).content.decode())
    with translation.override("vi"):
        assert gettext("Ready") in panel and gettext("Duration") not in panel
    assert "None" not in panel
