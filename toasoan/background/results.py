"""Django tasks' view of Procrastinate's jobs: a TaskResult for a job.

A Django task's result id is its carrier job's id (toasoan.background.engine);
its times come from the job's events, its attempts from the job.
"""

from django.db.models import Max, Min, Q
from django.utils.module_loading import import_string
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.base import TaskError
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_finished
from procrastinate.contrib.django.models import ProcrastinateEvent, ProcrastinateJob

STATUSES = {
    "todo": TaskResultStatus.READY,
    "doing": TaskResultStatus.RUNNING,
    "succeeded": TaskResultStatus.SUCCESSFUL,
    "failed": TaskResultStatus.FAILED,
    "cancelled": TaskResultStatus.FAILED,
    "aborting": TaskResultStatus.RUNNING,
    "aborted": TaskResultStatus.FAILED,
}


class WorkerLost(Exception):
    """The worker running the task stopped beating (killed, machine lost),
    and the task had no retries left."""


def _times(job_id):
    """When the job was deferred, last started and finished (its events,
    in one query)."""
    finished = ["succeeded", "failed", "cancelled", "aborted"]
    times = ProcrastinateEvent.objects.filter(job_id=job_id).aggregate(
        deferred=Min("at", filter=Q(type="deferred")),
        started=Max("at", filter=Q(type="started")),
        finished=Max("at", filter=Q(type__in=finished)),
    )
    return times["deferred"], times["started"], times["finished"]


def result_of(job_id, alias, *, status=None, errors=()):
    """The TaskResult of carrier job `job_id` (TaskResultDoesNotExist if none)."""
    job = ProcrastinateJob.objects.filter(pk=job_id).first()
    if job is None or "path" not in (job.args or {}):
        raise TaskResultDoesNotExist(job_id)
    deferred, started, finished = _times(job.pk)
    status = status or STATUSES.get(job.status, TaskResultStatus.READY)
    return TaskResult(
        task=import_string(job.args["path"]),
        id=str(job.pk),
        status=status,
        enqueued_at=deferred,
        started_at=started,
        finished_at=finished if status in _FINAL else None,
        last_attempted_at=started,
        args=job.args.get("args", []),
        kwargs=job.args.get("kwargs", {}),
        backend=alias,
        errors=list(errors),
        worker_ids=[str(n) for n in range(job.attempts + (job.status != "todo"))],
    )


_FINAL = {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}


def announce_abandoned(job_id, alias="default"):
    """Send `task_finished` with a FAILED result for a carrier job given up
    after its worker died (engine.recover_stalled)."""
    try:
        result = result_of(
            job_id,
            alias,
            status=TaskResultStatus.FAILED,
            errors=[
                TaskError(
                    exception_class_path=f"{__name__}.WorkerLost",
                    traceback=WorkerLost.__doc__,
                )
            ],
        )
    except TaskResultDoesNotExist:
        return None
    task_finished.send(sender=WorkerLost, task_result=result)
    return result
