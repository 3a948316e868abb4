"""Django's tasks on Procrastinate: deferred in the caller's transaction,
run by a worker, retried after a failure, taken up again when the worker
died, and failed (with `task_finished`) once the retries are spent.

PostgreSQL only, where the engine runs; on SQLite each test checks that
django-tasks' database backend is the one configured (CI runs both).
"""

import threading

import pytest
from asgiref.sync import async_to_sync
from django.db import connection, transaction
from django.test import override_settings
from django_tasks import TaskResultStatus, task_backends
from django_tasks.signals import task_finished

from toasoan.background import conf, locks

from . import tasks

POSTGRESQL = connection.vendor == "postgresql"
if POSTGRESQL:
    from procrastinate.contrib.django import app
    from procrastinate.contrib.django.models import ProcrastinateJob

    from toasoan.background import engine
    from toasoan.background.backend import ProcrastinateBackend

# Committed (a worker reads the jobs from its own connection); the rows the
# migrations made are put back after the flush, as the browser layer's are.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def procrastinate():
    """The production TASKS on PostgreSQL (the tests' default runs tasks at
    once); None on SQLite, after checking what SQLite runs."""
    if not POSTGRESQL:
        backend = conf.tasks_for(connection.settings_dict["ENGINE"])["default"]
        assert backend["BACKEND"] == conf.DATABASE_BACKEND
        yield None
        return
    with override_settings(TASKS=conf.tasks_for(connection.settings_dict["ENGINE"])):
        assert isinstance(task_backends["default"], ProcrastinateBackend)
        yield app


def work(app):
    """One worker in this process, until no job is due."""
    with app.replace_connector(app.connector.get_worker_connector()):
        app.run_worker(
            queues=["default"],
            wait=False,
            listen_notify=False,
            install_signal_handlers=False,
        )


def test_a_task_is_deferred_with_the_transaction_and_run(procrastinate, tmp_path):
    if procrastinate is None:
        return
    # Procrastinate's tables are not Django's to flush: count this test's jobs.
    before = set(ProcrastinateJob.objects.values_list("id", flat=True))
    with transaction.atomic():
        tasks.write.enqueue(str(tmp_path / "lost"), "rolled back")
        transaction.set_rollback(True)
    result = tasks.write.enqueue(str(tmp_path / "kept"), "xin chào")
    after = set(ProcrastinateJob.objects.values_list("id", flat=True))
    assert after - before == {int(result.id)}
    assert result.status == TaskResultStatus.READY
    work(procrastinate)
    assert (tmp_path / "kept").read_text() == "xin chào"
    assert not (tmp_path / "lost").exists()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.enqueued_at <= result.started_at <= result.finished_at


def test_a_failing_task_is_tried_again_later(procrastinate):
    if procrastinate is None:
        return
    result = tasks.fail.enqueue()
    work(procrastinate)
    job = ProcrastinateJob.objects.get(pk=int(result.id))
    assert (job.status, job.attempts) == ("todo", 1)
    assert job.scheduled_at is not None  # after BACKGROUND_RETRY_BASE seconds


