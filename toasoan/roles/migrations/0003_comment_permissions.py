"""Comment moderation permissions for the roles that need them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from toasoan.roles.definitions import COMMENT_PERMISSIONS as GRANTS


def grant(apps, schema_editor):
    app_config = apps.get_app_config("comments")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, perms in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for dotted in perms:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


class Migration(migrations.Migration):
    dependencies = [("roles", "0002_retire_sample_task"), ("comments", "0001_initial")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
