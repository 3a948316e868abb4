"""Processing jobs: queue them, run them, store their pages (Django side).

`loader` does the PDF work under time and memory limits; this module copies
the PDF out of storage, stores images and text, indexes the pages for search
and records progress in batches (STORE_BATCH pages, or fewer when OCR makes
pages slow), and turns every failure into a status an editor can read.
Running a job again replaces the pages: it is idempotent.
"""

import gc
import logging
import os
import socket
import time
from contextlib import closing, contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from modelsearch import index
from wagtail.search.backends import get_search_backends

from toasoan.search.indexing import deferred_indexing
from toasoan.vietnamese import nfc

from . import loader, workdirs
from .failures import explain
from .loader import ProcessingError
from .models import PrintPage, ProcessingJob

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
            run_job(latest.pk, progress)
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
        run_job(job.pk, progress)
        job.refresh_from_db()
    else:
        from .tasks import process_issue

        transaction.on_commit(lambda: process_issue.enqueue(job.pk))
    return job


def runner_id():
    """This process, as a job records who runs it: "host:pid"."""
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def runner_is_gone(job):
    """Whether the process that ran `job` was on this machine and has ended."""
    host, _, pid = job.runner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def run_job(job_id, progress=None):
    """Run a queued job to the end; every failure ends as a FAILED status.

    A job found RUNNING was left by a worker that died (the task engine
    hands a task to another worker only then): it resumes after the pages
    it had stored. `attempts` makes the claim atomic: of two workers given
    the same job, one gets it.
    """
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
            _run(job, resume=resume, progress=progress)
        except ProcessingError as error:
            return _fail(job, explain(error), error)
        except Exception as error:  # a worker must survive any PDF
            logger.exception("print processing job %s failed", job.pk)
            return _fail(job, explain(ProcessingError("unexpected")), error)
    return job.status


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


def _copy_pdf(document, target: Path, max_bytes):
    if document is None:
        raise ProcessingError("no_pdf")
    total = 0
    try:
        with document.file.open("rb") as source, open(target, "wb") as out:
            while chunk := source.read(1024 * 1024):
                total += len(chunk)
                if total > max_bytes:
                    raise ProcessingError("too_big", f"> {max_bytes}")
                out.write(chunk)
    except (FileNotFoundError, ValueError):
        raise ProcessingError("missing_file", document.file.name) from None


def _run(job, resume=False, progress=None):
    job_limits = limits()
    missing = loader.missing_tools(job_limits.ocr_lang)
    if missing:
        raise ProcessingError("tool_missing", ", ".join(missing))
    issue = job.issue
    deadline = time.monotonic() + settings.PRINT_JOB_TIMEOUT
    workdirs.sweep(_running_ids(besides=job.pk))
    workdir = str(workdirs.fresh(job.pk))
    try:
        pdf = Path(workdir) / "source.pdf"
        _copy_pdf(job.document, pdf, job_limits.max_bytes)
        info = loader.inspect(pdf, job_limits)
        if not resume or job.pages_total != info.pages:
            job.pages_total, job.pages_done, job.ocr_pages = info.pages, 0, 0
            job.save(update_fields=["pages_total", "pages_done", "ocr_pages"])
        start = job.pages_done + 1  # pages before it were stored by a dead run
        job.run_first_page = start
        job.save(update_fields=["run_first_page"])
        batch, flushed = [], time.monotonic()
        # Closed as soon as anything fails: its thread stops writing in
        # `workdir` before the folder is removed (loader.pages).
        pages = loader.pages(pdf, info, workdir, job_limits, start=start)
        with closing(pages) as results:
            for result in results:
                if time.monotonic() > deadline:
                    raise ProcessingError("job_timeout")
                batch.append(result)
                if (
                    len(batch) >= STORE_BATCH
                    or time.monotonic() - flushed > PROGRESS_SECONDS
                ):
                    _store_batch(job, issue, batch, progress)
                    batch, flushed = [], time.monotonic()
        if batch:
            _store_batch(job, issue, batch, progress)
        for extra in PrintPage.objects.filter(issue=issue, number__gt=info.pages):
            extra.delete()
    finally:
        workdirs.remove(job.pk)
    job.status = ProcessingJob.DONE
    job.finished_at = timezone.now()
    job.message = _(
        "%(pages)s pages: %(text)s from the text layer, %(ocr)s by OCR."
    ) % {
        "pages": job.pages_total,
        "text": job.pages_total - job.ocr_pages,
        "ocr": job.ocr_pages,
    }
    job.save(update_fields=["status", "finished_at", "message"])


