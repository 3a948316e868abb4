"""Granting an app's model permissions to the roles, from a migration; and
each new page type's "add" permission, when the migration creating it runs."""

from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS
from django.db.migrations import CreateModel

from .definitions import page_type_permissions
from .page_types import gated_page_models


def granter(app_label, grants):
    """A RunPython function giving each role its `grants` of `app_label`.

    The app's permissions are created first: in a fresh database they would
    otherwise only appear after every migration has run.
    """

    def grant(apps, schema_editor):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        for group, permission in _granted(apps, grants):
            group.permissions.add(permission)

    return grant


def _granted(apps, grants):
    """(group, permission) for each of `grants`, skipping absent groups."""
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, perms in grants.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for dotted in perms:
            label, codename = dotted.split(".")
            yield (
                group,
                Permission.objects.get(
                    content_type__app_label=label, codename=codename
                ),
            )


def collection_granter(grants):
    """A RunPython function giving each role its `grants` on the root
    collection (images, documents, collection management); idempotent."""

    def grant(apps, schema_editor):
        Collection = apps.get_model("wagtailcore.Collection")
        GroupCollectionPermission = apps.get_model(
            "wagtailcore.GroupCollectionPermission"
        )
        root = Collection.objects.get(depth=1)
        for group, permission in _granted(apps, grants):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )

    return grant


def grant_new_page_types(
    sender, apps=None, plan=None, using=DEFAULT_DB_ALIAS, **kwargs
):
    """post_migrate: the roles get the page types of the app `sender` whose
    model a migration of this run created, as each type declares
    (``creatable_by``; the administrators every type). `flush` sends
    post_migrate too, without `apps` or a plan: nothing was created then.

    Once, when the type appears: a permission taken away on the group form
    later is not given back by the next deployment's migrate. (A role added
    to an existing type's declaration is granted by a data migration of its
    app: ``page_type_granter``.)
    """
    created = {
        operation.name_lower
        for migration, backwards in plan or ()
        if migration.app_label == sender.label and not backwards
        for operation in migration.operations
        if isinstance(operation, CreateModel)
    }
    models = [
        model
        for model in gated_page_models()
        if model._meta.app_label == sender.label and model._meta.model_name in created
    ]
    if not models:
        return
    # Django creates them on post_migrate too, but maybe after this receiver.
    create_permissions(sender, verbosity=0, using=using, apps=apps)
    for group, permission in _granted(apps, page_type_permissions(models)):
        group.permissions.add(permission)


def page_type_granter(app_label):
    """A RunPython function giving each role the page types of `app_label`
    that it may create (as the types declare them now); idempotent."""

    def grant(apps, schema_editor):
        models = [m for m in gated_page_models() if m._meta.app_label == app_label]
        granter(app_label, page_type_permissions(models))(apps, schema_editor)

    return grant
