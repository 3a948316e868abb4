"""SQLite FTS5: modelsearch's engine, Vietnamese queries, our rankers."""

from modelsearch.backends.database.sqlite.query import BM25
from modelsearch.backends.database.sqlite.sqlite import (
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)

from toasoan.search.backend import VietnameseMixin
from toasoan.search.ranking.sqlite import SQLiteRanker, SQLiteTitleRanker


class VietnameseSQLiteSearchQueryCompiler(SQLiteSearchQueryCompiler):
    """Rank by the single bm25() of the whole MATCH expression.

    bm25() already scores the complete query. modelsearch's compiler combines
    one copy of it per part of an And as a product of (1 + bm25), and bm25 is
    negative, so with an even number of query words the best match sorted
    last (measured in bench/search_relevance.py). Using bm25() once keeps the
    engine's own ranking.
    """

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        return BM25() * boost if boost != 1.0 else BM25()


class VietnameseSQLiteBackend(VietnameseMixin, SQLiteSearchBackend):
    vendor = "sqlite"
    query_compiler_class = VietnameseSQLiteSearchQueryCompiler
    ranker_class = SQLiteRanker
    title_ranker_class = SQLiteTitleRanker
