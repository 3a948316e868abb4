"""Processing jobs: queue them, run them, store their pages (Django side).

`loader` does the PDF work under time and memory limits; this module copies
the PDF out of storage, stores images and text, indexes the pages for search
and records progress in batches (STORE_BATCH pages, or fewer when OCR makes
pages slow), and turns every failure into a status an editor can read.
Running a job again replaces the pages: it is idempotent.
"""

import gc
import logging
import time
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from toasoan.background import locks
from toasoan.vietnamese import nfc

from . import loader, units, workdirs
from .failures import explain
from .jobs import runner_id, runner_is_gone
from .loader import ProcessingError
from .models import PrintPage, ProcessingJob, ProcessingUnit
from .storing import copy_pdf, store_page, store_pages  # noqa: F401 (tests patch these here)

logger = logging.getLogger(__name__)

STORE_BATCH = 20  # pages written, indexed and counted in the job at once
PROGRESS_SECONDS = 3  # ... or sooner when pages come slowly (OCR)
# Allocations between the garbage collector's young collections during a job
# (Python's default: 700). A job makes millions of short-lived objects and
# almost no cycles; at 700 its collections, and the full ones they lead to
# over the worker's 200,000 objects, cost 0.5-1 ms a page (bench/README.md).
JOB_GC_THRESHOLD = 10_000


def limits() -> loader.Limits:
    return loader.Limits(
        timeout=settings.PRINT_TOOL_TIMEOUT,
        memory=settings.PRINT_TOOL_MEMORY_BYTES,
        max_bytes=settings.PRINT_MAX_PDF_BYTES,
        max_pages=settings.PRINT_MAX_PAGES,
        ocr_dpi=settings.PRINT_OCR_DPI,
        ocr_lang=settings.PRINT_OCR_LANG,
        ocr_threads=settings.PRINT_OCR_THREADS,
    )


def fingerprint(document) -> str:
    return f"{document.pk}:{document.file_hash or ''}:{document.file_size or ''}"


def request_processing(issue, *, force=False, inline=False, progress=None):
    """Queue processing of `issue.pdf` unless this very file is already done
    or under way (saving the page twice does not process it twice).

    `inline` runs the job now (the import command), calling `progress(job)`
    after each batch of pages; and there a job of this file that failed is
    run again, and one whose process died (on this machine) is resumed.
    Otherwise a background task is queued once the current transaction
    commits.
    """
    document = issue.pdf
    if document is None or issue.pk is None:
        return None
    key = fingerprint(document)
    latest = ProcessingJob.objects.filter(issue_id=issue.pk).first()
    if inline and latest is not None and latest.status == ProcessingJob.FAILED:
        force = True
    if (
        not force
        and latest is not None
        and latest.fingerprint == key
        and not latest.stalled
    ):
        if inline and (
            latest.status == ProcessingJob.QUEUED
            or (latest.status == ProcessingJob.RUNNING and runner_is_gone(latest))
        ):
            run_job(latest.pk, progress, inline=True)
            latest.refresh_from_db()
        return latest
    with translation.override(settings.LANGUAGE_CODE):
        superseded = explain(ProcessingError("superseded"))
    ProcessingJob.objects.filter(issue_id=issue.pk, status=ProcessingJob.QUEUED).update(
        status=ProcessingJob.FAILED, message=superseded, finished_at=timezone.now()
    )
    job = ProcessingJob.objects.create(
        issue_id=issue.pk,
        document=document,
        file_name=nfc(Path(document.file.name).name)[:255],
        fingerprint=key,
    )
    if inline:
        run_job(job.pk, progress, inline=True)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: process_issue.enqueue(job.pk))
    return job


def run_job(job_id, progress=None, inline=False):
    """Run a queued job to the end; every failure ends as a FAILED status.
    Never twice at once (the task engine may hand a job out again while a
    run goes on, after a database outage): the second run is skipped.

    A job found RUNNING was left by a worker that died (the task engine
    hands a task to another worker only then): it resumes after the pages
    it had stored. `attempts` makes the claim atomic: of two workers given
    the same job, one gets it. A job of many pages is split into units
    (units.py), queued for any worker, or run here one after the other when
    `inline` (the import command).
    """
    with locks.held(locks.PRINT_JOB, job_id) as mine:
        return _run_job(job_id, progress, inline) if mine else "skipped"


