"""Error pages in Vietnamese that never fail themselves."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be the reason we are here.
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"site_name": None}))
