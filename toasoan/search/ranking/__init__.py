"""Ranked retrieval from the search index, one statement per question.

modelsearch keeps the index (its tables, signals and `update_index`), but its
query compiler does not scale: on SQLite it scores every candidate row with a
correlated MATCH subquery, on PostgreSQL it filters on `title || body`, which
no index serves, and both count every match. At 100,000 articles a common
word took seconds (bench/search_speed.py). Here each match is ranked once by
the engine, joined to the content type's own filtered queryset, and counts
stop at `CAP`, the most results a reader can page through.

One class per database writes the SQL (`sqlite.py`, `postgres.py`) behind
the interface of `base.Ranker`. Which one is not decided here: the search
backend chosen in settings (WAGTAILSEARCH_BACKENDS, `toasoan.search.engines`)
names its database's rankers.
"""

from wagtail.search.backends import get_search_backend

from .base import CAP, Ranker

__all__ = ["CAP", "Ranker", "ranker", "title_ranker"]


def ranker(parsed) -> Ranker:
    """The ranker for a parsed query (`text.parse_query`)."""
    return get_search_backend().ranker_class(parsed)


def title_ranker(text: str) -> Ranker:
    """The ranker of titles for what the reader has typed so far."""
    return get_search_backend().title_ranker_class(text)
