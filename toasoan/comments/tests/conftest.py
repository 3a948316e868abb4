from datetime import timedelta

import altcha
import pytest
from django.test import override_settings
from django.utils import timezone

from toasoan.comments import captcha, pow
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


@pytest.fixture(autouse=True)
def quick_proofs():
    """Proofs of work a test solves in milliseconds (the bench measures the
    real difficulty); tests that need it set their own."""
    with override_settings(COMMENTS_POW_COST=1000, COMMENTS_POW_MAX_NUMBER=40):
        yield


def solved_proof(challenge=None, **changes):
    """A proof of work as the widget sends it: a challenge of ours, solved."""
    challenge = altcha.Challenge.from_dict(challenge or pow.challenge())
    solution = altcha.solve_challenge(challenge)
    for name, value in changes.items():
        setattr(solution, name, value)
    return altcha.Payload(challenge, solution).to_base64()


@pytest.fixture
def solve():
    """Form data for a new challenge, answered right (or as given)."""

    def make(answer=None, **fields):
        challenge = captcha.new_challenge()
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
