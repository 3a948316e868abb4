"""Documents: the content must be what the extension says.

Wagtail checks a document's size (WAGTAILDOCS_MAX_UPLOAD_SIZE) and extension
(WAGTAILDOCS_EXTENSIONS) but not its content, so an HTML page or a program
renamed `.pdf` would be accepted. Only the first bytes are read: ZIP-based
formats are recognised by their header, never unpacked.
"""

import os

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEAD_BYTES = 64 * 1024
ZIP = b"PK\x03\x04"
ODF_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument."


def is_pdf(head):
    # The PDF header may follow some junk, within the first 1024 bytes.
    return b"%PDF-" in head[:1024]


def _zip(head):
    return head.startswith(ZIP) or head.startswith(b"PK\x05\x06")  # or empty


def _ooxml(head):
    return head.startswith(ZIP)


def _odf(head):
    # ODF: the first member is "mimetype", stored, without an extra field.
    return head.startswith(ZIP) and head[30 : 30 + len(ODF_MIMETYPE)] == ODF_MIMETYPE


def _text(head):
    return b"\x00" not in head


# Extension → test of the first HEAD_BYTES. An extension added to
# WAGTAILDOCS_EXTENSIONS without a rule here is accepted unchecked.
CONTENT_RULES = {
    "pdf": is_pdf,
    "zip": _zip,
    "docx": _ooxml,
    "xlsx": _ooxml,
    "odt": _odf,
    "txt": _text,
}


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def check_document_content(upload):
    """ValidationError when the file's first bytes contradict its extension."""
    extension = extension_of(upload.name)
    rule = CONTENT_RULES.get(extension)
    if rule is None:
        return
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not rule(head):
        raise ValidationError(
            _("The file's content does not match its type (.%(ext)s).")
            % {"ext": extension},
            code="file_type",
        )
