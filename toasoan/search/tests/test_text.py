"""Index text and query parsing for Vietnamese search (pure Python)."""

import unicodedata

import pytest

from toasoan.search.text import highlight, index_text, parse_query


def test_index_text_holds_exact_and_folded_spellings():
    text = index_text("Hòa bình, COVID-19")
    assert text.split() == ["hoaf", "binhf", "hoa", "binh", "covid", "19"]
    assert index_text("hoà bình") == index_text("hòa bình")
    assert index_text(unicodedata.normalize("NFD", "hòa bình")) == text.replace(
        " covid 19", ""
    )


@pytest.mark.parametrize(
    "query, terms, phrases",
    [
        ("truong thi mai", [(None, "truong"), (None, "thi"), (None, "mai")], []),
        ("Trương Mai", [("truwowng", "truong"), (None, "mai")], []),
        ('"thị mai" ban', [(None, "ban")], [[("thij", "thi"), (None, "mai")]]),
        ("“hòa bình”", [], [[("hoaf", "hoa"), ("binhf", "binh")]]),
        ('"đảng"', [("ddangr", "dang")], []),
        ("NEAR * : - ' \" AND OR", [(None, "near"), (None, "and"), (None, "or")], []),
        ("", [], []),
        ("!!! ### ***", [], []),
    ],
)
def test_parse_query(query, terms, phrases):
    parsed = parse_query(query)
    assert [(t.exact, t.folded) for t in parsed.terms] == terms
    assert [[(t.exact, t.folded) for t in p] for p in parsed.phrases] == phrases


def test_long_queries_are_capped():
    parsed = parse_query("từ " * 5000)
    assert len(parsed.terms) == 12


def test_highlight_marks_matches_in_the_best_window():
    text = " ".join(["chữ"] * 100) + " đồng chí Trương Thị Mai phát biểu " + "x " * 50
    pieces = highlight(text, parse_query("truong thi mai"), size=20)
    marked = [t for t, hit in pieces if hit]
    assert marked == ["Trương", "Thị", "Mai"]
    assert pieces[0] == ("… ", False) and pieces[-1] == (" …", False)
    assert "".join(t for t, _ in pieces[1:-1]) in text


def test_highlight_without_match_shows_the_start():
    pieces = highlight("Một hai ba bốn", parse_query("xyz"), size=3)
    assert "".join(t for t, _ in pieces) == "Một hai ba …"
