"""Fixtures of the print edition's tests, shared with the site-wide tests."""

from toasoan.print_edition.tests.conftest import (  # noqa: F401 - fixtures
    archive,
    home,
    make_issue,
    processed_issue,
    text_pdf,
    text_pdf_pages,
    tools,
)
