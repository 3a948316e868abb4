from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "toasoan.search"
    label = "toasoan_search"
    verbose_name = _("Search")

    def ready(self):
        import warnings

        # modelsearch's PostgreSQL engine honours Boost when ranking, and
        # warns while building the match expression, where a boost has no
        # meaning anyway. Our backend boosts exact spellings on purpose.
        warnings.filterwarnings(
            "ignore",
            message="The Boost query is not supported by the PostgreSQL",
            category=RuntimeWarning,
        )
