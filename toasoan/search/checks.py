"""System check: the search backend settings chose serves this database."""

from django.core import checks
from django.db import connection
from modelsearch.backends import import_backend
from modelsearch.conf import get_app_config


@checks.register(checks.Tags.compatibility, checks.Tags.database)
def backend_matches_database(app_configs, **kwargs):
    """toasoan_search.E001: a backend of `engines` on another database
    (its SQL and modelsearch's tables would not be there)."""
    config = get_app_config().get_search_backend_config()["default"]
    backend = import_backend(config["BACKEND"])
    vendor = getattr(backend, "vendor", None)
    if vendor is None or vendor == connection.vendor:
        return []
    return [
        checks.Error(
            f"The search backend {config['BACKEND']} is for {vendor}, "
            f"the database is {connection.vendor}.",
            hint="Leave WAGTAILSEARCH_BACKENDS to toasoan.search.conf.",
            id="toasoan_search.E001",
        )
    ]
