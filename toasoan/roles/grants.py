"""Granting an app's model permissions to the roles, from a migration."""

from django.contrib.auth.management import create_permissions


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
