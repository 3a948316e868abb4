"""Quản trị manages collections: Wagtail checks collection permissions for it."""

from django.db import migrations

from toasoan.roles.definitions import COLLECTION_PERMISSIONS
from toasoan.roles.grants import collection_granter


class Migration(migrations.Migration):
    dependencies = [("roles", "0004_video_permissions")]

    operations = [
        migrations.RunPython(
            collection_granter(COLLECTION_PERMISSIONS), migrations.RunPython.noop
        )
    ]
