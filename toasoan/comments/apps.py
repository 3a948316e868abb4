from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "toasoan.comments"
    label = "comments"
    verbose_name = _("Reader comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache_rules

        cache_rules.register()
