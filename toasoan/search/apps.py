from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import checks  # noqa: F401  (registers the search backend check)


class SearchConfig(AppConfig):
    name = "toasoan.search"
    label = "toasoan_search"
    verbose_name = _("Search")

    def ready(self):
        import warnings

        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from .fields import vietnamese_fields

        # Wagtail's images and documents index their titles and tags as
        # typed; the admin's searches need them folded like everything else.
        # (After an upgrade, `manage.py update_index` refolds those stored.)
        for model in (get_image_model(), get_document_model()):
            model.search_fields = vietnamese_fields(model.search_fields)

        # modelsearch's PostgreSQL engine honours Boost when ranking, and
        # warns while building the match expression, where a boost has no
        # meaning anyway. Our backend boosts exact spellings on purpose.
        warnings.filterwarnings(
            "ignore",
            message="The Boost query is not supported by the PostgreSQL",
            category=RuntimeWarning,
        )
