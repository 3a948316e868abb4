"""Error pages in Vietnamese that never fail themselves."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be the reason we are here.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"site_name": None}))


def csrf_failure(request, reason=""):
    """A form sent without its token: in Vietnamese, with a way back."""
    back = request.path if url_has_allowed_host_and_scheme(request.path, None) else "/"
    if request.method == "POST" and not back.startswith(("/admin/", "/django-admin/")):
        back += "?binh-luan=viet#y-kien"  # the complete form, with its codes
    return render(request, "403_csrf.html", {"back_url": back}, status=403)
