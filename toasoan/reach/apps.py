from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    """Reading statistics: views counted by a beacon, and the most read."""

    name = "toasoan.reach"
    label = "reach"
    verbose_name = _("Reading statistics")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
