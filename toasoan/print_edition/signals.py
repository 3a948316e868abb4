"""Start processing when an issue is published with a new PDF; tidy files;
tell editors when the task engine gives up a job whose worker kept dying."""

from django.db.models.signals import post_delete
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from wagtail.signals import page_published

from . import processing, tasks, units
from .models import PrintIssuePage, PrintPage


def _on_publish(sender, instance, **kwargs):
    processing.request_processing(instance)


def _on_task_finished(sender, task_result, **kwargs):
    """A processing task that ended FAILED outside `run_job` (its worker
    died, and it had no retries left: toasoan.background.engine)."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    if task_result.task.func is tasks.process_issue.func:
        processing.give_up(*task_result.args, **task_result.kwargs)
    elif task_result.task.func is tasks.process_unit.func:
        job_id = units.job_of(*task_result.args, **task_result.kwargs)
        if job_id is not None:
            processing.give_up(job_id)


def _delete_files(sender, instance, **kwargs):
    for field in (instance.image, instance.thumbnail):
        if field:
            field.storage.delete(field.name)


def connect():
    page_published.connect(_on_publish, sender=PrintIssuePage, weak=False)
    post_delete.connect(_delete_files, sender=PrintPage, weak=False)
    task_finished.connect(_on_task_finished, weak=False)