def dead_worker_runs(job_id, attempts):
    """Make job `job_id` running on a worker silent for an hour."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) "
            "VALUES (now() - interval '1 hour') RETURNING id"
        )
        worker = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s, "
            "attempts = %s WHERE id = %s",
            [worker, attempts, job_id],
        )


def test_a_dead_workers_task_is_taken_up_again_then_failed(procrastinate, tmp_path):
    if procrastinate is None:
        return
    result = tasks.write.enqueue(str(tmp_path / "out"), "lần hai")
    dead_worker_runs(result.id, attempts=0)
    assert async_to_sync(engine.recover)(procrastinate.job_manager) == 1
    assert ProcrastinateJob.objects.get(pk=result.id).status == "todo"
    work(procrastinate)
    assert (tmp_path / "out").read_text() == "lần hai"

    finished = []

    def heard(sender, task_result, **kwargs):
        finished.append(task_result)

    given_up = tasks.write.enqueue(str(tmp_path / "never"), "x")
    dead_worker_runs(given_up.id, attempts=conf.BACKGROUND_RETRIES)
    task_finished.connect(heard)
    try:
        assert async_to_sync(engine.recover)(procrastinate.job_manager) == 1
    finally:
        task_finished.disconnect(heard)
    assert ProcrastinateJob.objects.get(pk=given_up.id).status == "failed"
    assert [(r.id, r.status) for r in finished] == [(given_up.id, "FAILED")]
    assert finished[0].errors[0].exception_class_path.endswith("WorkerLost")


def test_jobs_finished_long_ago_are_deleted(procrastinate, tmp_path):
    if procrastinate is None:
        return
    old = tasks.write.enqueue(str(tmp_path / "old"), "cũ")
    failed = tasks.write.enqueue(str(tmp_path / "failed"), "hỏng")
    work(procrastinate)
    recent = tasks.write.enqueue(str(tmp_path / "new"), "mới")
    work(procrastinate)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'failed' WHERE id = %s",
            [failed.id],
        )
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - interval '8 days' "
            "WHERE job_id IN (%s, %s)",
            [old.id, failed.id],
        )
    async_to_sync(engine.tidy_jobs)(procrastinate.job_manager)
    left = set(ProcrastinateJob.objects.values_list("id", flat=True))
    assert int(recent.id) in left and int(failed.id) in left  # failed: 28 days
    assert int(old.id) not in left


def test_inside_a_worker_a_task_is_still_deferred_with_the_transaction(
    procrastinate, tmp_path
):
    """A task that queues others (a print job queues its units) does it in
    its own transaction, though the app's connector is then the worker's."""
    if procrastinate is None:
        return
    before = set(ProcrastinateJob.objects.values_list("id", flat=True))
    worker_connector = procrastinate.connector.get_worker_connector()
    with procrastinate.replace_connector(worker_connector):
        with transaction.atomic():
            tasks.write.enqueue(str(tmp_path / "lost"), "rolled back")
            transaction.set_rollback(True)
        kept = tasks.write.enqueue(str(tmp_path / "kept"), "committed")
    after = set(ProcrastinateJob.objects.values_list("id", flat=True))
    assert after - before == {int(kept.id)}


def test_a_run_holds_its_lock_until_it_ends(procrastinate):
    if procrastinate is None:
        with (
            locks.held(locks.PRINT_JOB, 5) as mine,
            locks.held(locks.PRINT_JOB, 5) as again,
        ):
            assert mine and again  # SQLite: one worker, always granted
        return
    seen = []

    def elsewhere():
        with locks.held(locks.PRINT_JOB, 5) as other:
            seen.append(other)
        connection.close()

    with locks.held(locks.PRINT_JOB, 5) as mine:
        thread = threading.Thread(target=elsewhere)
        thread.start()
        thread.join()
    assert mine and seen == [False]
    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert seen == [False, True]


def test_upkeep_jobs_go_before_any_backlog(procrastinate):
    """The stalled-job check, scheduled publishing and the nightly tidy are
    taken before queued tasks (hundreds of print units once held the check
    back for minutes: bench/print_archive.py): their priority is above any a
    Django task can have (-100 to 100), and the worker takes the highest
    first."""
    if procrastinate is None:
        return
    upkeep = {
        name: periodic.configure_kwargs.get("priority", 0)
        for (
            name,
            _,
        ), periodic in procrastinate.periodic_registry.periodic_tasks.items()
    }
    assert set(upkeep) == {engine.RECOVERY, engine.SCHEDULED, engine.TIDY}
    assert all(priority > 100 for priority in upkeep.values())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_functiondef(oid) FROM pg_proc "
            "WHERE proname LIKE 'procrastinate_fetch_job%%'"
        )
        (fetch,) = cursor.fetchall()  # the one Procrastinate's worker calls
        assert "ORDER BY jobs.priority DESC, jobs.id ASC" in fetch[0]
