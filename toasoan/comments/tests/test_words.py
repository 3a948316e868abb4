"""Word-list matching: diacritic-free typing is caught, innocent words are not."""

import unicodedata

import pytest

from toasoan.comments.words import contains_phrase, first_match


@pytest.mark.parametrize(
    "text, phrase, expected",
    [
        ("Tác giả thật là ngu", "ngu", True),
        ("NGU quá", "ngu", True),
        ("đội ngũ cán bộ", "ngu", False),  # an accented word is not the rule
        ("doi ngu can bo", "ngũ", True),  # typed plainly: could be either
        ("đội ngũ cán bộ", "ngũ", True),
        ("hoà bình", "hòa bình", True),  # new vs old tone placement
        ("hòa bình", "hoà bình", True),
        (unicodedata.normalize("NFD", "lừa đảo"), "lừa đảo", True),
        ("Đây là trò LUA DAO", "lừa đảo", True),
        ("lừa gạt và đảo chính", "lừa đảo", False),  # not next to each other
        ("lua", "lừa đảo", False),
        ("dang", "đảng", True),
        ("đang làm", "đảng", False),
        ("", "xấu", False),
    ],
)
def test_contains_phrase(text, phrase, expected):
    assert contains_phrase(text, phrase) is expected


def test_first_match_returns_the_rule():
    assert first_match("mua thuoc gia re", ["lừa đảo", "thuốc giả"]) == "thuốc giả"
    assert first_match("bài hay", ["lừa đảo"]) is None
