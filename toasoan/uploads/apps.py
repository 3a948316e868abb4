from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    """Checks on uploaded images and documents (docs/security.md, "Uploads")."""

    name = "toasoan.uploads"
    verbose_name = _("Uploads")

    def ready(self):
        from . import images

        images.limit_pillow()
        images.guard_renditions()
