from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RolesConfig(AppConfig):
    name = "toasoan.roles"
    label = "roles"
    verbose_name = _("Newsroom roles")

    def ready(self):
        # Not importable before the app registry is ready (page models).
        from . import checks as role_checks
        from . import grants

        checks.register(role_checks.check_declarations)
        post_migrate.connect(
            grants.grant_new_page_types,
            dispatch_uid="toasoan.roles.grants.grant_new_page_types",
        )
