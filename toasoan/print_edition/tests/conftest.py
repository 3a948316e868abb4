import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from toasoan.news.tests import factories
from toasoan.print_edition import loader, samples
from toasoan.print_edition.models import (
    IssueContentItem,
    PrintArchivePage,
    PrintIssuePage,
    ProcessingJob,
)
from toasoan.print_edition.processing import fingerprint, store_page


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test its own media folder: page files are named by issue id."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def tools():
    missing = loader.missing_tools()
    if missing:
        pytest.skip(f"missing tools: {', '.join(missing)}")


@pytest.fixture(scope="session")
def text_pdf():
    return samples.text_pdf()


@pytest.fixture(scope="session")
def scanned_pdf():
    """One scanned page: OCR costs about a second a page."""
    return samples.scanned_pdf(samples.PAGES[1:2], dpi=200)


@pytest.fixture
def home(db):
    return factories.home()


@pytest.fixture
def archive(home):
    page = PrintArchivePage(title="Tạp chí in", slug="tap-chi-in")
    home.add_child(instance=page)
    return factories.publish(page)


def make_document(data, name="so-5-2022.pdf", title="Tạp chí in số 5-2022"):
    document = get_document_model()(title=title)
    document.file.save(name, ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


@pytest.fixture
def make_issue(archive):
    def make(label="5", year=2022, pdf=None, live=True, contents=(), **fields):
        from datetime import date

        issue = PrintIssuePage(
            live=live,
            number_label=label,
            year=year,
            published_on=fields.pop("published_on", date(year, 5, 15)),
            pdf=make_document(pdf) if isinstance(pdf, bytes) else pdf,
            **fields,
        )
        issue.contents = [
            IssueContentItem(sort_order=i, **item) for i, item in enumerate(contents)
        ]
        archive.add_child(instance=issue)
        if live:
            factories.publish(issue)
        else:
            issue.save_revision(log_action=False)
        return PrintIssuePage.objects.get(pk=issue.pk)

    return make


@pytest.fixture(scope="session")
def text_pdf_pages(tools, text_pdf, tmp_path_factory):
    """The loader's output for the text-layer PDF, made once per session."""
    folder = tmp_path_factory.mktemp("pages")
    path = folder / "source.pdf"
    path.write_bytes(text_pdf)
    info = loader.inspect(path, loader.Limits())
    return list(loader.pages(path, info, folder, loader.Limits()))


@pytest.fixture
def processed_issue(make_issue, text_pdf, text_pdf_pages, tmp_path):
    """Issue 5-2022 with the three pages of the text-layer PDF stored, as a
    finished job leaves them (the job itself is tested in test_processing)."""
    issue = make_issue(pdf=text_pdf)
    for result in text_pdf_pages:
        copy = replace(
            result,
            image=Path(shutil.copy(result.image, tmp_path)),
            thumbnail=Path(shutil.copy(result.thumbnail, tmp_path)),
        )
        store_page(issue, copy)
    ProcessingJob.objects.create(
        issue=issue,
        document=issue.pdf,
        fingerprint=fingerprint(issue.pdf),
        status=ProcessingJob.DONE,
        pages_total=3,
        pages_done=3,
    )
    return issue
