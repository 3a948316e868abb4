"""What a print issue accepts as its PDF and cover, in the admin and in
import_print_issue; the file checks themselves are in toasoan/uploads."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.template.defaultfilters import filesizeformat
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from toasoan.print_edition.loader import ProcessingError
from toasoan.print_edition.models import PrintIssuePage
from toasoan.print_edition.processing import explain
from toasoan.uploads.tests import samples

from .conftest import make_document


def nothing_stored(media):
    assert not PrintIssuePage.objects.exists()
    assert not get_document_model().objects.exists()
    assert not get_image_model().objects.exists()
    assert [p for p in Path(media).rglob("*") if p.is_file()] == []


@pytest.mark.parametrize(
    "pdf_name, pdf, cover, reason",
    [
        ("so-5.pdf", samples.HTML, None, "not_pdf"),
        ("so-5.pdf", samples.zip_bytes(), None, "not_pdf"),
        ("so-5.docx", None, None, "not_pdf"),  # a real PDF, misnamed
        ("so-5.pdf", None, ("bia.png", samples.png_bomb()), "pixels"),
        ("so-5.pdf", None, ("bia.jpg", samples.HTML), "cover"),
        ("so-5.pdf", None, ("bia.png", samples.image_bytes() + b"PK"), "cover"),
    ],
)
def test_import_refuses_bad_files_before_storing_anything(
    tools, archive, media, tmp_path, text_pdf, capsys, pdf_name, pdf, cover, reason
):
    path = tmp_path / pdf_name
    path.write_bytes(text_pdf if pdf is None else pdf)
    args = [str(path), "--number", "5", "--year", "2022"]
    if cover:
        (tmp_path / cover[0]).write_bytes(cover[1])
        args += ["--cover", str(tmp_path / cover[0])]
    with pytest.raises(CommandError, match="not processed"):
        call_command("import_print_issue", *args)
    error = capsys.readouterr().err
    assert f"FAILED {path}: " in error
    if reason == "not_pdf":
        assert explain(ProcessingError("not_pdf")) in error
    elif reason == "pixels":
        assert "64000000" in error
    nothing_stored(media)


def test_import_refuses_a_pdf_over_the_limit(
    tools, archive, media, tmp_path, text_pdf, settings, capsys
):
    settings.PRINT_MAX_PDF_BYTES = len(text_pdf) - 1
    (tmp_path / "2022-5.pdf").write_bytes(text_pdf)
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("import_print_issue", str(tmp_path))
    assert explain(ProcessingError("too_big")) in capsys.readouterr().err
    nothing_stored(media)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bt", "bt@example.vn", "x" * 12)
    client.force_login(user)
    return client


def issue_form(document):
    return nested_form_data(
        {
            "title": "",
            "slug": "",
            "number_label": "5",
            "year": "2022",
            "published_on": "2022-05-15",
            "pdf": document.pk,
            "intro": "",
            "contents": inline_formset([]),
            "action-publish": "publish",
        }
    )


@pytest.mark.parametrize(
    "name, size", [("bai-viet.docx", None), ("so-5-2022.pdf", 301 * 1024 * 1024)]
)
def test_the_issue_form_refuses_a_document_that_cannot_be_its_pdf(
    admin_client, archive, text_pdf, name, size
):
    document = make_document(text_pdf, name=name)
    if size:
        type(document).objects.filter(pk=document.pk).update(file_size=size)
        document.refresh_from_db()
    url = f"/admin/pages/add/print_edition/printissuepage/{archive.pk}/"
    response = admin_client.post(url, issue_form(document))
    assert response.status_code == 200
    assert not PrintIssuePage.objects.exists()
    issue = PrintIssuePage(number_label="5", year=2022, pdf=document)
    with pytest.raises(ValidationError) as refused:
        issue._check_pdf()
    error = refused.value.message_dict["pdf"][0]
    if size:
        assert filesizeformat(300 * 1024 * 1024) in error
    else:
        assert document.filename in error
    assert error in response.content.decode()


def test_the_issue_form_accepts_its_pdf(admin_client, archive, text_pdf):
    document = make_document(text_pdf)
    url = f"/admin/pages/add/print_edition/printissuepage/{archive.pk}/"
    response = admin_client.post(url, issue_form(document))
    assert response.status_code == 302
    assert PrintIssuePage.objects.get().pdf == document
