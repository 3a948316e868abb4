"""Adjacency, order and exact diacritics (ranking/proximity.py), on the
database the suite runs on (CI runs SQLite and PostgreSQL)."""

import doctest
from datetime import datetime

import pytest

from toasoan.news.tests.factories import home, make_article, make_section
from toasoan.search import text
from toasoan.search.ranking import proximity
from toasoan.vietnamese import TIMEZONE

from .conftest import body
from .test_search import titles


@pytest.fixture
def section(db):
    return make_section(home(), "Thời sự")


def article(section, title, text, day):
    when = datetime(2023, 5, day, 9, 0, tzinfo=TIMEZONE)
    return make_article(section, title, published=when, body=body(text))


def test_a_phrase_side_by_side_in_the_body_beats_a_title_holding_it_scattered(
    client, section
):
    # The title holds every syllable, apart and out of order: the engines'
    # own scores (title words count four times) put it first.
    article(
        section,
        "Đảng viên dựng lều, xây nhà cho dân vùng lũ",
        "Tin ngắn về công tác cứu trợ ở miền Trung.",
        1,
    )
    article(
        section,
        "Hội nghị sơ kết",
        "Báo cáo dài về nhiều việc. " * 20 + "Công tác xây dựng Đảng được nhấn mạnh.",
        2,
    )
    assert titles(client, "xây dựng Đảng")[0] == "Hội nghị sơ kết"
    assert titles(client, "xay dung dang")[0] == "Hội nghị sơ kết"


def test_syllables_in_order_beat_the_same_syllables_reversed(client, section):
    # The reversed pair, three times, scores higher by the engines' own count.
    article(section, "Bài hai", "Ở đây xây dựng mới một trường học.", 1)
    article(section, "Bài một", "Dựng xây trường, dựng xây nhà, dựng xây chợ.", 2)
    assert titles(client, "xây dựng") == ["Bài hai", "Bài một"]


def test_a_word_with_diacritics_means_those_diacritics(client, section):
    # Pages with only "đáng" or "dáng", many times, and one with "Đảng" once.
    article(section, "Đáng nhớ", "Một ngày đáng nhớ, đáng kể, đáng quý. " * 5, 1)
    article(section, "Dáng đi", "Dáng người, dáng đi, dáng đứng. " * 5, 2)
    article(section, "Tin tổ chức", "Đại hội Đảng bộ tỉnh khai mạc sáng nay.", 3)
    assert titles(client, "đảng")[0] == "Tin tổ chức"
    assert titles(client, "ĐẢNG")[0] == "Tin tổ chức"
    # Without diacritics every form matches, as before.
    assert set(titles(client, "dang")) == {"Đáng nhớ", "Dáng đi", "Tin tổ chức"}


def test_exact_diacritics_side_by_side_beat_other_tones_side_by_side(client, section):
    article(section, "Bài hai", "Trong năm qua, xây dựng Đảng là việc chính.", 1)
    article(section, "Bài một", "Xây dựng đang là việc chính, xây dựng đang.", 2)
    assert titles(client, "xây dựng Đảng")[0] == "Bài hai"
    assert set(titles(client, "xay dung dang")) == {"Bài một", "Bài hai"}


def test_examples_in_the_docstring():
    assert doctest.testmod(proximity).failed == 0


def test_snippets_mark_the_exact_forms(client, section):
    article(section, "Tin tổ chức", "Đại hội Đảng bộ là sự kiện đáng chú ý.", 1)
    article(section, "Đáng nhớ", "Một ngày đáng nhớ của dân làng.", 2)

    def snippets(query):
        response = client.get("/api/v1/search/", {"q": query})
        return {r["title"]: r["snippet"] for r in response.json()["results"]}

    found = snippets("đảng")
    assert "<mark>Đảng</mark>" in found["Tin tổ chức"]
    assert "<mark>đáng</mark>" not in found["Tin tổ chức"]
    # Typed without diacritics, every form is marked.
    found = snippets("dang")
    assert "<mark>Đảng</mark>" in found["Tin tổ chức"]
    assert "<mark>đáng</mark>" in found["Tin tổ chức"]
    assert "<mark>đáng</mark>" in found["Đáng nhớ"]


def test_text_examples_in_the_docstring():
    assert doctest.testmod(text).failed == 0
