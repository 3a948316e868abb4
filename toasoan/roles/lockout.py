"""The answer to a sign-in refused by the lockout (django-axes).

One page for every refused attempt, whatever the user name: it never says
whether the account exists, and it echoes nothing the client sent.
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _


def lockout_response(request, original_response=None, credentials=None):
    """A 429 page in the admin's look, with the cool-off in whole minutes."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    response = TemplateResponse(
        request,
        "roles/lockout.html",
        {
            "minutes": minutes,
            "login_url": reverse("wagtailadmin_login"),
            "page_title": _("Sign-in temporarily locked"),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    # Middleware answers are not rendered by the handler: render here.
    response.render()
    response["Retry-After"] = str(int(cool_off.total_seconds())) if cool_off else "0"
    response["Cache-Control"] = "no-store"
    return response
