"""Date and time in the magazine's house format, e.g. "18:31' 12/1/2022".

Times are shown and typed in Vietnam's local time, whatever zone the server
or the database uses.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

__all__ = ["TIMEZONE", "format_date", "format_datetime", "parse_datetime"]

TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")

# ASCII apostrophe, right single quotation mark and prime: editors and word
# processors turn one into another.
_APOSTROPHE = r"['\u2019\u2032]"
_TIME = r"(?P<hour>[0-9]{1,2})\s*:\s*(?P<minute>[0-9]{2})"
_DATE = (
    r"(?P<day>[0-9]{1,2})\s*(?P<sep>[/.-])\s*(?P<month>[0-9]{1,2})"
    r"\s*(?P=sep)\s*(?P<year>[0-9]{4})"
)
# Tried in order: house order, reverse order, bare date. The time needs an
# apostrophe or a space before the date so that digits cannot run together.
_FORMATS = (
    re.compile(rf"\s*{_TIME}(?:\s*{_APOSTROPHE}\s*|\s+){_DATE}\s*"),
    re.compile(rf"\s*{_DATE}\s+{_TIME}(?:\s*{_APOSTROPHE})?\s*"),
    re.compile(rf"\s*{_DATE}\s*"),
)


def _local(value: date) -> date:
    """Convert an aware datetime to Vietnam time; naive values are local."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return value.astimezone(TIMEZONE)
    return value


def format_date(d: date) -> str:
    """Format as day/month/year without leading zeros: "12/1/2022"."""
    d = _local(d)
    return f"{d.day}/{d.month}/{d.year}"


def format_datetime(dt: datetime) -> str:
    """Format as "18:31' 12/1/2022" in Vietnam time."""
    dt = _local(dt)
    return f"{dt.hour:02d}:{dt.minute:02d}' {format_date(dt)}"


def parse_datetime(text: str) -> datetime:
    """Read a house-format date or date-time into an aware Vietnam datetime.

    Accepts what editors actually type: leading zeros, missing or curly
    apostrophe, "-" or "." between date parts, date before time, or a date
    alone (midnight).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, not {type(text).__name__}")
    for pattern in _FORMATS:
        match = pattern.fullmatch(text)
        if match is not None:
            break
    else:
        raise ValueError(
            f'not a date in the form "18:31\' 12/1/2022" or "12/1/2022": {text!r}'
        )
    parts = match.groupdict()
    try:
        return datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts.get("hour") or 0),
            int(parts.get("minute") or 0),
            tzinfo=TIMEZONE,
        )
    except ValueError as exc:
        raise ValueError(f"impossible date or time {text!r}: {exc}") from exc
