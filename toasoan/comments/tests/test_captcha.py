"""The captcha: nothing written when shown, no replay, dies after wrong answers."""

import time
from unittest import mock

import pytest
from django.core import signing

from toasoan.comments import captcha
from toasoan.comments.forms import CommentForm
from toasoan.comments.models import Comment

pytestmark = pytest.mark.django_db


def test_showing_the_form_and_drawing_the_code_does_not_touch_the_database(
    django_assert_num_queries,
):
    with django_assert_num_queries(0):
        form = CommentForm()
        png = captcha.render_png(form.challenge)
        form.as_p()
    assert png.startswith(b"\x89PNG")
    assert len(captcha.answer_for(form.challenge)) == captcha.DIGITS


def test_right_answer_once_then_never_again():
    challenge = captcha.new_challenge()
    answer = captcha.answer_for(challenge)
    captcha.check(challenge, f" {answer} ")
    captcha.consume(challenge)
    with pytest.raises(captcha.CaptchaError) as error:
        captcha.check(challenge, answer)
    assert error.value.code == "used"
    with pytest.raises(captcha.CaptchaError):
        captcha.consume(challenge)


def test_challenge_dies_after_three_wrong_answers():
    challenge = captcha.new_challenge()
    right = captcha.answer_for(challenge)
    wrong = str((int(right) + 1) % 10**captcha.DIGITS).zfill(captcha.DIGITS)
    codes = []
    for _ in range(3):
        with pytest.raises(captcha.CaptchaError) as error:
            captcha.check(challenge, wrong)
        codes.append(error.value.code)
    assert codes == ["wrong", "wrong", "dead"]
    with pytest.raises(captcha.CaptchaError) as error:
        captcha.check(challenge, right)
    assert error.value.code == "dead"


@pytest.mark.parametrize(
    "token, code",
    [
        ("", "invalid"),
        ("khong-phai-ma", "invalid"),
        (signing.dumps({"n": "x", "k": "image", "t": 1}, salt="other"), "invalid"),
        (signing.dumps(["x"], salt=captcha.SALT), "invalid"),
        # signed by us but of another shape (found by the fuzz test)
        (
            signing.dumps({"n": "x", "k": "image", "t": ""}, salt=captcha.SALT),
            "invalid",
        ),
        (
            signing.dumps({"n": "x", "k": "image", "t": None}, salt=captcha.SALT),
            "invalid",
        ),
        (
            signing.dumps({"n": "x", "k": "image", "t": [1]}, salt=captcha.SALT),
            "invalid",
        ),
        (
            signing.dumps({"n": "x", "k": "image", "t": True}, salt=captcha.SALT),
            "invalid",
        ),
        (
            signing.dumps(
                {"n": "x", "k": "image", "t": float("nan")}, salt=captcha.SALT
            ),
            "invalid",
        ),
        (
            signing.dumps({"n": "x", "k": ["image"], "t": 1}, salt=captcha.SALT),
            "invalid",
        ),
        (signing.dumps({"n": "x", "k": "audio", "t": 1}, salt=captcha.SALT), "invalid"),
        (
            signing.dumps({"n": None, "k": "image", "t": 1}, salt=captcha.SALT),
            "invalid",
        ),
    ],
)
def test_forged_tokens_are_refused(token, code):
    with pytest.raises(captcha.CaptchaError) as error:
        captcha.load(token)
    assert error.value.code == code


def test_old_tokens_expire():
    challenge = captcha.new_challenge()
    later = time.time() + captcha.MAX_AGE + 5
    with mock.patch("time.time", return_value=later):
        with pytest.raises(captcha.CaptchaError) as error:
            captcha.load(challenge.token)
    assert error.value.code == "expired"


def test_the_answer_cannot_be_read_from_the_token():
    challenge = captcha.new_challenge()
    payload = signing.loads(challenge.token, salt=captcha.SALT)
    assert captcha.answer_for(challenge) not in str(payload)


def test_the_spelled_out_sums_are_gone_and_guessing_them_fails(client, article, solve):
    """Regression: "một cộng hai bằng mấy?" was the picture's alternative, and a
    20-line script answered every one (the sum of two spelled digits). A
    script doing the same now gets a picture, and its guesses of a sum die."""
    data = client.get("/binh-luan/ma-bao-ve/moi/?loai=cau-hoi").json()
    assert data["kind"] == "image" and "question" not in data
    html = client.get(article.url + "?ma-bao-ve=cau-hoi").content.decode()
    assert "bằng mấy" not in html and "cộng" not in html
    old = signing.dumps(
        {"n": "abc", "k": "question", "t": time.time()}, salt=captcha.SALT
    )
    with pytest.raises(captcha.CaptchaError):
        captcha.load(old)
    token = data["token"]
    answers = [str(total) for total in range(2, 19)] + ["ba", "mười hai"]
    responses = [
        client.post(article.url, solve(captcha_token=token, captcha_answer=guess))
        for guess in answers
    ]
    assert {r.status_code for r in responses} == {400}
    assert not Comment.objects.exists()
    last = responses[-1].content.decode()
    assert "Nhập sai quá nhiều lần" in last


def test_token_of_another_shape_gets_a_new_code_not_an_error(client, article, solve):
    """Regression (fuzzing): such a token was a 500 on the form and the image."""
    odd = signing.dumps({"n": "x", "k": "image", "t": ""}, salt=captcha.SALT)
    assert client.get(f"/binh-luan/ma-bao-ve/{odd}.png").status_code == 404
    response = client.post(article.url, solve(captcha_token=odd))
    assert response.status_code == 400
    assert odd not in response.content.decode()  # a fresh code replaced it


def full_width(digits):
    return "".join(chr(ord("０") + int(d)) for d in digits)


def test_full_width_digits_are_the_right_answer():
    """A Japanese or Chinese keyboard types ０-９; they are the same digits."""
    challenge = captcha.new_challenge()
    captcha.check(challenge, full_width(captcha.answer_for(challenge)))


@pytest.mark.parametrize("typed", ["²", "¹²³⁴⁵", "١٢", "Ⅻ", "½", "１x"])
def test_other_digit_like_signs_are_a_wrong_answer_not_an_error(typed):
    """Regression (fuzzing): "²" passed isdigit() and made compare_digest raise
    TypeError on non-ASCII text, a 500 on the comment form."""
    challenge = captcha.new_challenge()
    with pytest.raises(captcha.CaptchaError) as error:
        captcha.check(challenge, typed)
    assert error.value.code == "wrong"


def test_non_ascii_answer_through_the_form_is_a_400(client, article, solve):
    response = client.post(article.url, solve(answer="²³"))
    assert response.status_code == 400
    assert "Mã bảo vệ chưa đúng" in response.content.decode()