def _run_job(job_id, progress, inline):
    job = ProcessingJob.objects.filter(pk=job_id).first()
    if job is None or job.status not in (ProcessingJob.QUEUED, ProcessingJob.RUNNING):
        return "skipped"  # done, failed or superseded
    now = timezone.now()
    claimed = ProcessingJob.objects.filter(
        pk=job_id, status=job.status, attempts=job.attempts
    ).update(
        status=ProcessingJob.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=job.attempts + 1,
        runner=runner_id(),
    )
    if not claimed:
        return "skipped"  # taken by another worker meanwhile
    resume = job.status == ProcessingJob.RUNNING
    job = ProcessingJob.objects.select_related("document").get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE), _fewer_collections():
        try:
            planned = _run(job, resume=resume, progress=progress, inline=inline)
        except ProcessingError as error:
            return _fail(job, explain(error), error)
        except Exception as error:  # a worker must survive any PDF
            logger.exception("print processing job %s failed", job.pk)
            return _fail(job, explain(ProcessingError("unexpected")), error)
    for unit_id in planned if inline else ():
        run_unit(unit_id, progress)
    job.refresh_from_db()
    return job.status


@task()
def process_issue(job_id):
    """The background task of a job (queued by `request_processing`)."""
    return run_job(job_id)


@task()
def process_unit(unit_id):
    """The background task of a unit of a job's pages (queued by `_run`)."""
    return run_unit(unit_id)


def run_unit(unit_id, progress=None):
    """Run one unit of a job (units.py); its failure fails the job. Never
    twice at once, as run_job."""
    with locks.held(locks.PRINT_UNIT, unit_id) as mine:
        return _run_unit_task(unit_id, progress) if mine else "skipped"


def _run_unit_task(unit_id, progress):
    unit = units.claim(unit_id)
    if unit is None:
        return "skipped"
    job = ProcessingJob.objects.select_related("document", "issue").get(pk=unit.job_id)
    if job.status != ProcessingJob.RUNNING:
        units.fail(unit)
        return "skipped"
    with translation.override(settings.LANGUAGE_CODE), _fewer_collections():
        try:
            _run_unit(job, unit, progress)
        except ProcessingError as error:
            units.fail(unit)
            if error.code == "stopped":  # a sibling failed the job first
                return "stopped"
            return _fail(job, explain(error), error)
        except Exception as error:
            logger.exception("print processing job %s, unit %s", job.pk, unit.pk)
            units.fail(unit)
            return _fail(job, explain(ProcessingError("unexpected")), error)
    return unit.status


def _run_unit(job, unit, progress):
    job_limits = limits()
    _check_tools(job_limits)
    workdir = workdirs.fresh(job.pk, unit.first)
    try:
        pdf = workdir / "source.pdf"
        copy_pdf(job.document, pdf, job_limits.max_bytes)
        info = loader.inspect(pdf, job_limits)
        if info.pages != job.pages_total:
            raise ProcessingError("superseded")  # the file changed under it
        start = unit.first + unit.pages_done  # after what a dead run stored
        _process(job, pdf, info, workdir, (start, unit.last), progress, unit)
    finally:
        workdirs.remove(job.pk, unit.first)
    if units.complete(unit):
        _finish(job)


