"""Fuzzing the search page, its JSON API and the suggestions (hypothesis).

Each example sends one set of parameters, as a reader's browser or a script
could, to /tim-kiem/, /api/v1/search/ and /api/v1/search/suggest/: queries
built from search-engine syntax (quotes, minus, OR, NEAR, FTS5's `"` `*` `^`
`:` `(`, lone operators, unbalanced quotes), NFD Vietnamese, NUL and control
characters, overlong text; odd page numbers, sections, sorts, types and dates
(year 1 and 9999 included); repeated keys and undecodable query strings.
Whatever is sent: a 200, or a 400 whose message is one of the Vietnamese
messages of the search; never a 5xx.
"""

from datetime import date
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from toasoan.search import registry
from toasoan.tests import fuzzing
from toasoan.tests.fuzzing import VIETNAMESE, fuzz_settings, hostile_text, nfd

EXAMPLES = 500

# The search's own messages (toasoan/search/service.py), compared as given by
# gettext (Vietnamese once translated); a "%" placeholder ends a prefix.
MESSAGES = [
    "Choose a date between 1/1/%(first)d and 31/12/%(last)d.",
    "Unknown content type: %s",
    "The page number must be a number.",
    "This page of results does not exist.",
    "Sort by relevance or by date.",
    "Dates are written day/month/year, for example 12/1/2022.",
    "The start date is after the end date.",
]
PAGE = {"type": "loai", "section": "chuyen-muc", "from": "tu", "to": "den"}
PAGE |= {"sort": "sap-xep", "page": "trang"}
API = {name: name for name in PAGE}

SYNTAX = [
    '"',
    '""',
    "“",
    "”",
    "'",
    "-",
    "--",
    "+",
    "OR",
    "AND",
    "NOT",
    "or",
    "|",
    "&",
    "!",
    "*",
    "^",
    ":",
    "(",
    ")",
    "()",
    "NEAR",
    "NEAR(",
    "NEAR/3",
    "title:",
    "autocomplete:",
    "\\",
    "%",
    "_",
    "<->",
    ":*",
    "\x00",
    "\t",
    "\u00a0",
    "ma",
    "má",
    "Trương",
    "thị",
    "hòa",
    "hoà",
    "bình",
    nfd("bình"),
    "Đảng",
    "dang",
    "🙂",
]
queries = st.one_of(
    st.sampled_from(["ma", "hòa bình", "Trương Thị Mai", "dang", '"thị mai"']),
    st.lists(st.sampled_from(SYNTAX), max_size=12).map(" ".join),
    st.lists(st.sampled_from(SYNTAX), max_size=12).map("".join),
    st.sampled_from(VIETNAMESE).map(lambda text: f'"{text}'),
    hostile_text(300),
)
day_texts = st.one_of(
    st.dates().map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.dates().map(date.isoformat),
    st.sampled_from(["31/2/2022", "0/1/2022", "1/13/2022", "2022-02-30", "1/1/1"]),
    st.sampled_from(["1/1/0001", "31/12/9999", "0001-01-01", "9999-12-31"]),
    hostile_text(30),
)
page_numbers = st.one_of(
    st.integers(-5, 130).map(str),
    st.sampled_from(["0", "01", " 2 ", "+3", "1e3", "0x10", "٣", "1_0", "9" * 5000]),
    hostile_text(20),
)


def optional(strategy):
    return st.one_of(st.none(), strategy)


