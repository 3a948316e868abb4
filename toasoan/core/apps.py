from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "toasoan.core"
    label = "core"
    verbose_name = "Tòa Soạn core"
