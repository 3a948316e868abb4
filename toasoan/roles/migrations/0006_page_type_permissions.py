"""Which page types each role may create: writers articles and print issues,
editors also sections (toasoan.roles.page_types asks these permissions)."""

from django.db import migrations

from toasoan.roles.definitions import PAGE_TYPE_PERMISSIONS
from toasoan.roles.grants import granter


def of_app(app_label):
    """The grants of one app (granter creates that app's permissions first)."""
    return {
        role: tuple(p for p in perms if p.startswith(f"{app_label}."))
        for role, perms in PAGE_TYPE_PERMISSIONS.items()
    }


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0005_collection_management"),
        ("news", "0006_article_video_block"),
        ("print_edition", "0002_processingjob_heartbeat"),
    ]

    operations = [
        migrations.RunPython(
            granter("news", of_app("news")), migrations.RunPython.noop
        ),
        migrations.RunPython(
            granter("print_edition", of_app("print_edition")),
            migrations.RunPython.noop,
        ),
    ]
