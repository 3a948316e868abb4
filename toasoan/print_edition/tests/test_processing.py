"""Jobs: queued on publish, pages stored and indexed, idempotent, safe failures."""

import os

import pytest
from django.conf import settings
from django.test import override_settings

from toasoan.print_edition import processing, storing
from toasoan.print_edition.models import PrintPage, ProcessingJob
from toasoan.print_edition.processing import request_processing

from .conftest import make_document


@pytest.fixture
def issue(tools, make_issue, text_pdf):
    """Issue 5-2022 with the three-page text-layer PDF, processed for real."""
    issue = make_issue(pdf=text_pdf)
    job = request_processing(issue, inline=True)
    assert job.status == ProcessingJob.DONE, job.message
    return issue


def media_files(issue):
    folder = os.path.join(settings.MEDIA_ROOT, "tap-chi-in", str(issue.pk))
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def test_processing_stores_pages_text_words_and_progress(issue):
    job = issue.processing_jobs.get()
    assert (job.pages_total, job.pages_done, job.ocr_pages) == (3, 3, 0)
    assert job.percent == 100 and job.finished_at and job.message
    pages = list(issue.print_pages.all())
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[0].source == PrintPage.TEXT_LAYER
    assert "xây dựng Đảng" in pages[0].text
    assert pages[1].words["words"][0][0] == "Thủy"
    assert pages[0].published_at == issue.published_at
    assert media_files(issue) == [
        f"{kind}-{n:04d}.jpg" for kind in ("page", "thumb") for n in (1, 2, 3)
    ]


def test_running_again_replaces_pages_without_duplicates(issue):
    first = {p.number: p.pk for p in issue.print_pages.all()}
    again = request_processing(issue, force=True, inline=True)
    assert again.status == ProcessingJob.DONE
    assert {p.number: p.pk for p in issue.print_pages.all()} == first
    assert len(media_files(issue)) == 6
    # Same file, no force: the finished job is kept, nothing runs.
    assert request_processing(issue, inline=True) == again


def test_a_shorter_pdf_removes_the_extra_pages(issue, text_pdf):
    from toasoan.print_edition import samples

    issue.pdf = make_document(samples.text_pdf(samples.PAGES[:1]))
    issue.save()
    job = request_processing(issue, inline=True)
    assert job.status == ProcessingJob.DONE
    assert list(issue.print_pages.values_list("number", flat=True)) == [1]
    assert media_files(issue) == ["page-0001.jpg", "thumb-0001.jpg"]


