"""The demo clips (`load_demo_content` makes them with ffmpeg)."""

import pytest

from toasoan.demo import videos as demo
from toasoan.videos import ffmpeg
from toasoan.videos.models import Video


def test_demo_clips(db, monkeypatch):
    if not ffmpeg.available():
        pytest.skip("ffmpeg is not installed")
    monkeypatch.setattr(demo, "DEMO_CLIPS", demo.DEMO_CLIPS[:1])
    assert demo.load_demo_videos() == "Demo videos: 1 clips."
    video = Video.objects.public().get()
    assert video.duration == pytest.approx(6, abs=0.2)
    assert video.poster is not None
    assert "hội nghị" in [t.name for t in video.tags.all()]
    assert demo.load_demo_videos() == "Demo videos: the site already has videos, kept."


def test_demo_says_when_ffmpeg_is_missing(db, settings):
    settings.VIDEO_FFMPEG = "khong-co-ffmpeg"
    message = demo.load_demo_videos()
    assert "ffmpeg" in message
    assert not Video.objects.exists()
