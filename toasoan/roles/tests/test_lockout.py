"""Admin sign-in: lockout after repeated failures, and the password policy."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

STRONG = "Trăng-rằm-tháng-tám-2026"
LIMIT = 5


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        username="bientapvien", password=STRONG, is_superuser=True
    )


@pytest.fixture
def sign_in(client):
    def post(username, password, ip="203.0.113.7", **extra):
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
            **extra,
        )

    return post


def visible_text(response):
    """The page body without its CSRF tokens (64 random characters each)."""
    return re.sub(r"[A-Za-z0-9]{64}", "<token>", response.content.decode())


def fail(sign_in, username, times=LIMIT, ip="203.0.113.7"):
    """Fail `times` times; the LIMIT-th failure already gets the lockout."""
    for number in range(1, times + 1):
        response = sign_in(username, "sai-mat-khau", ip=ip)
        assert response.status_code == (429 if number >= LIMIT else 200)


@pytest.mark.django_db
def test_wrong_password_and_unknown_user_get_the_same_answer(editor, sign_in):
    wrong = sign_in("bientapvien", "sai-mat-khau")
    unknown = sign_in("khongtontai", "sai-mat-khau", ip="203.0.113.8")
    assert wrong.status_code == unknown.status_code == 200
    wrong_errors = wrong.context["form"].non_field_errors()
    assert wrong_errors == unknown.context["form"].non_field_errors()
    assert wrong_errors  # the generic "wrong name or password" error


@pytest.mark.django_db
def test_account_locked_even_with_the_right_password(editor, sign_in, client):
    fail(sign_in, "bientapvien")
    response = sign_in("bientapvien", STRONG, ip="198.51.100.1")  # another IP
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    assert b"15" in response.content  # the wait, in minutes
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_answer_does_not_tell_whether_the_account_exists(editor, sign_in):
    fail(sign_in, "bientapvien", ip="203.0.113.7")
    fail(sign_in, "khongtontai", ip="203.0.113.9")
    known = sign_in("bientapvien", STRONG, ip="198.51.100.1")
    unknown = sign_in("khongtontai", STRONG, ip="198.51.100.2")
    assert known.status_code == unknown.status_code == 429
    assert known["Retry-After"] == unknown["Retry-After"]
    assert visible_text(known) == visible_text(unknown)
    assert b"bientapvien" not in known.content


@pytest.mark.django_db
def test_one_address_is_locked_across_user_names(editor, sign_in, client):
    for number in range(LIMIT):
        sign_in(f"ten{number}", "sai-mat-khau", ip="203.0.113.7")
    assert sign_in("bientapvien", STRONG, ip="203.0.113.7").status_code == 429
    # Another address, another account: not locked.
    response = sign_in("bientapvien", STRONG, ip="198.51.100.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


@pytest.mark.django_db
def test_forwarded_address_counts_only_when_trusted(editor, sign_in, settings):
    """Behind nginx the last X-Forwarded-For hop is the client; else ignored."""
    settings.COMMENTS_TRUST_X_FORWARDED_FOR = False
    for number in range(LIMIT):
        sign_in(f"ten{number}", "x", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert AccessAttempt.objects.filter(ip_address="10.0.0.1").exists()
    settings.COMMENTS_TRUST_X_FORWARDED_FOR = True
    response = sign_in(
        "bientapvien", STRONG, ip="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.50"
    )
    assert response.status_code == 302  # the proxy's address is not the client
    assert not AccessAttempt.objects.filter(ip_address="1.1.1.1").exists()


@pytest.mark.django_db
def test_cool_off_expires(editor, sign_in):
    fail(sign_in, "bientapvien")
    assert sign_in("bientapvien", STRONG, ip="198.51.100.1").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert sign_in("bientapvien", STRONG, ip="198.51.100.1").status_code == 302


@pytest.mark.django_db
def test_success_resets_the_counter(editor, sign_in, client):
    fail(sign_in, "bientapvien", times=LIMIT - 1)
    assert sign_in("bientapvien", STRONG).status_code == 302
    client.logout()
    fail(sign_in, "bientapvien", times=LIMIT - 1)
    assert sign_in("bientapvien", STRONG).status_code == 302


def user_form(username, password):
    return {
        "username": username,
        "email": f"{username}@toasoan.test",
        "first_name": "Ngọc",
        "last_name": "Trần",
        "password1": password,
        "password2": password,
        "is_active": "on",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password, accepted",
    [
        ("12345678901", False),  # short and all digits
        ("ngoctran2026", False),  # close to the user name
        ("mậtkhẩu", False),  # too short
        ("password1234", False),  # common
        (STRONG, True),
    ],
)
def test_password_policy_in_wagtail_user_form(editor, client, password, accepted):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailusers_users:add"), user_form("ngoctran2026", password)
    )
    created = get_user_model().objects.filter(username="ngoctran2026").exists()
    assert created is accepted
    if not accepted:
        assert response.status_code == 200
        assert response.context["form"].errors.get("password2")


@pytest.mark.django_db
def test_password_policy_when_editing_a_user(editor, client):
    client.force_login(editor)
    other = get_user_model().objects.create_user(username="phongvien", password=STRONG)
    url = reverse("wagtailusers_users:edit", args=(other.pk,))
    data = user_form("phongvien", "12345678901")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors.get("password2")
    other.refresh_from_db()
    assert other.check_password(STRONG)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "new_password, accepted",
    [
        ("12345678901", False),
        ("bientapvien1", False),
        ("Sông-Hương-mùa-thu-1975", True),
    ],
)
def test_password_policy_when_changing_ones_own(editor, client, new_password, accepted):
    client.force_login(editor)
    response = client.post(
        reverse("wagtailadmin_account"),
        {
            "name_email-first_name": "Biên",
            "name_email-last_name": "Tập",
            "name_email-email": "bientap@toasoan.test",
            "locale-preferred_language": "vi",
            "locale-current_time_zone": "Asia/Ho_Chi_Minh",
            "theme-theme": "system",
            "theme-density": "default",
            "theme-contrast": "system",
            "theme-keyboard_shortcuts": "on",
            "password-old_password": STRONG,
            "password-new_password1": new_password,
            "password-new_password2": new_password,
        },
    )
    editor.refresh_from_db()
    assert editor.check_password(new_password) is accepted
    assert editor.check_password(STRONG) is not accepted
    if not accepted:
        assert response.status_code == 200
