import socket
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from toasoan.comments import limits
from toasoan.comments.tests.conftest import solve  # noqa: F401 (a fixture)
from toasoan.faults import cache as cachefail
from toasoan.news.tests import factories
from toasoan.print_edition.models import PrintArchivePage
from toasoan.videos.tests.factories import make_video

REFUSED = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def silent_redis():
    """A server that accepts connections and never answers: a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


def dead_caches(location):
    """The production CACHES block, pointed at a Redis that is not there."""
    backend = "toasoan.faults.cache.ResilientRedisCache"
    return {
        "default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": "t"},
        "limits": {
            "BACKEND": backend,
            "LOCATION": location,
            "KEY_PREFIX": "t-limits",
            "OPTIONS": {"raise_when_down": True},
        },
        "views": {
            "BACKEND": backend,
            "LOCATION": location,
            "KEY_PREFIX": "t-views",
            "TIMEOUT": None,
        },
        "pages": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": "t-pages"},
        # In each process, as in production (settings.base).
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "t-fragments",
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "t-renditions",
        },
    }


@pytest.fixture(params=["refused", "silent"])
def redis_down(request, settings):
    """Redis down for the whole test, either refusing or hanging."""
    location = (
        REFUSED
        if request.param == "refused"
        else request.getfixturevalue("silent_redis")
    )
    cachefail.reset()
    limits._fallback.clear()
    settings.CACHES = dead_caches(location)  # also resets django's cache handler
    yield request.param
    cachefail.reset()
    limits._fallback.clear()


@pytest.fixture
def site(db):
    """Home, a section, an article, a video and the print archive."""
    home = factories.home()
    section = factories.make_section(home, "Thời sự - Chính trị")
    article = factories.make_article(
        section,
        "Quốc hội thông qua Luật Đất đai sửa đổi",
        published=timezone.now() - timedelta(hours=1),
    )
    video = make_video("Phóng sự: mùa lúa chín", section=section)
    archive = PrintArchivePage(title="Tạp chí in", slug="tap-chi-in")
    home.add_child(instance=archive)
    factories.publish(archive)
    return {
        "home": home,
        "section": section,
        "article": article,
        "video": video,
        "archive": archive,
    }


@pytest.fixture
def comment_data(solve):  # noqa: F811 (the imported fixture)
    """Form data for a new challenge, answered right (or as given)."""

    def make(answer=None, **fields):
        reader = {
            "name": "Trần Thị Bình",
            "address": "Đà Nẵng",
            "email": "binh@example.vn",
            "body": "Luật mới cần hướng dẫn rõ về bồi thường khi thu hồi đất.",
        }
        return solve(answer, **{**reader, **fields})

    return make


@pytest.fixture(autouse=True)
def quick_forms(settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0


READER = {
    "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14; Pixel 8) "
    "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
}
