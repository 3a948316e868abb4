"""The English admin: English display formats (Django's), the magazine's input.

Dates are typed and shown in the admin's fields day first whatever the
interface language (WAGTAIL_DATE_FORMAT is 15/07/2023): with Django's English
input formats, "05/11/2026" would be read back as May 11 on every save.
"""

from toasoan.formats.vi.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    TIME_INPUT_FORMATS,
)
