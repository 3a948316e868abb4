"""Adding print issues from files: the import command and the demo use it."""

import hashlib
import re
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from toasoan.core import internals
from toasoan.news.models import HomePage
from toasoan.uploads.documents import extension_of, is_pdf
from toasoan.uploads.images import check_image_file
from toasoan.vietnamese import nfc

from .forms import label_key
from .loader import ProcessingError
from .models import PrintArchivePage, PrintIssuePage
from .processing import explain, request_processing

ARCHIVE_SLUG = "tap-chi-in"
# "2022-5.pdf", "2022_1+2.pdf", "so-5-2022.pdf", "So Tet 2009.pdf"
NAME_PATTERNS = (
    re.compile(r"^(?P<year>\d{4})[\s_-]+(?:so[\s_-]*)?(?P<number>.+)$", re.I),
    re.compile(r"^(?:so[\s_-]*)?(?P<number>.+?)[\s_-]+(?P<year>\d{4})$", re.I),
)
COVER_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def archive_page():
    """The one archive page, made under the home page when missing."""
    archive = PrintArchivePage.objects.first()
    if archive is None:
        home = HomePage.objects.first()
        if home is None:
            raise ValueError("the site has no home page")
        archive = PrintArchivePage(title="Tạp chí in", slug=ARCHIVE_SLUG)
        home.add_child(instance=archive)
        archive.save_revision(log_action=False).publish(log_action=False)
    return archive


def guess_from_name(path: Path):
    """(number, year) from a file name, or None."""
    stem = nfc(path.stem).strip()
    for pattern in NAME_PATTERNS:
        match = pattern.match(stem)
        if match:
            number = match.group("number").strip(" _-").replace("_", " ")
            return number, int(match.group("year"))
    return None


def find_cover(path: Path):
    for suffix in COVER_SUFFIXES:
        for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
            if candidate.exists():
                return candidate
    return None


def _sha1(path: Path):
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def find_issue(archive, number, year):
    wanted = label_key(number)
    for issue in PrintIssuePage.objects.child_of(archive).filter(year=year):
        if label_key(issue.number_label) == wanted:
            return issue
    return None


def import_issue(
    pdf_path, number, year, *, published_on=None, cover_path=None, progress=None
):
    """Create or update issue `number`-`year` with this PDF, publish it and
    process its pages before returning (`progress(job)` after each batch).
    Importing the same file again does nothing new when its job is done,
    runs it again when it failed, and resumes it when the process running it
    died. Returns (issue, job)."""
    pdf_path = Path(pdf_path)
    number = nfc(str(number)).strip()
    # The admin's upload checks, before anything is stored.
    check_pdf_file(pdf_path)
    if cover_path:
        check_image_file(cover_path)
    archive = archive_page()
    with transaction.atomic():
        issue = find_issue(archive, number, year)
        created = issue is None
        if created:
            issue = PrintIssuePage(
                number_label=number,
                year=year,
                published_on=published_on or date(year, 1, 1),
            )
        elif published_on:
            issue.published_on = published_on
        digest = _sha1(pdf_path)
        if issue.pdf is None or issue.pdf.file_hash != digest:
            issue.pdf = _document(pdf_path, f"Tạp chí in số {number}-{year}")
        if cover_path:
            issue.cover = _image(Path(cover_path), f"Bìa tạp chí in số {number}-{year}")
        if created:
            archive.add_child(instance=issue)
        issue.save_revision(log_action=False).publish(log_action=False)
    issue = PrintIssuePage.objects.get(pk=issue.pk)
    job = request_processing(issue, inline=True, progress=progress)
    return issue, job


def check_pdf_file(path: Path):
    """ValidationError unless `path` is a PDF within PRINT_MAX_PDF_BYTES."""
    if path.stat().st_size > settings.PRINT_MAX_PDF_BYTES:
        raise ValidationError(explain(ProcessingError("too_big")), code="file_size")
    with open(path, "rb") as handle:
        head = handle.read(1024)
    if extension_of(path.name) != "pdf" or not is_pdf(head):
        raise ValidationError(explain(ProcessingError("not_pdf")), code="file_type")


def _document(path: Path, title):
    document = get_document_model()(title=title)
    with open(path, "rb") as handle:
        document.file.save(path.name, File(handle), save=False)
    document.file_size = path.stat().st_size
    internals.set_file_hash(document)
    document.save()
    return document


def _image(path: Path, title):
    image = get_image_model()(title=title)
    with open(path, "rb") as handle:
        image.file.save(path.name, File(handle), save=False)
    image.save()
    return image
