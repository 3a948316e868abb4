"""The index queries behind the search page: expressions, caps, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from toasoan.news.models import ArticlePage
from toasoan.news.tests.factories import make_article
from toasoan.pagecache import fragments
from toasoan.search import ranking, registry
from toasoan.search.ranking import postgres
from toasoan.search.ranking.sqlite import fts5_expression
from toasoan.search.ranking.tsquery import match_tsquery_expression, tsquery_expression
from toasoan.search.text import parse_query

from .conftest import body
from .test_search import titles


@pytest.mark.parametrize(
    ("query", "matching"),
    [
        ("hòa bình", "'hoa' & 'binh'"),
        ("hoa", "'hoa'"),
        ('"hòa bình" ma', "'ma' & (('hoaf' <-> 'binhf') | ('hoa' <-> 'binh'))"),
    ],
)
def test_postgresql_matches_on_folded_words(query, matching):
    """Which entries match: folded words only (each word is indexed folded
    too), phrases in both forms; the full expression still scores."""
    assert match_tsquery_expression(parse_query(query)) == matching


@pytest.mark.parametrize(
    ("query", "fts5", "tsquery"),
    [
        ("hoa", '"hoa"', "'hoa'"),
        ("hòa bình", '("hoaf" OR "hoa") AND ("binhf" OR "binh")', None),
        ("hoà", '("hoaf" OR "hoa")', "('hoaf' | 'hoa')"),
        ('"hoa binh"', '"hoa binh"', "('hoa' <-> 'binh')"),
        ('"hòa bình"', '("hoaf binhf" OR "hoa binh")', None),
        ("Đảng", '("ddangr" OR "dang")', "('ddangr' | 'dang')"),
        # Syntax of either engine is never passed through.
        ("a\" OR b NEAR(c) d:e -f 'g *", None, None),
    ],
)
def test_expressions(query, fts5, tsquery):
    parsed = parse_query(query)
    made_fts5 = fts5_expression(parsed)
    made_tsquery = tsquery_expression(parsed)
    if fts5 is not None:
        assert made_fts5 == fts5
    if tsquery is not None:
        assert made_tsquery == tsquery
    # Every token is quoted: no operator of the reader's reaches the engine.
    assert made_fts5.replace(" AND ", " ").replace(" OR ", " ").count('"') % 2 == 0
    assert "'" not in made_fts5


@pytest.mark.parametrize("query", ["a\" OR b NEAR(c) d:e -f 'g *", "x" * 10_000])
def test_engine_accepts_every_expression(corpus, query):
    ranker = ranking.ranker(parse_query(query))
    queryset = ArticlePage.objects.live()
    assert ranker.count(queryset) == 0
    assert ranker.top(queryset, 10) == []


def test_an_empty_queryset_is_no_error(client, corpus):
    ranker = ranking.ranker(parse_query("ma"))
    none = ArticlePage.objects.none()
    assert ranker.count(none) == 0
    assert ranker.top(none, 10) == [] and ranker.newest(none, 10) == []
    response = client.get("/tim-kiem/", {"q": "ma", "chuyen-muc": "khong-co"})
    assert response.status_code == 200
    assert "Hơn" not in response.content.decode()


def test_top_is_ranked_and_filtered(corpus):
    ranker = ranking.ranker(parse_query("ma"))
    live = ArticlePage.objects.live()
    top = ranker.top(live, 10)
    assert len(top) == 3 and all(isinstance(pk, int) for pk, _ in top)
    scores = [score for _, score in top]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    # "Con ma" has the word in its title and in its body: it ranks first.
    assert top[0][0] == corpus["ma"].pk
    assert ranker.top(live.exclude(pk=corpus["ma"].pk), 10)[0][0] != corpus["ma"].pk
    assert len(ranker.top(live, 2)) == 2
    newest = [pk for pk, _ in ranker.newest(live, 10)]
    assert newest == [corpus[k].pk for k in ("ma", "ma_huyen", "ma_sac")]


def test_counts_stop_at_the_cap(client, corpus, monkeypatch):
    monkeypatch.setattr(ranking.Ranker, "CAP", 2)
    monkeypatch.setattr("toasoan.search.service.CAP", 2)
    assert ranking.ranker(parse_query("ma")).count(ArticlePage.objects.live(), 2) == 3
    data = client.get("/api/v1/search/", {"q": "ma"}).json()
    assert data["count"] == 2 and data["count_capped"] is True
    assert data["pages"] == 1
    html = client.get("/tim-kiem/", {"q": "ma"}).content.decode()
    assert "Hơn 2 kết quả" in html
    data = client.get("/api/v1/search/", {"q": "truong thi mai"}).json()
    assert data["count"] == 1 and data["count_capped"] is False
    assert titles(client, "truong thi mai") == ["Hội nghị trưởng ban tổ chức"]


def test_search_page_query_count(client, corpus):
    """Pinned: sizes, count, ranked pool, filter, load, results, the page."""
    client.get("/tim-kiem/", {"q": "ma"})
    fragments.bump([fragments.SEARCH])  # the first search after a change
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/tim-kiem/", {"q": "ma"}).status_code == 200
    index_queries = [q for q in ctx.captured_queries if "indexentry" in q["sql"]]
    # SQLite: how many match at all and the ranked pool once, then per type
    # its size (which side drives the join) and its capped count.
    # PostgreSQL: the planner's estimate once (EXPLAIN), then per type its
    # matching entries (few here: all of them), and for a type with any, one
    # statement with the capped count and the ranked page.
    types = len(registry.types())
    expected = {"sqlite": 2 + 2 * types, "postgresql": 1 + types + 1}
    assert len(index_queries) == expected[connection.vendor]
    assert len(ctx.captured_queries) == SEARCH_PAGE_QUERIES[connection.vendor]


SEARCH_PAGE_QUERIES = {"sqlite": 13, "postgresql": 9}


def test_a_repeated_search_is_kept_until_the_index_changes(client, corpus):
    from toasoan.news.tests.factories import make_article

    client.get("/tim-kiem/", {"q": "ma"})
    with CaptureQueriesContext(connection) as ctx:
        client.get("/tim-kiem/", {"q": "ma"})
    assert not [q for q in ctx.captured_queries if "indexentry" in q["sql"]]
    assert titles(client, "quả măng cụt") == []
    make_article(corpus["mai"].get_parent().specific, "Quả măng cụt chín sớm")
    assert titles(client, "quả măng cụt") == ["Quả măng cụt chín sớm"]


def test_a_change_of_the_index_moves_the_search_generation(corpus):
    from django.test import RequestFactory
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    def generation():
        return fragments.Generations(RequestFactory().get("/")).peek("search")

    before = generation()
    get_search_backend().add_bulk(ArticlePage, list(ArticlePage.objects.all()[:1]))
    assert generation() != before


def test_pages_under_a_view_restriction_are_never_shown(client, corpus):
    from wagtail.models import PageViewRestriction

    title = "Hội nghị trưởng ban tổ chức"
    assert titles(client, "truong thi mai") == [title]
    assert title in client.get("/").content.decode()
    PageViewRestriction.objects.create(
        page=corpus["mai"].get_parent(), restriction_type="password", password="x"
    )
    assert titles(client, "truong thi mai") == []
    assert title not in client.get("/").content.decode()
    assert client.get("/api/v1/search/suggest/", {"q": "hoi ngh"}).json() == {
        "query": "hoi ngh",
        "suggestions": [],
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("khat", ["Khát vọng hòa bình"]),
        ("Khát v", ["Khát vọng hòa bình"]),
        ("KHÁT VỌNG H", ["Khát vọng hòa bình"]),
        ("vong hoa b", ["Khát vọng hòa bình"]),
        ("truong ban to ch", ["Hội nghị trưởng ban tổ chức"]),
        ("ban nhap", []),  # a draft is never suggested
        ("!!!", []),
        ('"*: NEAR', []),
        ("x" * 100, []),
    ],
)
def test_suggestions_read_the_title_index(client, corpus, typed, expected):
    data = client.get("/api/v1/search/suggest/", {"q": typed}).json()
    assert [s["title"] for s in data["suggestions"]] == expected
    for suggestion in data["suggestions"]:
        assert suggestion["url"].startswith("/")


def test_broad_queries_rank_the_same_way(corpus):
    """Once a count reaches its cap, PostgreSQL may walk the newest entries;
    the ranking of what it finds is the same."""
    live = ArticlePage.objects.live()
    narrow = ranking.ranker(parse_query("ma")).top(live, 10)
    broad = ranking.ranker(parse_query("ma"))
    assert broad.count(live, cap=1) == 2
    assert [pk for pk, _ in broad.top(live, 10)] == [pk for pk, _ in narrow]


@pytest.mark.parametrize("walk_cost", [0, 10**9])
def test_search_counts_and_ranks_either_way(corpus, monkeypatch, walk_cost):
    """`Ranker.search` (PostgreSQL: one statement, walking the newest entries
    or reading every match) gives what `count` and `top` give, filters
    included."""
    monkeypatch.setattr(postgres.PostgresRanker, "WALK_COST", walk_cost)
    live = ArticlePage.objects.live()
    for query, queryset in [
        ("ma", live),
        ("ma", live.exclude(pk=corpus["ma"].pk)),
        ("truong thi mai", live),
        ("khong co chu nay", live),
    ]:
        expected = ranking.ranker(parse_query(query))
        count, top = expected.count(queryset), expected.top(queryset, 2)
        found, hits = ranking.ranker(parse_query(query)).search(queryset, 2)
        assert found == count
        assert [pk for pk, _ in hits] == [pk for pk, _ in top]
    monkeypatch.setattr(ranking.Ranker, "CAP", 1)
    assert ranking.ranker(parse_query("ma")).search(live, 1)[0] == 2


@pytest.mark.parametrize("drafts", [0, 4])
def test_search_reads_the_newest_matches_in_steps(corpus, monkeypatch, drafts):
    """PostgreSQL reads the matches newer than a bound first (bitmaps only,
    for that statement alone), lowers the bound when too few were found and
    reads everything when drafts took the places: the answer is the same as
    counting and ranking every match."""
    from modelsearch.conf import get_app_config

    section = corpus["ma"].get_parent().specific
    for i in range(6):
        make_article(section, f"Sông quê {i}", body=body("Dòng sông quê hương."))
    for i in range(drafts):
        make_article(section, f"Sông nháp {i}", body=body("Sông."), live=False)
    entries = get_app_config().get_model("IndexEntry").objects.count()

    def estimate_all(ranker):  # as if every entry matched: the bound is high
        ranker._planned = (entries, entries)
        return False

    live = ArticlePage.objects.live()
    expected = ranking.ranker(parse_query("song que"))
    count, top = expected.count(live), expected.top(live, 3)
    assert count == 6
    monkeypatch.setattr(ranking.Ranker, "CAP", 2)
    monkeypatch.setattr(postgres.PostgresRanker, "SPAN_SLACK", 0.5)
    monkeypatch.setattr(postgres.PostgresRanker, "_walk", estimate_all)
    with CaptureQueriesContext(connection) as queries:
        found, hits = ranking.ranker(parse_query("song que")).search(live, 3)
    assert found == 3  # CAP + 1: "more than 2"
    assert [pk for pk, _ in hits] == [pk for pk, _ in top]
    if connection.vendor == "postgresql":
        statements = [q["sql"] for q in queries.captured_queries]
        assert statements.count("SET LOCAL enable_indexscan = off") == 1
        assert statements.count("RESET enable_indexscan") == 1
        bounded = [s for s in statements if "e.id > " in s]
        assert len(bounded) >= 2  # the bound was lowered at least once
        with pytest.raises(ZeroDivisionError):  # a failure inside rolls back
            with ranking.ranker(parse_query("x"))._bitmaps_only():
                1 / 0  # noqa: B018
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_indexscan')")
            assert cursor.fetchone()[0] == "on"
    monkeypatch.setattr(ranking.Ranker, "CAP", 10)
    found, hits = ranking.ranker(parse_query("song que")).search(live, 3)
    assert found == 6 and [pk for pk, _ in hits] == [pk for pk, _ in top]


def test_a_hit_deleted_since_it_was_ranked_is_left_out(corpus, monkeypatch):
    """The index may name an object deleted a moment ago: the page shows the
    others, in rank order, and no error."""
    from toasoan.search import service

    ranker_class = type(ranking.ranker(parse_query("ma")))
    ranked = ranker_class.search

    def with_a_ghost(self, queryset, limit):
        found, hits = ranked(self, queryset, limit)
        return found, [(10**9, 99.0), *hits] if hits else hits

    monkeypatch.setattr(ranker_class, "search", with_a_ghost)
    outcome = service.search(service.Filters(query="ma", types=["bai-viet"]))
    expected = ranked(ranking.ranker(parse_query("ma")), ArticlePage.objects.live(), 10)
    assert [r.title for r in outcome.results] == [
        ArticlePage.objects.get(pk=pk).title for pk, _ in expected[1]
    ]
