"""Django's tasks interface on Procrastinate (PostgreSQL): a task's
`.enqueue()` defers a job of the carrier task (toasoan.background.engine),
in the caller's database transaction, on the task's queue, with its
priority and `run_after`.

Deferring through Django's own connection (Procrastinate's DjangoConnector)
puts the job in the same transaction as the change that asked for it: a
rolled-back change leaves no job behind, and a committed one always has
its job, even if the process dies the next moment. This holds inside a
worker too: there `app`'s connector is the worker's own pool (work.py), so
jobs are deferred through a job manager of their own on Django's
connection, never through `app`'s.
"""

from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.exceptions import TaskResultDoesNotExist
from django_tasks.signals import task_enqueued
from django_tasks.utils import get_module_path
from procrastinate import manager
from procrastinate import tasks as procrastinate_tasks
from procrastinate.contrib.django.django_connector import DjangoConnector

from . import engine, results

# django-tasks' priorities run from -100 to 100, higher first; so do
# Procrastinate's (any integer, higher first).

# Defers on Django's connection, in the caller's transaction, whatever
# connector the Procrastinate app has at the moment.
_IN_TRANSACTION = manager.JobManager(DjangoConnector())


class ProcrastinateBackend(BaseTaskBackend):
    supports_defer = True
    supports_get_result = True
    supports_priority = True

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        deferrer = procrastinate_tasks.configure_task(
            name=engine.CARRIER,
            job_manager=_IN_TRANSACTION,
            queue=task.queue_name,
            priority=task.priority,
            schedule_at=task.run_after,
        )
        job_id = deferrer.defer(
            **engine.carrier_kwargs(get_module_path(task.func), args, kwargs)
        )
        # What the job is now, without reading it back (enqueue runs in
        # requests): get_result() reads the job and its events.
        result = TaskResult(
            task=task,
            id=str(job_id),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            finished_at=None,
            last_attempted_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_enqueued.send(type(self), task_result=result)
        return result

    def get_result(self, result_id) -> TaskResult:
        try:
            return results.result_of(int(result_id), self.alias)
        except ValueError:
            raise TaskResultDoesNotExist(result_id) from None
