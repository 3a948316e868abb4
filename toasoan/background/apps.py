from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackgroundConfig(AppConfig):
    """Background work: Django's tasks on an engine with leases and retries."""

    name = "toasoan.background"
    label = "background"
    verbose_name = _("Background work")
