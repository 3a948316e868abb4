"""A job whose worker died resumes after its stored pages; one given up is
failed with the reason; work folders never outlive their jobs."""

import pytest
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished

from toasoan.print_edition import loader, processing, workdirs
from toasoan.print_edition.models import PrintPage, ProcessingJob
from toasoan.print_edition.processing import request_processing, run_job
from toasoan.print_edition.tasks import process_issue

pytestmark = pytest.mark.usefixtures("tools")


class Killed(BaseException):
    """Stands for kill -9: nothing in the job catches it."""


@pytest.fixture
def work_root(settings, tmp_path):
    settings.PRINT_WORK_ROOT = str(tmp_path / "work")
    return workdirs.root()


def interrupted_job(make_issue, text_pdf, monkeypatch, after_pages=1):
    """A job whose worker died after storing `after_pages` pages."""
    store = processing.store_pages
    stored = []

    def dying(issue, results):
        if len(stored) >= after_pages:
            raise Killed
        stored.extend(results)
        return store(issue, results)

    monkeypatch.setattr(processing, "STORE_BATCH", 1)
    monkeypatch.setattr(processing, "store_pages", dying)
    issue = make_issue(pdf=text_pdf, live=False)
    job = request_processing(issue)
    with pytest.raises(Killed):
        run_job(job.pk)
    monkeypatch.setattr(processing, "store_pages", store)
    job.refresh_from_db()
    return issue, job


def test_a_job_resumes_after_its_stored_pages_storing_none_twice(
    make_issue, text_pdf, monkeypatch, work_root
):
    issue, job = interrupted_job(make_issue, text_pdf, monkeypatch)
    assert (job.status, job.pages_done, job.pages_total) == (
        ProcessingJob.RUNNING,
        1,
        3,
    )
    first = PrintPage.objects.get(issue=issue, number=1)
    leftover = workdirs.folder(job.pk)
    leftover.mkdir(parents=True, exist_ok=True)
    (leftover / "page-2.png").write_bytes(b"what a killed worker left")
    starts = []
    pages = loader.pages

    def spying(*args, start=1, **kwargs):
        starts.append(start)
        yield from pages(*args, start=start, **kwargs)

    monkeypatch.setattr(loader, "pages", spying)
    assert run_job(job.pk) == ProcessingJob.DONE
    job.refresh_from_db()
    assert starts == [2]
    assert (job.pages_done, job.attempts) == (3, 2)
    numbers = list(
        PrintPage.objects.filter(issue=issue).values_list("number", flat=True)
    )
    assert sorted(numbers) == [1, 2, 3]
    assert PrintPage.objects.get(issue=issue, number=1).pk == first.pk
    assert not leftover.exists()


def test_a_finished_job_is_skipped_and_a_running_one_taken_over(
    make_issue, text_pdf, work_root
):
    job = request_processing(make_issue(pdf=text_pdf, live=False))
    ProcessingJob.objects.filter(pk=job.pk).update(status=ProcessingJob.DONE)
    assert run_job(job.pk) == "skipped"
    ProcessingJob.objects.filter(pk=job.pk).update(
        status=ProcessingJob.RUNNING, attempts=1
    )
    assert run_job(job.pk) == ProcessingJob.DONE
    job.refresh_from_db()
    assert (job.attempts, job.pages_done) == (2, 3)


def test_a_job_given_up_by_the_engine_fails_with_the_reason(
    make_issue, text_pdf, monkeypatch, work_root
):
    issue, job = interrupted_job(make_issue, text_pdf, monkeypatch)
    workdirs.folder(job.pk).mkdir(parents=True, exist_ok=True)
    result = TaskResult(
        task=process_issue,
        id="7",
        status=TaskResultStatus.FAILED,
        enqueued_at=None,
        started_at=None,
        finished_at=None,
        last_attempted_at=None,
        args=[job.pk],
        kwargs={},
        backend="default",
        errors=[],
        worker_ids=[],
    )
    task_finished.send(sender=Killed, task_result=result)
    job.refresh_from_db()
    assert job.status == ProcessingJob.FAILED
    assert job.message == processing.explain(processing.ProcessingError("worker_lost"))
    assert not workdirs.folder(job.pk).exists()
    assert PrintPage.objects.filter(issue=issue).count() == 1  # kept, not lost


def test_a_starting_job_removes_folders_of_jobs_no_longer_running(
    make_issue, text_pdf, work_root
):
    done = request_processing(make_issue(pdf=text_pdf, live=False), inline=True)
    running = request_processing(make_issue(label="6", pdf=text_pdf, live=False))
    ProcessingJob.objects.filter(pk=running.pk).update(status=ProcessingJob.RUNNING)
    for job in (done, running):
        workdirs.folder(job.pk).mkdir(parents=True)
    request_processing(make_issue(label="7", pdf=text_pdf, live=False), inline=True)
    assert not workdirs.folder(done.pk).exists()
    assert workdirs.folder(running.pk).exists()
