"""Demo clips, made with ffmpeg on the spot (nothing is downloaded)."""

import os
import tempfile
from datetime import timedelta

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from toasoan.news.models import SectionPage
from toasoan.videos import ffmpeg, services
from toasoan.videos.models import Video

# (title, description, section title, tags, ffmpeg test source, tone in Hz)
DEMO_CLIPS = [
    (
        "Toàn cảnh hội nghị cán bộ chủ chốt đầu năm",
        "Những hình ảnh tại hội nghị tổng kết công tác năm và triển khai nhiệm "
        "vụ năm mới.",
        "Thời sự - Chính trị",
        ["hội nghị", "cán bộ"],
        "testsrc2=size=640x360:rate=25",
        440,
    ),
    (
        "Chuyển đổi số ở xã nông thôn mới",
        "Người dân làm thủ tục hành chính trực tuyến ngay tại nhà văn hóa thôn.",
        "Kinh tế",
        ["chuyển đổi số", "nông thôn mới"],
        "smptehdbars=size=640x360:rate=25",
        523,
    ),
    (
        "Đêm văn hóa dân tộc tại phố cổ",
        "Nghệ nhân và thanh niên cùng dựng lại những làn điệu truyền thống.",
        "Văn hóa - Xã hội",
        ["văn hóa"],
        "gradients=s=640x360:r=25:speed=0.03",
        330,
    ),
]


def _make_clip(target, source, tone, seconds=6):
    ffmpeg.run(
        [
            ffmpeg._binary("ffmpeg"),
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            source,
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={tone}:sample_rate=44100",
            "-t",
            str(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-movflags",
            "+faststart",
            str(target),
        ],
        timeout=120,
    )


def load_demo_videos(stdout=None):
    """Add a few published demo clips (once). Returns a line to print."""

    def say(line):
        if stdout is not None:
            stdout.write(line)
        return line

    if Video.objects.exists():
        return say("Demo videos: the site already has videos, kept.")
    if not ffmpeg.available():
        return say(
            _("Demo videos: ffmpeg is not installed, so no demo clips were made.")
        )
    now = timezone.now()
    made = 0
    with tempfile.TemporaryDirectory() as folder:
        for i, (title, text, section_title, tags, source, tone) in enumerate(
            DEMO_CLIPS
        ):
            path = os.path.join(folder, f"clip-{i + 1}.mp4")
            try:
                _make_clip(path, source, tone)
                probe = ffmpeg.probe(path)
            except ffmpeg.ToolFailed as exc:
                say(f"Demo videos: clip {i + 1} not made ({exc}).")
                continue
            video = Video(
                title=title,
                description=text,
                section=SectionPage.objects.filter(title=section_title).first(),
                published=True,
                published_at=now - timedelta(hours=5 * i + 1),
            )
            services.apply_probe(video, probe)
            with open(path, "rb") as handle:
                video.file.save(f"demo-{i + 1}.mp4", File(handle), save=False)
            video.save()
            video.tags.add(*tags)
            services.after_save(video, file_changed=True)
            made += 1
    return say(f"Demo videos: {made} clips.")