def _store_batch(job, issue, results, progress=None):
    """Store a batch of pages and record the progress: one transaction, one
    bulk index call and one progress update per batch instead of per page."""
    if _superseded(job):
        raise ProcessingError("superseded")
    store_pages(issue, results)
    job.pages_done += len(results)
    job.ocr_pages += sum(result.source == PrintPage.OCR for result in results)
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["pages_done", "ocr_pages", "heartbeat_at"])
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
    workdirs.remove(job_id)


def _superseded(job):
    return (
        ProcessingJob.objects.filter(issue_id=job.issue_id, pk__gt=job.pk)
        .exclude(status=ProcessingJob.FAILED)
        .exists()
    )


class _MovedFile(File):
    """A file the storage may move instead of copying (as Django does with
    large uploads): the page files are ours and deleted afterwards anyway."""

    def temporary_file_path(self):
        return self.file.name


_STORED_FIELDS = [
    "image",
    "thumbnail",
    "width",
    "height",
    "text",
    "words",
    "source",
    "published_at",
    "updated_at",
]


def store_page(issue, result: loader.PageResult, page=None, *, save=True):
    """Create or replace one page: files under fixed names, text, word boxes.

    `save=False` only prepares the page (its files are stored) for
    `store_pages`, which writes and indexes a batch at once.
    """
    if page is None:
        page = PrintPage.objects.filter(issue=issue, number=result.number).first()
    page = page or PrintPage(issue=issue, number=result.number)
    for field, path in (("image", result.image), ("thumbnail", result.thumbnail)):
        old = getattr(page, field)
        if old:
            old.storage.delete(old.name)
        with open(path, "rb") as handle:
            getattr(page, field).save(path.name, _MovedFile(handle), save=False)
        Path(path).unlink(missing_ok=True)
    page.width, page.height = result.width, result.height
    page.text = nfc(result.text)
    page.words = result.words
    page.source = result.source
    page.published_at = issue.published_at if issue.published_on else None
    if save:
        with deferred_indexing(PrintPage):
            page.save()
        index.insert_or_update_object(page)
    return page


def store_pages(issue, results) -> list[PrintPage]:
    """Create or replace a batch of pages with one query to find them, one
    transaction to write them and one bulk call to index them."""
    existing = {
        page.number: page
        for page in PrintPage.objects.filter(
            issue=issue, number__in=[result.number for result in results]
        )
    }
    pages = [
        store_page(
            issue,
            result,
            existing.get(result.number) or PrintPage(issue=issue, number=result.number),
            save=False,
        )
        for result in results
    ]
    now = timezone.now()
    for page in pages:
        page.updated_at = now
    with transaction.atomic(), deferred_indexing(PrintPage):
        PrintPage.objects.bulk_create([page for page in pages if page.pk is None])
        PrintPage.objects.bulk_update(
            [page for page in pages if page.number in existing], _STORED_FIELDS
        )
    if any(page.pk is None for page in pages):  # a database without RETURNING
        pks = dict(
            PrintPage.objects.filter(
                issue=issue, number__in=[page.number for page in pages]
            ).values_list("number", "pk")
        )
        for page in pages:
            page.pk = pks[page.number]
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(PrintPage, pages)
    return pages
