from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadAPIConfig(AppConfig):
    """The public read-only API (/api/v2/): the apps add their endpoints."""

    name = "toasoan.readapi"
    label = "readapi"
    verbose_name = _("Read API")

    def ready(self):
        from .api import PublicImagesAPIViewSet, PublicPagesAPIViewSet, api_router

        api_router.register_endpoint("pages", PublicPagesAPIViewSet)
        api_router.register_endpoint("images", PublicImagesAPIViewSet)
