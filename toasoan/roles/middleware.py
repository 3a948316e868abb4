"""Keep half-signed-in sessions out of the admins (two-factor sign-in).

After django-otp's OTPMiddleware. A session whose user owes a step
(`two_factor.pending_step`: a code, or enrolment when their role requires it)
is redirected to that step on any admin address except the few the step
itself needs, and is anonymous everywhere else (reader pages, private pages,
the user bar). Users without a device and outside the required roles are not
touched, nor are `client.force_login()` test users.
"""

from functools import partial

from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db.utils import InterfaceError, OperationalError
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject

from toasoan.faults.middleware import DatabaseUnavailableMiddleware

from . import two_factor

ADMIN_PREFIXES = ("/admin/", "/django-admin/")

# Views a session may reach while it owes a step (by URL name).
ALWAYS_ALLOWED = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "admin:logout",
}
STEP_VIEWS = {
    "code": ("two_factor_verify", {"two_factor_verify"}),
    "enrol": ("two_factor_enrol", {"two_factor_enrol"}),
}


def _view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _reader_user(user):
    return AnonymousUser() if two_factor.pending_step(user) else user


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(ADMIN_PREFIXES):
            try:
                step = two_factor.pending_step(request.user)
            except (OperationalError, InterfaceError) as error:
                # Raised outside any view, where the faults middleware's
                # process_exception does not reach: give its 503 here.
                faults = DatabaseUnavailableMiddleware(self.get_response)
                return faults.process_exception(request, error)
            if step:
                url_name, allowed = STEP_VIEWS[step]
                if _view_name(request.path_info) not in ALWAYS_ALLOWED | allowed:
                    return redirect_to_login(
                        request.get_full_path(), login_url=reverse(url_name)
                    )
        else:
            user = request.user
            request.user = SimpleLazyObject(partial(_reader_user, user))
            auser = getattr(request, "auser", None)
            if auser is not None:

                async def reader_auser():
                    return await sync_to_async(_reader_user)(await auser())

                request.auser = reader_auser
        return self.get_response(request)
