"""The public read-only API (/api/v2/), on Wagtail's API v2: the router and
what every endpoint shares. An engine: it knows no content type.

Each app adds its endpoints in its AppConfig.ready(), e.g. the print edition::

    from toasoan.readapi.api import api_router
    api_router.register_endpoint("print-issues", PrintIssuesAPIViewSet)

and says which images readers may fetch through /api/v2/images/ with
`public_images(...)`. This app adds the endpoints of every page type and of
the images when it is ready, after news (INSTALLED_APPS): an article's
detail_url points to /articles/, the first endpoint of its model. Mix in
VietnameseErrorsMixin for Vietnamese error messages, and write absolute links
with api_url(): like Wagtail's detail_url and html_url, they then use the
Site, which follows BASE_URL (toasoan/core/site.py), whatever host a request
came by. /api/v2/ itself lists the endpoints (api_index).
"""

from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from rest_framework import status
from rest_framework.fields import Field
from wagtail.api.utils import get_full_url
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from toasoan.seo import jsonld

# Callables returning a queryset of image ids readers may see (public_images).
_PUBLIC_IMAGES = []


def public_images(ids):
    """Sign up `ids()`: a queryset of the ids of images public content shows."""
    _PUBLIC_IMAGES.append(ids)
    return ids


def api_url(request, url):
    """`url` made absolute on the Site's base (BASE_URL), as Wagtail's links."""
    return get_full_url(request, url) if url else None


class DateTimeField(Field):
    """2022-01-12T18:31:00+07:00."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return jsonld.iso(value)


class VietnameseErrorsMixin:
    """Errors in Vietnamese, with Wagtail's technical detail kept after it."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, Http404):
            response.data = {"message": _("Not found.")}
        elif isinstance(exc, BadRequestError):
            response.data = {
                "message": _("Invalid request: %(detail)s") % {"detail": exc}
            }
        elif response.status_code == status.HTTP_405_METHOD_NOT_ALLOWED:
            response.data = {"message": _("This API is read only.")}
        return response


class PublicPagesAPIViewSet(VietnameseErrorsMixin, PagesAPIViewSet):
    """Every live public page, of any type."""


class PublicImagesAPIViewSet(VietnameseErrorsMixin, ImagesAPIViewSet):
    """Only images that readers can see: those the apps sign up with
    public_images() (live public articles', public videos' posters, authors'
    photos). Drafts' pictures stay private."""

    def get_queryset(self):
        shown = Q(pk__in=[])
        for ids in _PUBLIC_IMAGES:
            shown |= Q(pk__in=ids())
        return super().get_queryset().filter(shown)


class APIRouter(WagtailAPIRouter):
    """Wagtail's router, which also keeps the names of its endpoints in the
    order they were registered, for the index at /api/v2/."""

    def __init__(self, url_namespace):
        super().__init__(url_namespace)
        self.endpoint_names = []

    def register_endpoint(self, name, class_):
        super().register_endpoint(name, class_)
        if name not in self.endpoint_names:
            self.endpoint_names.append(name)


@require_safe
def api_index(request):
    """/api/v2/: each endpoint's absolute address, and the search API's.
    Only endpoints the URLconf serves (registered before it was read)."""
    endpoints = {}
    for name in api_router.endpoint_names:
        try:
            path = reverse(f"{api_router.url_namespace}:{name}:listing")
        except NoReverseMatch:
            continue
        endpoints[name] = api_url(request, path)
    return JsonResponse(
        {"endpoints": endpoints, "search": api_url(request, reverse("search:api"))}
    )


api_router = APIRouter("wagtailapi")