VALUES = {
    "q": queries,
    "type": st.lists(
        st.one_of(
            st.sampled_from(["bai-viet", "video", "trang-tap-chi"]), hostile_text(20)
        ),
        max_size=3,
    ),
    "section": st.one_of(
        st.sampled_from(["thoi-su-chinh-tri", "van-hoa-xa-hoi", "khong-co"]),
        hostile_text(120),
    ),
    "from": day_texts,
    "to": day_texts,
    "sort": st.one_of(
        st.sampled_from(["relevance", "date", "lien-quan", "moi-nhat"]),
        hostile_text(20),
    ),
    "page": page_numbers,
}
# A query for a word that is found, with one to three parameters changed:
# one odd value at a time gets past the checks of the others to the code
# behind them (the database's filters, the ranking, the page's template).
params = st.builds(
    lambda changed, values: {"q": "ma", **{k: values[k] for k in changed}},
    st.sets(st.sampled_from(sorted(VALUES)), min_size=1, max_size=3),
    st.fixed_dictionaries(VALUES),
)
# a raw query string: percent signs, ampersands and bytes that are not UTF-8
raw_queries = st.text(
    st.sampled_from("q=&%+;#?/=aAzZ09%ff%00%e1%bb%9d%c3%28"), max_size=80
)


def query_string(values, names):
    pairs = []
    for key, value in values.items():
        name = "q" if key == "q" else names[key]
        for item in value if isinstance(value, list) else [value]:
            if item is not None:
                pairs.append((name, item))
    return urlencode(pairs)


@pytest.fixture
def messages():
    """The Vietnamese texts of the search's messages, as prefixes."""
    with translation.override("vi"):
        texts = [translation.gettext(m).split("%")[0] for m in MESSAGES]
    return texts


def check_api(response, messages):
    assert response.status_code in (200, 400), response.status_code
    data = response.json()
    if response.status_code == 400:
        assert any(data["error"].startswith(m) for m in messages), data["error"]
        return
    assert data["count"] >= 0 and 0 <= data["page"] <= 100
    assert len(data["results"]) <= 10
    assert all(isinstance(r["snippet"], str) for r in data["results"])


def check_page(response, messages):
    assert response.status_code in (200, 400), response.status_code
    html = response.content.decode()
    if response.status_code == 400:
        assert any(escape(m) in html for m in messages)


@fuzz_settings(EXAMPLES)
@given(values=params, raw=optional(raw_queries))
def test_fuzz_search(corpus, messages, values, raw):
    """Any parameters: 200 or a Vietnamese 400 on the page and the API."""
    fuzzing.tried("search")
    client = Client()
    for path, names, check in [
        ("/tim-kiem/", PAGE, check_page),
        ("/api/v1/search/", API, check_api),
    ]:
        query = query_string(values, names)
        if raw is not None:
            query = f"{raw}&{query}"
        response = client.get(f"{path}?{query}")
        fuzzing.answered("search", response.status_code)
        check(response, messages)
    typed = values.get("q") or ""
    suggest = client.get(f"/api/v1/search/suggest/?{urlencode({'q': typed})}")
    fuzzing.answered("search", suggest.status_code)
    assert suggest.status_code == 200
    assert len(suggest.json()["suggestions"]) <= 8


def test_search_types_are_the_ones_fuzzed(db):
    """The fuzz test names real content types; keep it in step."""
    assert {t.key for t in registry.types()} <= {"bai-viet", "video", "trang-tap-chi"}


@pytest.mark.parametrize("name", ["q", "type", "section", "from", "to", "sort", "page"])
@pytest.mark.parametrize("path", ["/tim-kiem/", "/api/v1/search/"])
def test_nul_bytes_never_reach_the_database(client, corpus, messages, path, name):
    """PostgreSQL refuses NUL in text (a ValueError, a 500 if unhandled);
    SQLite does not, so this runs in CI's PostgreSQL pass too."""
    names = PAGE if path == "/tim-kiem/" else API
    values = {"q": "ma\x00", name: "\x00" if name != "section" else "van-hoa\x00"}
    response = client.get(f"{path}?{query_string(values, names)}")
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        check = check_page if path == "/tim-kiem/" else check_api
        check(response, messages)
    suggest = client.get("/api/v1/search/suggest/", {"q": "ma\x00 \x00"})
    assert suggest.status_code == 200
