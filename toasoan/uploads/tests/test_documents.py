"""Document uploads (add, multiple upload, chooser: also how a print issue's
PDF arrives) and how documents and media are served."""

import pytest
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.test import override_settings
from django.utils.translation import gettext
from wagtail.documents import get_document_model

from . import samples

Document = get_document_model()
WAYS = ["add", "multiple", "chooser"]
DOCX = samples.zip_bytes((("word/document.xml", b"<w:document/>"),))
ODT = samples.zip_bytes(
    (("content.xml", b"<office:document-content/>"),),
    first=("mimetype", b"application/vnd.oasis.opendocument.text"),
)


def post_document(client, how, name, data):
    return samples.upload(client, "documents", how, name, data)


ORDINARY = [
    ("so-5-2022.pdf", samples.PDF),
    ("bai-viet.docx", DOCX),
    ("bang.xlsx", samples.zip_bytes((("xl/workbook.xml", b"<workbook/>"),))),
    ("van-ban.odt", ODT),
    ("ghi-chu.txt", "Ghi chú của tòa soạn.\n".encode()),
    ("anh.zip", samples.zip_bytes()),
]


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("name, data", ORDINARY)
def test_ordinary_documents_are_accepted(admin_client, how, name, data):
    stored, error = post_document(admin_client, how, name, data)
    assert stored, error
    assert Document.objects.get().file.name.endswith(name)


DISGUISED = [
    # name, content, refused by the content check (True) or by the extension
    ("so-5-2022.pdf", samples.HTML, True),
    ("so-5-2022.pdf", samples.zip_bytes(), True),
    ("so-5-2022.pdf", samples.image_bytes("JPEG"), True),
    ("bai-viet.docx", samples.PDF, True),
    ("bai-viet.docx", samples.HTML, True),
    ("van-ban.odt", samples.zip_bytes(), True),  # a ZIP, not an ODF document
    ("anh.zip", samples.PDF, True),
    ("ghi-chu.txt", samples.image_bytes("PNG"), True),
    ("trang.html", samples.HTML, False),
    ("hinh.svg", samples.SVG, False),
    ("chay.exe", b"MZ\x90\x00", False),
]


@pytest.mark.parametrize("how", WAYS)
@pytest.mark.parametrize("name, data, by_content", DISGUISED)
def test_disguised_documents_are_refused(
    admin_client, media, how, name, data, by_content
):
    stored, error = post_document(admin_client, how, name, data)
    assert not stored
    extension = name.rsplit(".", 1)[1]
    if by_content:
        expected = gettext("The file's content does not match its type (.%(ext)s).")
        assert expected % {"ext": extension} in error
    else:
        assert f"“{extension}”" in error  # Django's "File extension “html” is ..."
    assert Document.objects.count() == 0
    assert samples.stored_files(media) == []


@pytest.mark.parametrize("how", WAYS)
def test_size_cap(admin_client, media, how):
    data = samples.PDF + b"%" * 5000
    with override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=4000):
        stored, error = post_document(admin_client, how, "so-5-2022.pdf", data)
    assert not stored
    assert filesizeformat(4000) in error and filesizeformat(len(data)) in error
    assert Document.objects.count() == 0
    assert samples.stored_files(media) == []


def stored_document(name, data):
    """A document stored without the admin's checks (a script, an old upload)."""
    document = Document(title=name)
    document.file.save(name, ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


@pytest.mark.parametrize(
    "name, data, content_type",
    [
        ("so-5-2022.pdf", samples.PDF, "application/pdf"),
        ("gia-pdf.pdf", samples.HTML, "application/pdf"),  # HTML inside
        ("ghi-chu.txt", samples.HTML, "text/plain"),
        ("bai-viet.docx", DOCX, "application/vnd.openxmlformats-"),
    ],
)
def test_documents_are_served_as_attachments_without_sniffing(
    client, db, name, data, content_type
):
    document = stored_document(name, data)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "html" not in response["Content-Type"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == data


@pytest.fixture
def debug_media(settings):
    """The URLs of `make run` (DEBUG): media served by Django."""
    settings.ROOT_URLCONF = "toasoan.uploads.tests.debug_urls"


@pytest.mark.parametrize("ranged", [False, True])
def test_media_in_development_is_served_with_nosniff(
    client, db, debug_media, media, ranged
):
    (media / "images").mkdir(parents=True)
    (media / "images" / "anh.png").write_bytes(samples.image_bytes())
    headers = {"HTTP_RANGE": "bytes=0-9"} if ranged else {}
    response = client.get("/media/images/anh.png", **headers)
    assert response.status_code == (206 if ranged else 200)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_document_files_are_not_served_as_media(client, db, debug_media):
    """Only /documents/… serves a document (attachment, privacy of its
    collection); its file under /media/ is not served, as in nginx."""
    document = stored_document("gia-pdf.pdf", samples.HTML)
    assert client.get(document.url).status_code == 200
    assert client.get(document.file.url).status_code == 404
    assert client.get(document.file.url, HTTP_RANGE="bytes=0-9").status_code == 404
