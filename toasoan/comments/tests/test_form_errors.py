"""A form sent back with errors: every error of the try at once, summed up at
the top with a link to each field, and every invalid field marked alike."""

import re

import pytest
from django.test import override_settings
from django.utils.translation import gettext as _

from toasoan.comments.models import Comment, WordRule
from toasoan.comments.services import CAPTCHA_MESSAGES, POW_MESSAGES
from toasoan.comments.tests.conftest import solved_proof

pytestmark = pytest.mark.django_db

FIELD = re.compile(r"<(?:input|textarea)\b[^>]*>", re.S)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')


def fields(html):
    """{name: {attribute: value}} of the form's inputs and textareas."""
    found = {}
    for tag in FIELD.findall(html):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs:
            found[attrs["name"]] = attrs
    return found


def summary(html):
    start = html.index('id="y-kien-loi"')
    return html[start : html.index("</div>", start)]


def wrong(solve, **fields):
    data = solve(**fields)
    data["captcha_answer"] = "1" if data["captcha_answer"] != "1" else "2"
    return data


def test_a_wrong_code_and_an_empty_field_are_reported_together(client, article, solve):
    """Regression: the wrong code was reported only on the next try."""
    response = client.post(article.url, wrong(solve, name="", email="khong-email"))
    assert response.status_code == 400
    html = response.content.decode()
    errors = summary(html)
    for name, message in [
        ("name", _("Please enter your name.")),
        ("email", _("This e-mail address is not valid.")),
        ("captcha_answer", _(CAPTCHA_MESSAGES["wrong"])),
    ]:
        assert f'<a href="#id_{name}">{message}</a>' in errors
    inputs = fields(html)
    for name in ("name", "email", "captcha_answer"):
        assert inputs[name]["aria-invalid"] == "true"
        described = inputs[name]["aria-describedby"].split()
        assert f"id_{name}_error" in described
        assert f'id="id_{name}_error"' in html  # the message it points to
        for target in described:
            assert f'id="{target}"' in html
    for name in ("address", "body"):
        assert "aria-invalid" not in inputs[name]
    assert 'tabindex="-1" data-error-summary' in html
    assert not Comment.objects.exists()


def test_every_correctable_error_in_one_try(client, article, solve):
    WordRule.objects.create(phrase="lừa đảo", action=WordRule.Action.BAN)
    data = solve(answer="", email="", body="Trang này lừa đảo bạn đọc")
    html = client.post(article.url, data).content.decode()
    errors = summary(html)
    assert _("Please enter your e-mail address.") in errors
    assert _("Your comment contains words that are not allowed here.") in errors
    assert _("Please type the security code.") in errors


def test_a_right_code_is_kept_while_the_reader_corrects_the_rest(
    client, article, solve
):
    data = solve(name="")
    html = client.post(article.url, data).content.decode()
    inputs = fields(html)
    assert inputs["captcha_token"]["value"] == data["captcha_token"]
    assert inputs["captcha_answer"]["value"] == data["captcha_answer"]
    assert "aria-invalid" not in inputs["captcha_answer"]
    data["name"] = "Nguyễn Văn An"
    assert client.post(article.url, data).status_code == 303


def test_a_passed_proof_of_work_is_kept_for_the_next_try(client, article, solve):
    proof = solved_proof()
    data = solve(answer="", captcha_pow=proof, body="")
    html = client.post(article.url, data).content.decode()
    assert f'name="captcha_pow" value="{proof}"' in html
    assert "<altcha-widget" not in html  # nothing to tick again
    assert _("Verified: you do not need to type the security code.") in html
    assert "captcha_answer" not in summary(html)
    data["body"] = "Bây giờ mới viết xong ý kiến."
    assert client.post(article.url, data).status_code == 303


def test_a_refused_proof_asks_to_tick_again(client, article, solve):
    data = solve(answer="", captcha_pow="hong", name="")
    html = client.post(article.url, data).content.decode()
    errors = summary(html)
    assert (
        _(POW_MESSAGES["invalid"]) in errors and _("Please enter your name.") in errors
    )
    assert "<altcha-widget" in html


@override_settings(COMMENTS_MIN_FILL_SECONDS=60)
def test_a_refusal_of_the_whole_form_is_in_the_summary_too(client, article, solve):
    html = client.post(article.url, solve(name="")).content.decode()
    errors = summary(html)
    assert (
        "<li>" + _("You sent the form very quickly; please check it and send it again.")
        in errors
    )
    assert _("Please enter your name.") in errors
