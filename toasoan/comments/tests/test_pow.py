"""The proof of work, the picture's alternative: accepted once, bound to the
secret, refused (a 400 with a Vietnamese message, never a 500) when wrong,
expired, replayed or forged."""

import base64
import json
import time
from unittest import mock

import altcha
import pytest
from django.test import override_settings
from django.utils.translation import gettext as _

from toasoan.comments import captcha, pow
from toasoan.comments.models import Comment
from toasoan.comments.services import POW_MESSAGES
from toasoan.comments.tests.conftest import solved_proof

pytestmark = pytest.mark.django_db


def with_proof(solve, proof, **fields):
    """The form sent with a proof of work and no picture code."""
    return solve(answer="", captcha_pow=proof, **fields)


def changed(payload, where, name, value):
    data = json.loads(base64.b64decode(payload))
    target = {
        "parameters": data["challenge"]["parameters"],
        "challenge": data["challenge"],
        "solution": data["solution"],
    }[where]
    target[name] = value
    return base64.b64encode(json.dumps(data).encode()).decode()


def refused_with(response, code):
    assert response.status_code == 400
    html = response.content.decode()
    errors = html[html.index('id="y-kien-loi"') :][:800]
    assert _(POW_MESSAGES[code]) in errors, errors
    assert not Comment.objects.exists()


def test_a_solved_proof_stands_for_the_code_and_the_comment_waits(
    client, article, solve
):
    response = client.post(article.url, with_proof(solve, solved_proof()))
    assert response.status_code == 303
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_proof_is_used_once(client, article, solve):
    proof = solved_proof()
    assert client.post(article.url, with_proof(solve, proof)).status_code == 303
    again = with_proof(solve, proof, email="khac@example.vn", body="Ý kiến thứ hai.")
    response = client.post(article.url, again, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 400
    assert _(POW_MESSAGES["used"]) in response.content.decode()
    assert Comment.objects.count() == 1


def test_an_expired_proof_is_refused(client, article, solve):
    proof = solved_proof()
    later = time.time() + captcha.MAX_AGE + 5
    with mock.patch("time.time", return_value=later):
        response = client.post(article.url, with_proof(solve, proof))
    refused_with(response, "expired")


@pytest.mark.parametrize(
    "where, name, value",
    [
        ("solution", "derivedKey", "00" * 32),  # a made-up answer
        ("solution", "derivedKey", None),
        ("parameters", "cost", 1),  # easier work: the signature no longer fits
        ("parameters", "keyPrefix", "00"),
        ("parameters", "expiresAt", 4_000_000_000),  # a longer life
        ("challenge", "signature", "ab" * 32),
        ("challenge", "signature", None),
    ],
)
def test_a_forged_proof_is_refused(client, article, solve, where, name, value):
    proof = changed(solved_proof(), where, name, value)
    response = client.post(article.url, with_proof(solve, proof))
    assert response.status_code == 400
    html = response.content.decode()
    assert _(POW_MESSAGES["invalid"]) in html or _(POW_MESSAGES["expired"]) in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        "khong-phai-bang-chung",
        base64.b64encode(b'{"challenge": null, "solution": null, "test": true}'),
        base64.b64encode(b"[1, 2]"),
        base64.b64encode(b"{" * 5000),
        "x" * (pow.MAX_PAYLOAD + 1),
        "ü\x00",
    ],
)
def test_garbage_instead_of_a_proof_is_a_400(client, article, solve, payload):
    if isinstance(payload, bytes):
        payload = payload.decode()
    refused_with(client.post(article.url, with_proof(solve, payload)), "invalid")


def test_a_challenge_made_with_another_secret_is_refused(client, article, solve):
    with override_settings(SECRET_KEY="another-site-secret"):
        proof = solved_proof()
    refused_with(client.post(article.url, with_proof(solve, proof)), "invalid")


def test_the_work_is_that_of_the_settings():
    """A counter drawn below MAX_NUMBER, each try COST rounds of PBKDF2."""
    with override_settings(COMMENTS_POW_COST=1234, COMMENTS_POW_MAX_NUMBER=7):
        made = [pow.challenge() for _ in range(20)]
        counters = [
            altcha.solve_challenge(altcha.Challenge.from_dict(c)).counter for c in made
        ]
    assert {c["parameters"]["cost"] for c in made} == {1234}
    assert all(0 <= counter < 7 for counter in counters)
    assert len(set(counters)) > 1  # drawn, not fixed
    assert len({c["parameters"]["nonce"] for c in made}) == 20


def test_a_proof_passes_check_until_it_is_consumed():
    proof = pow.check(solved_proof())
    assert pow.check(proof.payload) == proof  # checking does not use it up
    pow.consume(proof)
    with pytest.raises(captcha.CaptchaError) as error:
        pow.check(proof.payload)
    assert error.value.code == "used"
    with pytest.raises(captcha.CaptchaError):
        pow.consume(proof)


def test_a_failed_proof_falls_back_to_a_typed_code(client, article, solve):
    """A reader who ticked and also typed the code is judged on the code."""
    data = solve(captcha_pow="hong")
    assert client.post(article.url, data).status_code == 303


def test_the_challenge_is_not_in_the_cached_page(client, article):
    """The widget fetches its challenge when ticked: the page is the same for
    every reader and can come from the page cache."""
    first = client.get(article.url).content.decode()
    second = client.get(article.url).content.decode()
    assert first == second
    assert 'challenge="/binh-luan/ma-bao-ve/thu-thach/"' in first
    assert '"signature"' not in first and "keyPrefix" not in first
