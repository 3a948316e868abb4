"""Storing a processing job's pages: files under fixed names, text, word
boxes, the search index; one page, or a batch at once."""

from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from modelsearch import index
from wagtail.search.backends import get_search_backends

from toasoan.search.indexing import deferred_indexing
from toasoan.vietnamese import nfc

from . import loader
from .loader import ProcessingError
from .models import PrintPage


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


def copy_pdf(document, target: Path, max_bytes):
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
