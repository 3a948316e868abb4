from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from toasoan.news.tests import factories
from toasoan.news.tests.conftest import home, section  # noqa: F401 (fixtures)


@pytest.fixture(autouse=True)
def _fresh_views(settings):
    """Each test its own view counters; no opportunistic flush unless asked."""
    caches[settings.REACH_VIEWS_CACHE].clear()
    yield
    caches[settings.REACH_VIEWS_CACHE].clear()


@pytest.fixture
def author(db):
    return factories.make_author("Ngô Khiêm", job_title="Phóng viên")


@pytest.fixture
def recent():
    """A publication time two hours ago (inside Google News' 48 hours)."""
    return timezone.now() - timedelta(hours=2)


@pytest.fixture
def article(section, author, recent):  # noqa: F811 (the imported fixture)
    return factories.make_article(
        section,
        "Hội nghị Trung ương lần thứ tư: đổi mới và chỉnh đốn Đảng",
        published=recent,
        authors=[author],
        lead="Sáng 12/1, Hội nghị khai mạc tại Hà Nội.",
        image=factories.make_image("Toàn cảnh Hội nghị"),
    )


@pytest.fixture
def reader_agent():
    return {
        "HTTP_USER_AGENT": "Mozilla/5.0 (Linux; Android 14; Pixel 8) "
        "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
    }
