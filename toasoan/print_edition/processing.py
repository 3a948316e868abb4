"""Processing jobs: queue them, run them, store their pages (Django side).

`loader` does the PDF work under time and memory limits; this module copies
the PDF out of storage, records progress page by page, stores images and
text, indexes each page for search and turns every failure into a status an
editor can read. Running a job again replaces the pages: it is idempotent.
"""

import logging
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from modelsearch import index

from toasoan.search.indexing import deferred_indexing
from toasoan.vietnamese import nfc

from . import loader
from .loader import ProcessingError
from .models import PrintPage, ProcessingJob

logger = logging.getLogger(__name__)


def limits() -> loader.Limits:
    return loader.Limits(
        timeout=settings.PRINT_TOOL_TIMEOUT,
        memory=settings.PRINT_TOOL_MEMORY_BYTES,
        max_bytes=settings.PRINT_MAX_PDF_BYTES,
        max_pages=settings.PRINT_MAX_PAGES,
        ocr_dpi=settings.PRINT_OCR_DPI,
        ocr_lang=settings.PRINT_OCR_LANG,
    )


def explain(error: ProcessingError) -> str:
    """The sentence an editor sees for a failure (in the site's language)."""
    size = filesizeformat(settings.PRINT_MAX_PDF_BYTES)
    messages = {
        "no_pdf": _("The issue has no PDF."),
        "not_pdf": _("The file is not a PDF."),
        "too_big": _("The PDF is larger than the limit of %(size)s.") % {"size": size},
        "encrypted": _(
            "The PDF is protected by a password; upload a copy without a password."
        ),
        "corrupt": _("The PDF is damaged and cannot be read."),
        "too_many_pages": _("The PDF has more pages than the limit of %(n)s.")
        % {"n": settings.PRINT_MAX_PAGES},
        "timeout": _("A page took longer than %(s)s seconds to process.")
        % {"s": settings.PRINT_TOOL_TIMEOUT},
        "job_timeout": _("Processing took longer than the limit of %(s)s seconds.")
        % {"s": settings.PRINT_JOB_TIMEOUT},
        "memory": _("A page needed more memory than allowed."),
        "tool_missing": _(
            "The server lacks the tools to process PDFs (%(tools)s); ask the "
            "technical staff to install them."
        )
        % {"tools": error.detail},
        "tool_failed": _("A processing tool failed on this PDF."),
        "missing_file": _("The PDF file can no longer be found in storage."),
        "superseded": _("Replaced by a newer processing of this issue."),
    }
    message = messages.get(
        error.code,
        _("Unexpected error; the technical staff will find the details in the log."),
    )
    if error.code in {"tool_failed", "corrupt", "memory"} and error.detail:
        message += f" ({error.detail[:200]})"
    return message


def fingerprint(document) -> str:
    return f"{document.pk}:{document.file_hash or ''}:{document.file_size or ''}"


def request_processing(issue, *, force=False, inline=False):
    """Queue processing of `issue.pdf` unless this very file is already done
    or under way (saving the page twice does not process it twice).

    `inline` runs the job now (the import command); otherwise a background
    task is queued once the current transaction commits.
    """
    document = issue.pdf
    if document is None or issue.pk is None:
        return None
    key = fingerprint(document)
    latest = ProcessingJob.objects.filter(issue_id=issue.pk).first()
    if (
        not force
        and latest is not None
        and latest.fingerprint == key
        and not latest.stalled
    ):
        if inline and latest.status == ProcessingJob.QUEUED:
            run_job(latest.pk)
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
        run_job(job.pk)
        job.refresh_from_db()
    else:
        from .tasks import process_issue

        transaction.on_commit(lambda: process_issue.enqueue(job.pk))
    return job


def run_job(job_id):
    """Run a queued job to the end; every failure ends as a FAILED status."""
    claimed = ProcessingJob.objects.filter(
        pk=job_id, status=ProcessingJob.QUEUED
    ).update(status=ProcessingJob.RUNNING, started_at=timezone.now())
    if not claimed:
        return "skipped"  # done, failed, superseded, or taken by another worker
    job = ProcessingJob.objects.select_related("document").get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _run(job)
        except ProcessingError as error:
            return _fail(job, explain(error), error)
        except Exception as error:  # a worker must survive any PDF
            logger.exception("print processing job %s failed", job.pk)
            return _fail(job, explain(ProcessingError("unexpected")), error)
    return job.status


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


def _run(job):
    job_limits = limits()
    missing = loader.missing_tools(job_limits.ocr_lang)
    if missing:
        raise ProcessingError("tool_missing", ", ".join(missing))
    issue = job.issue
    deadline = time.monotonic() + settings.PRINT_JOB_TIMEOUT
    workdir = tempfile.mkdtemp(prefix="toasoan-print-")
    try:
        pdf = Path(workdir) / "source.pdf"
        _copy_pdf(job.document, pdf, job_limits.max_bytes)
        info = loader.inspect(pdf, job_limits)
        job.pages_total, job.pages_done, job.ocr_pages = info.pages, 0, 0
        job.save(update_fields=["pages_total", "pages_done", "ocr_pages"])
        for result in loader.pages(pdf, info, workdir, job_limits):
            if time.monotonic() > deadline:
                raise ProcessingError("job_timeout")
            if _superseded(job):
                raise ProcessingError("superseded")
            store_page(issue, result)
            job.pages_done += 1
            job.ocr_pages += result.source == PrintPage.OCR
            job.save(update_fields=["pages_done", "ocr_pages"])
        for extra in PrintPage.objects.filter(issue=issue, number__gt=info.pages):
            extra.delete()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
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


def _superseded(job):
    return (
        ProcessingJob.objects.filter(issue_id=job.issue_id, pk__gt=job.pk)
        .exclude(status=ProcessingJob.FAILED)
        .exists()
    )


def store_page(issue, result: loader.PageResult) -> PrintPage:
    """Create or replace one page: files under fixed names, text, word boxes."""
    page = PrintPage.objects.filter(issue=issue, number=result.number).first()
    page = page or PrintPage(issue=issue, number=result.number)
    for field, path in (("image", result.image), ("thumbnail", result.thumbnail)):
        old = getattr(page, field)
        if old:
            old.storage.delete(old.name)
        with open(path, "rb") as handle:
            getattr(page, field).save(path.name, File(handle), save=False)
        Path(path).unlink(missing_ok=True)
    page.width, page.height = result.width, result.height
    page.text = nfc(result.text)
    page.words = result.words
    page.source = result.source
    page.published_at = issue.published_at if issue.published_on else None
    with deferred_indexing(PrintPage):
        page.save()
    index.insert_or_update_object(page)
    return page
