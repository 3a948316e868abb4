"""The house date format "18:31' 12/1/2022" in Vietnam time."""

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from toasoan.vietnamese import TIMEZONE, format_date, format_datetime, parse_datetime

PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TIMEZONE)


def test_timezone():
    assert TIMEZONE.key == "Asia/Ho_Chi_Minh"
    assert TIMEZONE.utcoffset(datetime(2022, 1, 12)) == timedelta(hours=7)


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        (datetime(2022, 1, 12, 11, 31, tzinfo=UTC), "18:31' 12/1/2022"),
        (local(2022, 1, 12, 18, 31), "18:31' 12/1/2022"),
        (datetime(2022, 1, 12, 18, 31), "18:31' 12/1/2022"),  # naive = local
        (datetime(2022, 1, 12, 12, 31, tzinfo=PARIS), "18:31' 12/1/2022"),
        (datetime(2022, 7, 12, 7, 31, tzinfo=NEW_YORK), "18:31' 12/7/2022"),
        (
            datetime(2022, 1, 12, 18, 31, tzinfo=timezone(timedelta(hours=7))),
            "18:31' 12/1/2022",
        ),
        (datetime(2021, 3, 2, 8, 5), "08:05' 2/3/2021"),
        (datetime(2023, 1, 1, 0, 0), "00:00' 1/1/2023"),
        (datetime(2022, 12, 31, 23, 59, 59, 999999), "23:59' 31/12/2022"),
        # 17:00 UTC is already the next day in Vietnam.
        (datetime(2022, 12, 31, 17, 0, tzinfo=UTC), "00:00' 1/1/2023"),
        (datetime(2024, 2, 28, 16, 59, tzinfo=UTC), "23:59' 28/2/2024"),
        (datetime(2024, 2, 28, 17, 0, tzinfo=UTC), "00:00' 29/2/2024"),
    ],
)
def test_format_datetime(dt, expected):
    assert format_datetime(dt) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2022, 1, 12), "12/1/2022"),
        (date(2021, 3, 2), "2/3/2021"),
        (date(1975, 4, 30), "30/4/1975"),
        (date(2022, 12, 31), "31/12/2022"),
        (datetime(2022, 1, 12, 18, 31), "12/1/2022"),
        (datetime(2022, 12, 31, 17, 0, tzinfo=UTC), "1/1/2023"),
        (local(2022, 12, 31, 23, 59), "31/12/2022"),
    ],
)
def test_format_date(value, expected):
    assert format_date(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:31' 12/1/2022", local(2022, 1, 12, 18, 31)),
        ("18:31 12/1/2022", local(2022, 1, 12, 18, 31)),
        ("18:31\u2019 12/1/2022", local(2022, 1, 12, 18, 31)),
        ("18:31\u2032 12/1/2022", local(2022, 1, 12, 18, 31)),
        ("18:31'12/1/2022", local(2022, 1, 12, 18, 31)),
        ("18:31 ' 12/1/2022", local(2022, 1, 12, 18, 31)),
        ("  18 : 31'   12 / 1 / 2022  ", local(2022, 1, 12, 18, 31)),
        ("08:05' 02/03/2021", local(2021, 3, 2, 8, 5)),
        ("8:05' 2/3/2021", local(2021, 3, 2, 8, 5)),
        ("18:31' 12-1-2022", local(2022, 1, 12, 18, 31)),
        ("18:31' 12.1.2022", local(2022, 1, 12, 18, 31)),
        ("12/1/2022 18:31", local(2022, 1, 12, 18, 31)),
        ("12/1/2022 18:31'", local(2022, 1, 12, 18, 31)),
        ("12.01.2022   08:05", local(2022, 1, 12, 8, 5)),
        ("12/1/2022", local(2022, 1, 12, 0, 0)),
        ("02-03-2021", local(2021, 3, 2, 0, 0)),
        ("00:00' 1/1/2023", local(2023, 1, 1, 0, 0)),
        ("23:59' 31/12/2022", local(2022, 12, 31, 23, 59)),
        ("12:00' 29/2/2024", local(2024, 2, 29, 12, 0)),
        ("\t18:31'\u00a012/1/2022\n", local(2022, 1, 12, 18, 31)),
    ],
)
def test_parse_datetime(text, expected):
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is TIMEZONE
    assert parsed.utcoffset() == timedelta(hours=7)
    assert (parsed.second, parsed.microsecond) == (0, 0)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hôm nay",
        "18:31'",
        "18:31' 12/1",
        "18:31' 12/1/22",
        "18:31' 2022/1/12",
        "2022-01-12T18:31:00+07:00",
        "18:31:05' 12/1/2022",
        "18h31' 12/1/2022",
        "18:3' 12/1/2022",
        "18:3112/1/2022",
        "18:31' 12/1-2022",
        "18:31' 12/1/2022 thứ Tư",
        "18:31' 12/1/2022 18:31",
        "12/1/2022 18:31 12/1/2022",
        # 18:31' 12/1/2022 in Arabic-Indic digits: \d would match them.
        "\u0661\u0668:\u0663\u0661' \u0661\u0662/\u0661/\u0662\u0660\u0662\u0662",
    ],
)
def test_parse_datetime_rejects_other_shapes(text):
    with pytest.raises(ValueError, match="not a date"):
        parse_datetime(text)


@pytest.mark.parametrize(
    "text",
    [
        "18:31' 31/2/2022",
        "18:31' 29/2/2023",
        "18:31' 31/4/2022",
        "18:31' 0/1/2022",
        "18:31' 12/0/2022",
        "18:31' 12/13/2022",
        "24:00' 12/1/2022",
        "25:10' 12/1/2022",
        "18:60' 12/1/2022",
        "18:31' 12/1/0000",
        "31/2/2022",
        "12/1/2022 24:00",
    ],
)
def test_parse_datetime_rejects_impossible_values(text):
    with pytest.raises(ValueError, match="impossible date or time"):
        parse_datetime(text)


@pytest.mark.parametrize("value", [None, 20220112, b"12/1/2022"])
def test_parse_datetime_wants_text(value):
    with pytest.raises(TypeError):
        parse_datetime(value)


@pytest.mark.parametrize(
    "dt",
    [
        local(2022, 1, 12, 18, 31),
        local(2021, 3, 2, 8, 5),
        local(2000, 12, 31, 23, 59),
        local(2024, 2, 29, 0, 0),
    ],
)
def test_round_trip(dt):
    text = format_datetime(dt)
    assert parse_datetime(text) == dt
    assert format_datetime(parse_datetime(text)) == text


def test_parse_then_convert_to_utc():
    parsed = parse_datetime("18:31' 12/1/2022")
    assert parsed.astimezone(UTC) == datetime(2022, 1, 12, 11, 31, tzinfo=UTC)
