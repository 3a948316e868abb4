"""A system check of the page types' ``creatable_by`` declarations: a role
misspelt there would silently grant nothing."""

from django.core import checks

from .definitions import ALL_ROLES
from .page_types import gated_page_models


def check_declarations(app_configs=None, **kwargs):
    errors = []
    for model in gated_page_models():
        declared = model.creatable_by
        if isinstance(declared, str) or not all(r in ALL_ROLES for r in declared):
            errors.append(
                checks.Error(
                    f"{model.__name__}.creatable_by must be a tuple of role "
                    f"names of toasoan.roles.definitions, not {declared!r}.",
                    obj=model,
                    id="roles.E001",
                )
            )
    return errors