@contextmanager
def _fewer_collections(threshold=JOB_GC_THRESHOLD):
    """Young collections every `threshold` allocations while a job runs (the
    cycles a job leaves are still freed, a little later); as before after."""
    before = gc.get_threshold()
    gc.set_threshold(max(threshold, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _fail(job, message, error):
    logger.warning("print processing job %s failed: %s", job.pk, error)
    ProcessingJob.objects.filter(pk=job.pk).update(
        status=ProcessingJob.FAILED, message=message, finished_at=timezone.now()
    )
    job.status = ProcessingJob.FAILED
    return job.status


def _check_tools(job_limits):
    missing = loader.missing_tools(job_limits.ocr_lang)
    if missing:
        raise ProcessingError("tool_missing", ", ".join(missing))


def _run(job, resume=False, progress=None, inline=False):
    """Process the job's pages here, or plan its units (their ids)."""
    job_limits = limits()
    _check_tools(job_limits)
    workdirs.sweep(_running_ids(besides=job.pk))
    workdir = workdirs.fresh(job.pk)
    try:
        pdf = workdir / "source.pdf"
        copy_pdf(job.document, pdf, job_limits.max_bytes)
        info = loader.inspect(pdf, job_limits)
        if not resume or job.pages_total != info.pages:
            job.pages_total, job.pages_done, job.ocr_pages = info.pages, 0, 0
            job.save(update_fields=["pages_total", "pages_done", "ocr_pages"])
        if info.pages > settings.PRINT_UNIT_PAGES:
            size = settings.PRINT_UNIT_PAGES
            return units.plan(job, info.pages, size, _enqueuer(inline))
        start = job.pages_done + 1  # pages before it were stored by a dead run
        job.run_first_page = start
        job.save(update_fields=["run_first_page"])
        _process(job, pdf, info, workdir, (start, info.pages), progress)
    finally:
        workdirs.remove(job.pk)
    _finish(job)
    return []


def _enqueuer(inline):
    """Queue a unit's task, in the planning transaction; inline: nothing
    (run_job runs the units itself)."""
    if inline:
        return lambda unit_id: None
    return process_unit.enqueue


def _process(job, pdf, info, workdir, pages, progress, unit=None):
    """Make and store pages first..last (`pages`) of the job, in batches."""
    deadline = time.monotonic() + settings.PRINT_JOB_TIMEOUT
    job_limits = limits()
    batch, flushed = [], time.monotonic()
    # Closed as soon as anything fails: its thread stops writing in
    # `workdir` before the folder is removed (loader.pages).
    first, last = pages
    made = loader.pages(pdf, info, str(workdir), job_limits, start=first, stop=last)
    with closing(made) as results:
        for result in results:
            if time.monotonic() > deadline:
                raise ProcessingError("job_timeout")
            batch.append(result)
            if (
                len(batch) >= STORE_BATCH
                or time.monotonic() - flushed > PROGRESS_SECONDS
            ):
                _store_batch(job, job.issue, batch, progress, unit)
                batch, flushed = [], time.monotonic()
    if batch:
        _store_batch(job, job.issue, batch, progress, unit)


def _finish(job):
    """The job done, once (the last unit, or the single run, gets here)."""
    job.refresh_from_db()
    PrintPage.objects.filter(issue_id=job.issue_id, number__gt=job.pages_total).delete()
    message = _("%(pages)s pages: %(text)s from the text layer, %(ocr)s by OCR.") % {
        "pages": job.pages_total,
        "text": job.pages_total - job.ocr_pages,
        "ocr": job.ocr_pages,
    }
    ProcessingJob.objects.filter(pk=job.pk, status=ProcessingJob.RUNNING).update(
        status=ProcessingJob.DONE, finished_at=timezone.now(), message=message
    )
    job.refresh_from_db()


def _store_batch(job, issue, results, progress=None, unit=None):
    """Store a batch of pages and count it, on the job and its unit, in one
    transaction (several units add to the job at once: F()); one bulk index
    call and one progress update per batch instead of per page."""
    if _superseded(job):
        raise ProcessingError("superseded")
    if unit is not None and not units.running(job.pk):
        raise ProcessingError("stopped")
    ocr = sum(result.source == PrintPage.OCR for result in results)
    with transaction.atomic():
        store_pages(issue, results)
        ProcessingJob.objects.filter(pk=job.pk).update(
            pages_done=F("pages_done") + len(results),
            ocr_pages=F("ocr_pages") + ocr,
            heartbeat_at=timezone.now(),
        )
        if unit is not None:
            unit.pages_done += len(results)
            ProcessingUnit.objects.filter(pk=unit.pk).update(pages_done=unit.pages_done)
    job.refresh_from_db(fields=["pages_done", "ocr_pages", "heartbeat_at"])
    if progress is not None:
        progress(job)


def _running_ids(besides):
    running = ProcessingJob.objects.filter(status=ProcessingJob.RUNNING)
    return {besides, *running.values_list("pk", flat=True)}


def give_up(job_id):
    """A job whose worker died once too often: failed, with the reason, and
    its work folder (if on this host) removed (the task engine calls this
    through django-tasks' `task_finished`, signals.py)."""
    with translation.override(settings.LANGUAGE_CODE):
        message = explain(ProcessingError("worker_lost"))
    ProcessingJob.objects.filter(
        pk=job_id, status__in=[ProcessingJob.QUEUED, ProcessingJob.RUNNING]
    ).update(status=ProcessingJob.FAILED, message=message, finished_at=timezone.now())
    workdirs.remove_all(job_id)


def _superseded(job):
    return (
        ProcessingJob.objects.filter(issue_id=job.issue_id, pk__gt=job.pk)
        .exclude(status=ProcessingJob.FAILED)
        .exists()
    )
