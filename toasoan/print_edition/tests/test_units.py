"""An issue's pages in units that any free worker takes."""

import pytest
from django.db import connection
from django.test import override_settings
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished

from toasoan.print_edition import processing, units
from toasoan.print_edition.models import PrintPage, ProcessingJob, ProcessingUnit
from toasoan.print_edition.processing import request_processing, run_unit
from toasoan.print_edition.tasks import process_unit

pytestmark = pytest.mark.usefixtures("tools")


@pytest.fixture
def work_root(settings, tmp_path):
    settings.PRINT_WORK_ROOT = str(tmp_path / "work")


def numbers(issue):
    return sorted(
        PrintPage.objects.filter(issue=issue).values_list("number", flat=True)
    )


@override_settings(PRINT_UNIT_PAGES=1)
def test_an_issue_is_processed_in_units_each_a_task(
    make_issue, text_pdf, work_root, django_capture_on_commit_callbacks
):
    issue = make_issue(pdf=text_pdf, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_processing(issue)  # the tests' task backend runs at once
    job.refresh_from_db()
    assert job.status == ProcessingJob.DONE, job.message
    assert (job.pages_done, job.pages_total) == (3, 3)
    assert job.message.startswith("3 ")
    spans = list(job.units.values_list("first", "last", "status", "attempts"))
    assert spans == [(1, 1, "done", 1), (2, 2, "done", 1), (3, 3, "done", 1)]
    assert numbers(issue) == [1, 2, 3]


@override_settings(PRINT_UNIT_PAGES=2)
def test_the_import_runs_the_units_itself_and_reports_progress(
    make_issue, text_pdf, work_root
):
    seen = []
    issue = make_issue(pdf=text_pdf, live=False)
    job = request_processing(
        issue, inline=True, progress=lambda j: seen.append(j.pages_done)
    )
    assert job.status == ProcessingJob.DONE
    assert seen == [2, 3]
    assert list(job.units.values_list("first", "last")) == [(1, 2), (3, 3)]


def test_units_and_their_tasks_are_made_in_one_transaction(make_issue, text_pdf):
    job = request_processing(make_issue(pdf=text_pdf, live=False), inline=False)
    ProcessingUnit.objects.filter(job=job).delete()
    queued = []

    def enqueue(unit_id):
        queued.append((unit_id, connection.in_atomic_block))

    made = units.plan(job, 20, 8, enqueue)
    assert [atomic for _, atomic in queued] == [True, True, True]
    assert [unit_id for unit_id, _ in queued] == made
    assert units.plan(job, 20, 8, enqueue) == []  # planned once: tasks exist
    assert len(queued) == 3


@override_settings(PRINT_UNIT_PAGES=1)
def test_a_failing_unit_fails_the_job_and_stops_the_others(
    make_issue, text_pdf, work_root, monkeypatch
):
    store = processing.store_pages

    def failing_on_page_2(issue, results):
        if results[0].number == 2:
            raise processing.ProcessingError("memory")
        return store(issue, results)

    monkeypatch.setattr(processing, "store_pages", failing_on_page_2)
    issue = make_issue(pdf=text_pdf, live=False)
    job = request_processing(issue, inline=True, progress=lambda j: None)
    assert job.status == ProcessingJob.FAILED
    assert job.message == processing.explain(processing.ProcessingError("memory"))
    statuses = list(job.units.values_list("status", flat=True))
    assert statuses == ["done", "failed", "failed"]
    assert numbers(issue) == [1]


@override_settings(PRINT_UNIT_PAGES=2)
def test_a_unit_taken_up_again_resumes_after_its_stored_pages(
    make_issue, text_pdf, work_root, monkeypatch
):
    issue = make_issue(pdf=text_pdf, live=False)
    job = request_processing(issue, inline=True, progress=lambda j: None)
    first = ProcessingUnit.objects.get(job=job, first=1)
    kept = PrintPage.objects.get(issue=issue, number=1).pk
    # As a worker killed after storing page 1 of the unit leaves it:
    PrintPage.objects.filter(issue=issue, number=2).delete()
    ProcessingUnit.objects.filter(pk=first.pk).update(status="running", pages_done=1)
    ProcessingJob.objects.filter(pk=job.pk).update(status="running", pages_done=2)
    starts = []
    pages = processing.loader.pages

    def spying(*args, start=1, **kwargs):
        starts.append(start)
        yield from pages(*args, start=start, **kwargs)

    monkeypatch.setattr(processing.loader, "pages", spying)
    assert run_unit(first.pk) == "done"
    job.refresh_from_db()
    assert starts == [2]
    assert (job.status, job.pages_done) == (ProcessingJob.DONE, 3)
    assert numbers(issue) == [1, 2, 3]
    assert PrintPage.objects.get(issue=issue, number=1).pk == kept
    assert run_unit(first.pk) == "skipped"  # done: never run twice


def test_a_unit_given_up_by_the_engine_fails_its_job(make_issue, text_pdf):
    job = request_processing(make_issue(pdf=text_pdf, live=False))
    ProcessingJob.objects.filter(pk=job.pk).update(status="running")
    (unit_id,) = units.plan(job, 3, 8, lambda unit_id: None)
    result = TaskResult(
        task=process_unit,
        id="9",
        status=TaskResultStatus.FAILED,
        enqueued_at=None,
        started_at=None,
        finished_at=None,
        last_attempted_at=None,
        args=[unit_id],
        kwargs={},
        backend="default",
        errors=[],
        worker_ids=[],
    )
    task_finished.send(sender=None, task_result=result)
    job.refresh_from_db()
    assert job.status == ProcessingJob.FAILED
    assert job.message == processing.explain(processing.ProcessingError("worker_lost"))
