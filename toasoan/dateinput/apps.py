from django.apps import AppConfig


class DateInputConfig(AppConfig):
    """Dates typed in the admin (see the package's docstring)."""

    name = "toasoan.dateinput"

    def ready(self):
        from . import fields

        fields.register()
