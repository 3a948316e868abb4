from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    name = "toasoan.videos"
    label = "videos"
    verbose_name = _("Video clips")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache_rules, search, signals  # noqa: F401

        search.register()
        cache_rules.register()
