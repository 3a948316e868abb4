"""Video library permissions: writers upload, editors also publish."""

from django.db import migrations

from toasoan.roles.definitions import VIDEO_PERMISSIONS
from toasoan.roles.grants import granter


class Migration(migrations.Migration):
    dependencies = [("roles", "0003_comment_permissions"), ("videos", "0001_initial")]

    operations = [
        migrations.RunPython(
            granter("videos", VIDEO_PERMISSIONS), migrations.RunPython.noop
        )
    ]
