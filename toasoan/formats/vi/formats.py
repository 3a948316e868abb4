"""Vietnamese date formats: day before month, everywhere.

Django's own `vi` locale has no input formats, so without this file the admin
would read "05/11/2026" as May 11 and refuse "28/11/2026".
"""

DATE_FORMAT = "j/n/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "H:i j/n/Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1
# What editors type is read as they meant it, or refused: never month first.
# The admin's date picker writes WAGTAIL_DATE_FORMAT / WAGTAIL_DATETIME_FORMAT
# (15/07/2023 14:30), and whatever else it is given is checked against these
# (toasoan.dateinput). The English admin reads the same (../en/formats.py).
_DAY_FIRST = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
DATE_INPUT_FORMATS = [*_DAY_FIRST, "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
DATETIME_INPUT_FORMATS = [
    *(f"{day} {time}" for day in _DAY_FIRST for time in ("%H:%M", "%H:%M:%S")),
    # As the site writes a time: 18:31' 12/1/2022.
    *(f"%H:%M{mark} {day}" for day in _DAY_FIRST for mark in ("", "'")),
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
