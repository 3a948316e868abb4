"""Comment moderation permissions for the roles that need them."""

from django.db import migrations

from toasoan.roles.definitions import COMMENT_PERMISSIONS
from toasoan.roles.grants import granter


class Migration(migrations.Migration):
    dependencies = [("roles", "0002_retire_sample_task"), ("comments", "0001_initial")]

    operations = [
        migrations.RunPython(
            granter("comments", COMMENT_PERMISSIONS), migrations.RunPython.noop
        )
    ]
