from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from toasoan.comments import captcha
from toasoan.news.tests.factories import home, make_article, make_section


@pytest.fixture
def article(db):
    section = make_section(home(), "Thời sự - Chính trị")
    published = timezone.now() - timedelta(hours=1)
    return make_article(section, "Bài có ý kiến", published=published)


@pytest.fixture(autouse=True)
def quick_forms():
    """No waiting in tests unless a test asks for the real minimum time."""
    with override_settings(COMMENTS_MIN_FILL_SECONDS=0):
        yield


@pytest.fixture
def solve():
    """Form data for a new challenge, answered right (or as given)."""

    def make(answer=None, kind=captcha.IMAGE, **fields):
        challenge = captcha.new_challenge(kind)
        data = {
            "name": "Nguyễn Văn An",
            "address": "Hà Nội",
            "email": "an@example.vn",
            "body": "Bài viết rất bổ ích, cảm ơn tòa soạn.",
            "captcha_token": challenge.token,
            "captcha_answer": answer
            if answer is not None
            else captcha.answer_for(challenge),
            "website": "",
        }
        data.update(fields)
        return data

    return make
