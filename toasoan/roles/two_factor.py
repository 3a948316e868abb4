"""Optional two-factor sign-in (TOTP) for the admins: the rules, no views.

A user "has two-factor" when they own a confirmed TOTP device (django-otp).
Backup codes are a django-otp static device made beside it at enrolment and
removed with it; alone they do not count. After the password, a session of
such a user is not verified until a code is accepted (`verify_code`), and the
middleware (`toasoan.roles.middleware`) keeps it out of the admins until then.

Guessing is held back twice: django-otp's throttle on each device (after n
consecutive failures the next try waits 2^(n-1) seconds, reset only by a
right code) and the django-axes lockout, to which every wrong code counts as
a failed sign-in of that user name and address.
"""

import math
import re
from base64 import b32encode
from dataclasses import dataclass

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.middleware.csrf import rotate_token
from django.utils import timezone
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
DEVICE_NAME = "authenticator"
TOTP_CODE = re.compile(r"\d{6}")
# StaticToken.random_token(): 8 characters of lower-case base32.
BACKUP_CODE = re.compile(r"[a-z2-7]{8}")


def totp_device(user, confirmed=True):
    """The user's TOTP device (we keep at most one of each state), or None."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def has_two_factor(user):
    return (
        user.is_authenticated
        and TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    )


def required_for(user):
    """Whether a role in ADMIN_2FA_REQUIRED_GROUPS makes it compulsory."""
    groups = settings.ADMIN_2FA_REQUIRED_GROUPS
    return bool(
        groups
        and user.is_authenticated
        and user.groups.filter(name__in=groups).exists()
    )


def is_verified(user):
    """Set by django-otp's OTPMiddleware: a code was accepted in this session."""
    return bool(getattr(user, "is_verified", None) and user.is_verified())


def pending_step(user):
    """What a signed-in user still owes before the admin: "code", "enrol", None."""
    if not user.is_authenticated or is_verified(user):
        return None
    if has_two_factor(user):
        return "code"
    if required_for(user):
        return "enrol"
    return None


def normalise(code):
    """Spaces and dashes are for reading; backup codes are lower case."""
    return re.sub(r"[\s-]", "", code or "").lower()


@dataclass
class Outcome:
    device: object = None  # the device that accepted the code
    wait_seconds: int = 0  # > 0: refused unchecked, throttled
    malformed: bool = False  # neither a 6-digit code nor a backup code

    @property
    def accepted(self):
        return self.device is not None


def _check(model, device_id, code):
    """Verify against one device, its row locked so parallel tries queue."""
    with transaction.atomic():
        device = model.objects.select_for_update().get(pk=device_id)
        allowed, info = device.verify_is_allowed()
        if not allowed:
            wait = (info["locked_until"] - timezone.now()).total_seconds()
            return Outcome(wait_seconds=max(1, math.ceil(wait)))
        if device.verify_token(code):
            return Outcome(device=device)
        return Outcome()


def check_code(user, code, enrolling=None):
    """Check a code: a TOTP code, or (not while enrolling) a backup code."""
    code = normalise(code)
    if TOTP_CODE.fullmatch(code):
        device = enrolling or totp_device(user)
        if device is None:
            return Outcome()
        return _check(TOTPDevice, device.pk, code)
    if enrolling is None and BACKUP_CODE.fullmatch(code):
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            return Outcome()
        return _check(StaticDevice, device.pk, code)
    return Outcome(malformed=True)


def credentials_for(user):
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def is_locked_out(request, user):
    return AxesProxyHandler.is_locked(request, credentials_for(user))


def _sign_in(request, device):
    """Mark the session verified; a new privilege gets new session and CSRF ids."""
    otp_login(request, device)
    request.session.cycle_key()
    rotate_token(request)


def verify_code(request, code):
    """The second sign-in step: accept the code or count a failure.

    A wrong code is a failed sign-in for django-axes (user name and address);
    `request.axes_locked_out` is then set when it reaches the limit.
    """
    user = request.user
    outcome = check_code(user, code)
    if outcome.accepted:
        _sign_in(request, outcome.device)
    elif not outcome.wait_seconds and not outcome.malformed:
        user_login_failed.send(
            sender=__name__, credentials=credentials_for(user), request=request
        )
    return outcome


def start_enrolment(user):
    """The user's unconfirmed TOTP device, made if needed (secret kept)."""
    device = totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def finish_enrolment(request, device):
    """Confirm the device, sign this session in with it, make backup codes."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _sign_in(request, device)
    return new_backup_codes(request.user)


def new_backup_codes(user):
    """Replace the user's backup codes; the plain codes are shown only once."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "backup", "confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
        StaticToken.objects.bulk_create(
            StaticToken(device=device, token=code) for code in codes
        )
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user).count()


def remove_two_factor(user):
    """Delete every device of the user (app and backup codes); how many."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    return len(devices)


def secret_for_typing(device):
    """The base32 secret in groups of four, for apps without a camera."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device):
    """The otpauth:// address as an SVG QR code, for an <img src>: no script."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_data_uri(scale=5, border=4, dark="#000", light="#fff")
