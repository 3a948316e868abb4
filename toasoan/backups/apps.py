from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """`manage.py backup` / `restore`: one archive with the database and media."""

    name = "toasoan.backups"
    label = "backups"
    verbose_name = _("Backups")
