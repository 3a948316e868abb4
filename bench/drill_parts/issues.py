"""A print issue with a scanned PDF, published as an editor would: the
publish signal queues its processing task (processing.request_processing),
which waits in PostgreSQL until a worker takes it.

Pages are the sample texts of print_edition.samples, each with its own page
number line, drawn as images (no text layer): every page goes through OCR.
"""

from datetime import date

from django.core.files.base import ContentFile


def scanned_pages(count):
    from toasoan.print_edition import samples

    return [
        [*samples.PAGES[index % len(samples.PAGES)], f"Trang {index + 1}"]
        for index in range(count)
    ]


def _document(data, name, title):
    from wagtail.documents import get_document_model

    from toasoan.core import internals

    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(data), save=False)
    document.file_size = len(data)
    internals.set_file_hash(document)
    document.save()
    return document


def publish_issue(label, pages, dpi):
    """Issue `label`-2024 with a scanned PDF of `pages` pages, published;
    returns (issue, its processing job: queued, or already taken by a
    worker that was waiting)."""
    from toasoan.print_edition import importing, samples
    from toasoan.print_edition.models import PrintIssuePage, ProcessingJob

    data = samples.scanned_pdf(scanned_pages(pages), dpi=dpi)
    archive = importing.archive_page()
    issue = PrintIssuePage(
        number_label=label,
        year=2024,
        published_on=date(2024, 5, 15),
        pdf=_document(data, f"so-{label}-2024.pdf", f"Tạp chí in số {label}-2024"),
    )
    archive.add_child(instance=issue)
    issue.save_revision(log_action=False).publish(log_action=False)
    job = ProcessingJob.objects.filter(issue_id=issue.pk).first()
    if job is None:
        raise RuntimeError(f"publishing issue {label} made no processing job")
    return issue, job
