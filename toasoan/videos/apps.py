from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VideosConfig(AppConfig):
    name = "toasoan.videos"
    label = "videos"
    verbose_name = _("Video clips")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from toasoan.readapi.api import api_router, public_images

        from . import api, cache_rules, search, signals  # noqa: F401

        search.register()
        api.register(api_router, public_images)
        cache_rules.register()
