"""The Procrastinate side of background work: one carrier task that runs
any Django task, and the check that takes up the tasks of dead workers.

Every Django task (`@task()` in an app's tasks.py) is deferred as a job of
the carrier, `toasoan:run`, with the task's module path and arguments, on
the task's queue and priority (toasoan.background.backend). The carrier
imports the task and calls it. When it raises, Procrastinate runs it again
later: BACKGROUND_RETRIES more times, BACKGROUND_RETRY_BASE ** attempt
seconds apart (5, 25, 125 s by default); then the job is failed.

A worker killed in the middle of a task (kill -9, a machine lost) stops
beating. Every BACKGROUND_CHECK_SECONDS one worker (Procrastinate defers a
periodic job once per period, whatever the number of workers) runs
`recover_stalled`: each job of a worker silent for BACKGROUND_STALLED_SECONDS
is queued again while it has retries left, and failed otherwise; then
django-tasks' `task_finished` signal is sent with a FAILED result, so that
the app owning the task tells its users (print_edition marks the processing
job failed, with the reason, in the editors' list).

These periodic jobs have UPKEEP_PRIORITY, above any Django task's (at most
100): a worker takes them before the backlog, so hundreds of queued print
units do not hold the check (or scheduled publishing) back by an hour; they
wait at most for one task to end (bench/print_archive.py).

Finished jobs are kept BACKGROUND_KEEP_DAYS (7) for the record, failed
ones four times as long, then deleted by `tidy`, every night.

Wagtail's scheduled publishing runs here too, once a minute for all hosts
(a periodic job is deferred once per period, and its lock keeps two runs
apart): no timer on any machine, and never twice at once.

    >>> carrier_kwargs("toasoan.comments.tasks.notify_moderators", [3], {})
    {'path': 'toasoan.comments.tasks.notify_moderators', 'args': [3], 'kwargs': {}}
"""

import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management import call_command
from django.utils.module_loading import import_string
from procrastinate import Blueprint, RetryStrategy
from procrastinate.jobs import Status

from .results import announce_abandoned

logger = logging.getLogger(__name__)

NAMESPACE = "toasoan"
CARRIER = f"{NAMESPACE}:run"  # the names once the blueprint joins the app
RECOVERY = f"{NAMESPACE}:recover_stalled"
SCHEDULED = f"{NAMESPACE}:publish_scheduled"
TIDY = f"{NAMESPACE}:tidy"
UPKEEP_PRIORITY = 1000

jobs = Blueprint()


def carrier_kwargs(path, args, kwargs):
    """The carrier job's arguments for a Django task called with args, kwargs."""
    return {"path": path, "args": list(args), "kwargs": dict(kwargs)}


def on_app_ready(app):
    """PROCRASTINATE_ON_APP_READY: the carrier and the check join the app."""
    app.add_tasks_from(jobs, namespace=NAMESPACE)


@jobs.task(
    name="run",
    retry=RetryStrategy(
        max_attempts=settings.BACKGROUND_RETRIES,
        exponential_wait=settings.BACKGROUND_RETRY_BASE,
    ),
)
def run(path, args, kwargs):
    """Run the Django task at `path` (an exception makes a retry)."""
    return import_string(path).call(*args, **kwargs)


@jobs.periodic(
    cron=f"* * * * * */{settings.BACKGROUND_CHECK_SECONDS}", priority=UPKEEP_PRIORITY
)
@jobs.task(name="recover_stalled", queueing_lock=RECOVERY, pass_context=True)
async def recover_stalled(context, timestamp):
    """Queue again, or fail, the jobs of workers that stopped beating."""
    return await recover(context.app.job_manager)


async def recover(manager):
    """The check itself; returns how many jobs it took up or failed."""
    stalled = await manager.get_stalled_jobs(
        seconds_since_heartbeat=settings.BACKGROUND_STALLED_SECONDS
    )
    for job in stalled:
        if job.attempts < settings.BACKGROUND_RETRIES:
            logger.warning("Job %s (%s): its worker died; again", job.id, job.task_name)
            await manager.retry_job(job)
        else:
            logger.error("Job %s (%s): its worker died; failed", job.id, job.task_name)
            await manager.finish_job(job, status=Status.FAILED, delete_job=False)
            await sync_to_async(announce_abandoned)(job.id)
    return len(stalled)


@jobs.periodic(cron="* * * * *", priority=UPKEEP_PRIORITY)
@jobs.task(name="publish_scheduled", queueing_lock=SCHEDULED, lock=SCHEDULED)
def publish_scheduled(timestamp):
    """Wagtail's scheduled publishing and unpublishing, due this minute."""
    call_command("publish_scheduled", verbosity=0)


@jobs.periodic(cron="17 3 * * *", priority=UPKEEP_PRIORITY)
@jobs.task(name="tidy", queueing_lock=TIDY, pass_context=True)
async def tidy(context, timestamp):
    """Delete the jobs finished BACKGROUND_KEEP_DAYS ago (failed: 4 times)."""
    await tidy_jobs(context.app.job_manager)


async def tidy_jobs(manager):
    hours = settings.BACKGROUND_KEEP_DAYS * 24
    await manager.delete_old_jobs(nb_hours=hours)
    await manager.delete_old_jobs(
        nb_hours=hours * 4, include_failed=True, include_cancelled=True
    )
