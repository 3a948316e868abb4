from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrintEditionConfig(AppConfig):
    name = "toasoan.print_edition"
    label = "print_edition"
    verbose_name = _("Print edition")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from toasoan.readapi.api import api_router

        from . import api, cache_rules, search, signals

        search.register()
        cache_rules.register()
        signals.connect()
        api_router.register_endpoint("print-issues", api.PrintIssuesAPIViewSet)
