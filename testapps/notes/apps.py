from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "testapps.notes"
    label = "notes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import cache_rules

        cache_rules.register()
