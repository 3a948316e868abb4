"""PostgreSQL full-text search: modelsearch's engine, Vietnamese queries
(the exact spelling boosted: the engine ranks each part), our rankers."""

from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

from toasoan.search.backend import VietnameseMixin
from toasoan.search.ranking.postgres import PostgresRanker, PostgresTitleRanker


class VietnamesePostgresBackend(VietnameseMixin, PostgresSearchBackend):
    vendor = "postgresql"
    exact_boost = 3.0
    ranker_class = PostgresRanker
    title_ranker_class = PostgresTitleRanker