def test_publishing_an_issue_with_a_pdf_queues_processing(
    tools, make_issue, text_pdf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issue = make_issue(pdf=text_pdf)
    job = issue.processing_jobs.get()
    assert job.status == ProcessingJob.DONE  # the test backend runs tasks inline
    assert issue.print_pages.count() == 3


def test_a_corrupt_pdf_fails_the_job_with_a_reason(tools, make_issue):
    issue = make_issue(pdf=b"%PDF-1.4\ngarbage that is no PDF\n%%EOF")
    job = request_processing(issue, inline=True)
    assert job.status == ProcessingJob.FAILED
    assert job.message.startswith(
        processing.explain(processing.ProcessingError("corrupt"))
    )
    assert issue.print_pages.count() == 0


def test_an_oversized_pdf_fails_before_any_work(tools, make_issue, text_pdf):
    issue = make_issue(pdf=text_pdf)  # the page form checks the size too
    with override_settings(PRINT_MAX_PDF_BYTES=500):
        job = request_processing(issue, inline=True)
        reason = processing.explain(processing.ProcessingError("too_big"))
    assert job.status == ProcessingJob.FAILED
    assert job.message == reason
    assert job.pages_total == 0


def test_missing_tools_fail_the_job_clearly(make_issue, text_pdf, monkeypatch):
    monkeypatch.setattr(
        processing.loader, "missing_tools", lambda lang="vie": ["tesseract"]
    )
    issue = make_issue(pdf=text_pdf)
    job = request_processing(issue, inline=True)
    assert job.status == ProcessingJob.FAILED
    assert "tesseract" in job.message


def test_an_unexpected_error_fails_the_job_and_does_not_raise(
    tools, make_issue, text_pdf, monkeypatch
):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(storing, "store_page", boom)
    issue = make_issue(pdf=text_pdf)
    job = request_processing(issue, inline=True)
    assert job.status == ProcessingJob.FAILED
    assert "disk on fire" not in job.message  # details go to the log


def test_a_newer_job_supersedes_a_queued_one(tools, make_issue, text_pdf):
    issue = make_issue(pdf=text_pdf)
    old = request_processing(issue)  # queued; its task waits for the commit
    new = request_processing(issue, force=True)
    old.refresh_from_db()
    assert old.status == ProcessingJob.FAILED and new.status == ProcessingJob.QUEUED
    assert processing.run_job(old.pk) == "skipped"
    assert processing.run_job(new.pk) == ProcessingJob.DONE


@pytest.mark.parametrize(
    "limit, code",
    [
        ({"PRINT_TOOL_TIMEOUT": 0.001}, "timeout"),
        ({"PRINT_TOOL_MEMORY_BYTES": 16 * 1024**2}, "memory"),
    ],
)
def test_a_tool_over_its_limits_fails_the_job_with_the_reason(
    tools, make_issue, text_pdf, limit, code
):
    """A poppler call past its time or address-space limit ends the job with
    the editor's sentence for it, instead of hanging or taking the worker."""
    issue = make_issue(pdf=text_pdf)
    with override_settings(**limit):
        job = request_processing(issue, inline=True)
        reason = processing.explain(processing.ProcessingError(code))
    assert job.status == ProcessingJob.FAILED
    assert job.message.startswith(reason)
    assert issue.print_pages.count() == 0


@override_settings(PRINT_JOB_TIMEOUT=0)
def test_a_job_over_its_time_limit_fails(tools, make_issue, text_pdf):
    issue = make_issue(pdf=text_pdf)
    job = request_processing(issue, inline=True)
    assert job.status == ProcessingJob.FAILED
    assert job.message == processing.explain(processing.ProcessingError("job_timeout"))


@override_settings(PRINT_JOB_TIMEOUT=0)
def test_a_job_that_stops_early_stops_its_pages_before_removing_its_folder(
    tools, make_issue, text_pdf, monkeypatch
):
    """The pages are rendered ahead in a thread (loader.pages): a job that
    stops early closes them at once, so that thread is gone and has stopped
    writing before the work folder is removed."""
    import threading
    from pathlib import Path

    from toasoan.print_edition import loader

    pages = loader.pages
    closed = []

    def spying(pdf, info, workdir, limits, **kwargs):
        try:
            yield from pages(pdf, info, workdir, limits, chunk=1, **kwargs)
        finally:
            ahead = [t for t in threading.enumerate() if t.name.startswith("print")]
            closed.append((Path(workdir).exists(), ahead))

    monkeypatch.setattr(loader, "pages", spying)
    job = request_processing(make_issue(pdf=text_pdf), inline=True)
    assert job.message == processing.explain(processing.ProcessingError("job_timeout"))
    assert closed == [(True, [])]


def test_a_pdf_with_only_an_owner_password_is_processed(tools, make_issue):
    from toasoan.print_edition import samples

    data = samples.text_pdf(samples.PAGES[:1], owner_password="chỉ-chủ-sở-hữu")
    issue = make_issue(pdf=data)
    job = request_processing(issue, inline=True)
    assert job.status == ProcessingJob.DONE, job.message
    assert "Trung ương" in issue.print_pages.get().text


def test_pages_are_stored_and_indexed_in_batches(tools, make_issue, monkeypatch):
    """Batches of 2 pages over 3: both batches are stored, indexed and counted,
    and running again updates the same rows and index entries."""
    from toasoan.print_edition import samples

    from .test_search import KEY, run

    monkeypatch.setattr(processing, "STORE_BATCH", 2)
    sizes = []
    store_pages = processing.store_pages

    def recording(issue, results):
        sizes.append(len(results))
        return store_pages(issue, results)

    monkeypatch.setattr(processing, "store_pages", recording)
    issue = make_issue(pdf=samples.text_pdf())
    job = request_processing(issue, inline=True)
    assert job.status == ProcessingJob.DONE, job.message
    assert sizes == [2, 1] and (job.pages_done, job.pages_total) == (3, 3)
    first = {p.number: p.pk for p in issue.print_pages.all()}
    assert sorted(first) == [1, 2, 3]
    again = request_processing(issue, force=True, inline=True)
    assert again.status == ProcessingJob.DONE
    assert {p.number: p.pk for p in issue.print_pages.all()} == first
    assert len(media_files(issue)) == 6
    for query, number in (("xay dung dang", 1), ("văn hoá đọc", 3)):
        outcome = run(query, loai=KEY)
        assert [r.page_number for r in outcome.results] == [number]


def test_a_job_collects_garbage_less_often_and_then_as_before(
    tools, make_issue, text_pdf, monkeypatch
):
    import gc

    from toasoan.print_edition import loader

    before = gc.get_threshold()
    seen = []
    pages = loader.pages

    def spying(*args, **kwargs):
        seen.append(gc.get_threshold()[0])
        yield from pages(*args, **kwargs)

    monkeypatch.setattr(loader, "pages", spying)
    job = request_processing(make_issue(pdf=text_pdf), inline=True)
    assert job.status == ProcessingJob.DONE, job.message
    assert seen == [max(processing.JOB_GC_THRESHOLD, before[0])]
    assert gc.get_threshold() == before
    monkeypatch.setattr(loader, "pages", lambda *args, **kwargs: 1 / 0)
    job = request_processing(make_issue(label="6", pdf=text_pdf), inline=True)
    assert job.status == ProcessingJob.FAILED and gc.get_threshold() == before


def test_new_pages_are_stored_without_a_query_each(
    tools, make_issue, text_pdf, tmp_path
):
    """Storing a batch takes as many queries for three new pages as for one
    (the first batch of all also fills caches: it only warms up)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from toasoan.print_edition import loader

    path = tmp_path / "x.pdf"
    path.write_bytes(text_pdf)
    info = loader.inspect(path, loader.Limits())
    counts = []
    for label, size in (("4", 1), ("5", 1), ("6", 3)):
        folder = tmp_path / label
        folder.mkdir()
        batch = list(loader.pages(path, info, folder, loader.Limits()))[:size]
        issue = make_issue(label=label)
        with CaptureQueriesContext(connection) as queries:
            processing.store_pages(issue, batch)
        counts.append(len(queries))
        assert issue.print_pages.count() == len(batch)
    assert counts[1] == counts[2], counts


def test_a_tools_complaint_is_shown_once_and_marked_for_the_technical_staff():
    detail = "pdfinfo: Syntax Error: no trailer\nSyntax Error: no trailer\nno xref\n"
    message = processing.explain(processing.ProcessingError("corrupt", detail))
    sentence = processing.explain(processing.ProcessingError("corrupt"))
    assert message.startswith(sentence + " (")
    assert message.count("no trailer") == 1 and "no trailer; no xref)" in message
    long = processing.explain(processing.ProcessingError("tool_failed", "x" * 500))
    assert long.endswith("x…)") and len(long) < 320


@pytest.mark.parametrize(
    ("silent_minutes", "running_hours", "stalled"),
    [
        (1, 0, False),  # storing pages every few seconds
        (10, 2, False),  # one slow OCR batch
        (20, 1, True),  # a worker killed mid-job: minutes, not hours
        (1, 5, True),  # alive but past the job's own time limit
    ],
)
def test_a_silent_worker_makes_its_job_stalled_and_runnable_again(
    tools, issue, silent_minutes, running_hours, stalled
):
    """A killed worker leaves its job "processing": once it has been silent
    for longer than the slowest step may take, the job shows as stalled and
    asking again queues a new one."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    job = issue.processing_jobs.get()
    ProcessingJob.objects.filter(pk=job.pk).update(
        status=ProcessingJob.RUNNING,
        started_at=now - timedelta(hours=running_hours, minutes=silent_minutes),
        heartbeat_at=now - timedelta(minutes=silent_minutes),
    )
    job.refresh_from_db()
    assert job.stalled is stalled
    again = request_processing(issue)
    assert (again.pk != job.pk) is stalled


def test_storing_pages_is_a_sign_of_life(issue):
    job = issue.processing_jobs.get()
    assert job.started_at <= job.heartbeat_at <= job.finished_at
