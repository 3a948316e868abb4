import shutil
import subprocess

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from toasoan.news.tests.factories import home, make_section

from . import factories


def _need_ffmpeg():
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        pytest.skip("ffmpeg/ffprobe are not installed")


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    """Tiny real clips (1 s, 160x120, with sound), made once per test run."""
    _need_ffmpeg()
    folder = tmp_path_factory.mktemp("clips")
    made = {}
    for name, extra in {
        "clip.mp4": ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
        "clip.mov": ["-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac"],
        "clip.webm": ["-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus"],
    }.items():
        target = folder / name
        subprocess.run(
            [
                "ffmpeg", "-nostdin", "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "1", "-pix_fmt", "yuv420p", *extra, str(target),
            ],
            check=True,
            timeout=60,
        )  # fmt: skip
        made[name] = target.read_bytes()
    return made


@pytest.fixture
def upload(clips):
    def make(name="clip.mp4", content=None):
        return SimpleUploadedFile(name, content if content is not None else clips[name])

    return make


@pytest.fixture
def section(db):
    return make_section(home(), "Thời sự - Chính trị")


@pytest.fixture
def other_section(db):
    return make_section(home(), "Văn hóa - Xã hội")


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "bientap", "bientap@example.vn", "mat-khau-dai-1"
    )


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def make_video(db):
    return factories.make_video


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test its own media folder, so a test can see what got stored."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT
