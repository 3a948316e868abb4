"""Two-factor sign-in (TOTP): enrolment, the code step, removal, throttling."""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from toasoan.roles import definitions as roles

STRONG = "Trăng-rằm-tháng-tám-2026"
IP = "203.0.113.7"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        username="bientapvien", password=STRONG
    )
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    return user


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="authenticator", confirmed=True)


def code(device, drift=0):
    """The app's current code (drift=1: the next 30-second step's)."""
    return f"{totp(device.bin_key, drift=drift):06d}"


def wrong_code(device):
    """A well-formed code that none of the accepted steps (-1, 0, +1) gives."""
    valid = {code(device, drift) for drift in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def unthrottle(device):
    """Move the last failure into the past, as if the wait had passed."""
    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(days=365)
    )


@pytest.fixture
def sign_in(client):
    def post(username="bientapvien", password=STRONG):
        return client.post(
            reverse("wagtailadmin_login"),
            {"username": username, "password": password},
            REMOTE_ADDR=IP,
        )

    return post


@pytest.fixture
def send_code(client):
    def post(value, next_url="/admin/"):
        return client.post(
            reverse("two_factor_verify"),
            {"code": value, "next": next_url},
            REMOTE_ADDR=IP,
        )

    return post


def verify_url(next_url):
    return f"{reverse('two_factor_verify')}?next={quote(next_url, safe='/')}"


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_user_without_device_signs_in_as_before(editor, sign_in, client):
    assert sign_in().status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_force_login_user_without_device_is_not_asked(editor, client):
    """Other tests' client.force_login() users have no device: untouched."""
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_account")).status_code == 200


@pytest.mark.django_db
def test_password_then_code(device, sign_in, send_code, client):
    response = sign_in()
    assert response.status_code == 302 and signed_in(client)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == verify_url("/admin/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["form"].fields["code"]

    response = send_code(code(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/account/",
        "/admin/users/",
        "/admin/two-factor/",
        "/admin/two-factor/enrol/",
        "/django-admin/",
        "/django-admin/auth/user/",
    ],
)
def test_admin_refused_before_the_code(device, sign_in, client, path):
    sign_in()
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == verify_url(path)


@pytest.mark.django_db
def test_half_signed_in_session_is_anonymous_on_reader_pages(device, sign_in, client):
    sign_in()
    response = client.get(reverse("feeds:robots"))
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_verified_session_is_signed_in_on_reader_pages(
    device, sign_in, send_code, client
):
    sign_in()
    send_code(code(device))
    response = client.get(reverse("feeds:robots"))
    assert response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_django_admin_after_the_code(device, sign_in, send_code, client, editor):
    editor.is_staff = editor.is_superuser = True
    editor.save()
    sign_in()
    assert client.get("/django-admin/").status_code == 302
    send_code(code(device), next_url="/django-admin/")
    assert client.get("/django-admin/").status_code == 200


@pytest.mark.django_db
def test_django_admin_sign_in_also_asks_for_the_code(device, client, editor):
    editor.is_staff = editor.is_superuser = True
    editor.save()
    response = client.post(
        "/django-admin/login/?next=/django-admin/",
        {"username": "bientapvien", "password": STRONG},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302 and signed_in(client)
    response = client.get("/django-admin/")
    assert response["Location"] == verify_url("/django-admin/")


@pytest.mark.django_db
@pytest.mark.parametrize("wrong", ["six digits", "12345", "abcdefgh", "x" * 40, ""])
def test_wrong_code_refused(device, sign_in, send_code, client, wrong):
    sign_in()
    response = send_code(wrong_code(device) if wrong == "six digits" else wrong)
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert client.get("/admin/").status_code == 302  # still not in


@pytest.mark.django_db
def test_replayed_code_refused(device, sign_in, send_code, client):
    sign_in()
    used = code(device)
    assert send_code(used).status_code == 302
    client.post(reverse("wagtailadmin_logout"))
    assert not signed_in(client)
    sign_in()
    response = send_code(used)
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_unsafe_next_is_ignored(device, sign_in, send_code):
    sign_in()
    response = send_code(code(device), next_url="https://evil.example/")
    assert response["Location"] == reverse("wagtailadmin_home")


@pytest.mark.django_db
def test_enrolment(editor, client, sign_in, send_code):
    client.force_login(editor)
    page = client.get(reverse("two_factor_enrol"))
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert page.context["secret"].replace(" ", "") in device.config_url
    # A reload keeps the secret the app may already have scanned.
    client.get(reverse("two_factor_enrol"))
    assert TOTPDevice.objects.get(user=editor).key == device.key

    response = client.post(reverse("two_factor_enrol"), {"code": wrong_code(device)})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()

    unthrottle(device)
    response = client.post(reverse("two_factor_enrol"), {"code": code(device)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    )
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/").status_code == 200  # this session is verified

    # The next sign-in asks for a code: the app's next one is accepted.
    client.post(reverse("wagtailadmin_logout"))
    sign_in()
    assert client.get("/admin/").status_code == 302
    assert send_code(code(device, drift=1)).status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_backup_code_works_once(device, sign_in, send_code, client, editor):
    static = StaticDevice.objects.create(user=editor, name="backup")
    static.token_set.create(token="abcd2345")
    sign_in()
    assert send_code("ABCD 2345").status_code == 302  # case and spaces ignored
    client.post(reverse("wagtailadmin_logout"))
    sign_in()
    assert send_code("abcd2345").status_code == 400


@pytest.mark.django_db
def test_new_backup_codes_replace_the_old(device, sign_in, send_code, client, editor):
    sign_in()
    send_code(code(device))
    first = client.post(reverse("two_factor_backup_codes")).context["codes"]
    second = client.post(reverse("two_factor_backup_codes")).context["codes"]
    assert len(second) == 10 and not set(first) & set(second)
    assert StaticToken.objects.filter(device__user=editor).count() == 10


@pytest.mark.django_db
def test_required_group_is_sent_to_enrolment(
    editor, sign_in, client, settings, django_user_model
):
    settings.ADMIN_2FA_REQUIRED_GROUPS = [roles.ADMINISTRATOR]
    admin = django_user_model.objects.create_user(username="quantri", password=STRONG)
    admin.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))

    sign_in("quantri")
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_enrol"))
    assert client.get(reverse("two_factor_enrol")).status_code == 200
    assert not client.get(reverse("feeds:robots")).wsgi_request.user.is_authenticated

    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    client.post(reverse("two_factor_enrol"), {"code": code(device)})
    assert client.get("/admin/pages/").status_code == 200

    # An editor (not in the required group) still signs in with a password only.
    client.post(reverse("wagtailadmin_logout"))
    sign_in("bientapvien")
    assert client.get("/admin/pages/").status_code == 200


@pytest.fixture
def verified(device, sign_in, send_code, client):
    sign_in()
    assert send_code(code(device)).status_code == 302
    return device


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make_form, removed, status",
    [
        (lambda device: {"password": STRONG}, True, 302),
        (lambda device: {"code": code(device, drift=1)}, True, 302),
        (lambda device: {"code": "abcd2345"}, True, 302),  # a backup code
        (lambda device: {"password": "sai-mat-khau"}, False, 400),
        (lambda device: {"code": wrong_code(device)}, False, 400),
        (lambda device: {"code": "zzzz7777"}, False, 400),
        (lambda device: {}, False, 400),
    ],
)
def test_removal_needs_a_code_or_the_password(
    verified, client, editor, make_form, removed, status
):
    static = StaticDevice.objects.create(user=editor, name="backup")
    static.token_set.create(token="abcd2345")
    form = make_form(verified)
    response = client.post(reverse("two_factor_remove"), form, REMOTE_ADDR=IP)
    assert response.status_code == status
    assert TOTPDevice.objects.filter(user=editor).exists() is not removed
    assert StaticDevice.objects.filter(user=editor).exists() is not removed
    if removed:  # the next sign-in is a password only
        client.post(reverse("wagtailadmin_logout"))
        client.post(
            reverse("wagtailadmin_login"),
            {"username": "bientapvien", "password": STRONG},
        )
        assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_right_code_right_after_a_wrong_one_waits(device, sign_in, send_code, client):
    """django-otp's throttle: the try after a failure is refused unchecked."""
    sign_in()
    assert send_code(wrong_code(device)).status_code == 400
    response = send_code(code(device))
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_throttle_doubles_and_survives_a_new_password_sign_in(
    device, sign_in, send_code, client
):
    """Re-entering the password (which resets django-axes) does not reset it."""
    sign_in()
    for _ in range(4):  # below the django-axes limit of 5
        unthrottle(device)
        assert send_code(wrong_code(device)).status_code == 400
    device.refresh_from_db()
    assert device.throttling_failure_count == 4
    client.post(reverse("wagtailadmin_logout"))
    sign_in()
    response = send_code(code(device))
    assert response.status_code == 429
    assert 7 <= int(response["Retry-After"]) <= 8  # 2^(4-1) seconds


@pytest.mark.django_db
def test_wrong_codes_count_toward_the_lockout(device, sign_in, send_code, client):
    sign_in()
    wrong = wrong_code(device)
    for number in range(1, 6):
        unthrottle(device)
        response = send_code(wrong)
        assert response.status_code == (429 if number == 5 else 400)
    assert int(response["Retry-After"]) == 15 * 60  # the lockout page
    assert not signed_in(client)
    assert AccessAttempt.objects.get(username="bientapvien").failures_since_start == 5
    # Locked: even the right password does not open a session now.
    assert sign_in().status_code == 429


@pytest.mark.django_db
def test_locked_user_name_cannot_finish_with_the_right_code(
    device, sign_in, send_code, client
):
    """A lock taken meanwhile (wrong passwords elsewhere) beats the right code."""
    sign_in()
    elsewhere = Client()
    for _ in range(5):
        elsewhere.post(
            reverse("wagtailadmin_login"),
            {"username": "bientapvien", "password": "sai-mat-khau"},
            REMOTE_ADDR="198.51.100.9",
        )
    response = send_code(code(device))
    assert response.status_code == 429
    assert not signed_in(client)


@pytest.mark.django_db
def test_account_page_links_to_two_factor(editor, client):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_account"))
    assert reverse("two_factor_manage") in response.content.decode()
    page = client.get(reverse("two_factor_manage"))
    assert page.status_code == 200
    assert page.context["device"] is None


@pytest.mark.django_db
def test_manage_command_removes_devices(device, editor, capsys):
    StaticDevice.objects.create(user=editor, name="backup")
    call_command("two_factor_remove", "bientapvien")
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert re.search(r"\b2\b", capsys.readouterr().out)


@pytest.mark.django_db
def test_manage_command_unknown_user(db):
    with pytest.raises(CommandError):
        call_command("two_factor_remove", "khongtontai")
