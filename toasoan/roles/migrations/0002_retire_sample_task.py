"""Retire Wagtail's sample "Moderators approval" task: our workflow replaces it."""

from django.db import migrations


def retire(apps, schema_editor):
    Task = apps.get_model("wagtailcore.Task")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    for workflow in Workflow.objects.filter(name="Moderators approval", active=False):
        task_ids = list(
            WorkflowTask.objects.filter(workflow=workflow).values_list(
                "task_id", flat=True
            )
        )
        Task.objects.filter(pk__in=task_ids, name="Moderators approval").update(
            active=False
        )


class Migration(migrations.Migration):
    dependencies = [("roles", "0001_create_roles")]

    operations = [migrations.RunPython(retire, migrations.RunPython.noop)]
