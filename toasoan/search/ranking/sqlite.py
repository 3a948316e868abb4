"""SQLite: ranked retrieval from modelsearch's FTS5 table.

The best matches are scored by bm25 in SQLite's C code on the FTS table
alone (no join), then joined to the index entries and the content type's
queryset; a type that does not fill its page is ranked on its own, driven
from whichever side is smaller.
"""

from django.db import connection

from toasoan.search.text import ParsedQuery, words
from toasoan.vietnamese import fold

from .base import TITLE_WEIGHT, WINDOW, Ranker, entry_model
from .proximity import Plan

# modelsearch's FTS5 table: `<index entry table>_fts`, its rowid the entry's
# id, these columns in this order (bm25's weights follow it; checked by
# tests/test_modelsearch_schema.py).
FTS_SUFFIX = "_fts"
FTS_COLUMNS = ("autocomplete", "body", "title")


def _quote_fts(token: str) -> str:
    return '"' + token.replace('"', "") + '"'


def fts5_expression(parsed: ParsedQuery) -> str:
    """FTS5 MATCH text: each word exact-or-folded, phrases as phrases, ANDed."""
    parts = []
    for term in parsed.terms:
        if term.exact:
            parts.append(f"({_quote_fts(term.exact)} OR {_quote_fts(term.folded)})")
        else:
            parts.append(_quote_fts(term.folded))
    for phrase in parsed.phrases:
        folded = _quote_fts(" ".join(t.folded for t in phrase))
        if any(t.exact for t in phrase):
            exact = _quote_fts(" ".join(t.exact or t.folded for t in phrase))
            parts.append(f"({exact} OR {folded})")
        else:
            parts.append(folded)
    return " AND ".join(parts)


def bm25_weights(**weights: float) -> str:
    """bm25's column weights, in the FTS table's column order (others 0)."""
    return ", ".join(str(float(weights.get(c, 0.0))) for c in FTS_COLUMNS)


class SQLiteRanker(Ranker):
    """Articles and the other types by their title and body words."""

    WEIGHTS = {"body": 1.0, "title": TITLE_WEIGHT}

    def __init__(self, query):
        table = entry_model()._meta.db_table + FTS_SUFFIX
        self.fts_table = connection.ops.quote_name(table)
        self._sizes = {}
        super().__init__(query)

    def _expression(self, query) -> str:
        return fts5_expression(query)

    def _score_sql(self) -> str:
        # bm25 is lower for better matches; negated, higher is better.
        return f"-bm25({self.fts_table}, {bm25_weights(**self.WEIGHTS)})"

    def _matches(self, model, with_score: bool, entry_first=False):
        content_types = self._content_types(model)
        columns = f"{self._pk_sql(model)} AS pk"
        if with_score:
            columns += f", {self._score_sql()} AS score"
        fts = self.fts_table
        if entry_first:  # CROSS JOIN: SQLite keeps this order
            tables = f"{self.entry_table} e CROSS JOIN {fts} ON {fts}.rowid = e.id"
        else:
            tables = f"{fts} JOIN {self.entry_table} e ON e.id = {fts}.rowid"
        sql = (
            f"SELECT {columns} FROM {tables} WHERE {fts} MATCH %s "
            f"AND e.content_type_id IN ({self._placeholders(content_types)})"
        )
        return sql, [self.expression, *content_types]

    def _estimate_sql(self, cap: int) -> tuple[str, list]:
        fts = self.fts_table
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {fts} "
            f"WHERE {fts} MATCH %s LIMIT %s) AS m"
        )
        return sql, [self.expression, cap]

    def _entry_first(self, model) -> bool:
        """Whether `model` has fewer index entries than the query has matches
        (then each of its entries is tested, rather than each match joined)."""
        if model not in self._sizes:
            content_types = self._content_types(model)
            sql = (
                f"SELECT count(*) FROM (SELECT 1 FROM {self.entry_table} e "
                f"WHERE e.content_type_id IN ({self._placeholders(content_types)}) "
                f"LIMIT %s) AS t"
            )
            estimate = self.estimate()
            size = self._fetch(sql, [*content_types, estimate])[0][0]
            self._sizes[model] = size < estimate
        return self._sizes[model]

    def _pool_sql(self, size: int) -> tuple[str, list]:
        """Only the `WINDOW` most recently indexed matches are scored, so a
        word found in most of the archive costs no more than a rarer one;
        below that many matches the ranking is exact."""
        fts = self.fts_table
        window = (
            f"SELECT rowid AS id, {self._score_sql()} AS score FROM {fts} "
            f"WHERE {fts} MATCH %s ORDER BY rowid DESC LIMIT %s"
        )
        sql = (
            f"SELECT e.content_type_id, e.object_id, p.score FROM ("
            f"SELECT w.id, w.score FROM ({window}) w "
            f"ORDER BY w.score DESC, w.id DESC LIMIT %s) p "
            f"JOIN {self.entry_table} e ON e.id = p.id "
            f"ORDER BY p.score DESC, p.id DESC"
        )
        return sql, [self.expression, WINDOW, size]

    def _probed(self, model, pks) -> dict:
        """The candidates' index texts read by rowid (0.4 ms for 100) and
        probed here: an FTS5 phrase query limited to their rowids still
        walks the phrase's whole doclists (200 ms for common syllables at
        100,000 articles, bench/search_speed.py)."""
        where, params = self._entries(model, pks)
        sql = f"SELECT e.id, e.object_id FROM {self.entry_table} e WHERE {where}"
        entries = dict(self._fetch(sql, params))
        if not entries:
            return {}
        ids = list(entries)
        sql = (
            f"SELECT rowid, title, body FROM {self.fts_table} "
            f"WHERE rowid IN ({self._placeholders(ids)})"
        )
        to_pk = model._meta.pk.to_python
        return {
            to_pk(entries[rowid]): self.plan.found_in(title, body)
            for rowid, title, body in self._fetch(sql, ids)
        }

    def _exists(self, model) -> tuple[str, list]:
        content_types = self._content_types(model)
        fts = self.fts_table
        sql = (
            f"EXISTS (SELECT 1 FROM {self.entry_table} e "
            f"CROSS JOIN {fts} ON {fts}.rowid = e.id "
            f"WHERE e.content_type_id IN ({self._placeholders(content_types)}) "
            f"AND e.object_id = CAST({self._outer_pk(model)} AS TEXT) "
            f"AND {fts} MATCH %s)"
        )
        return sql, [*content_types, self.expression]


class SQLiteTitleRanker(SQLiteRanker):
    """Titles while the reader types: the words so far, the last as a prefix.

    Reads the autocomplete column (titles, folded), so that suggestions cost
    what a search costs, not a scan of every title.
    """

    WEIGHTS = {"autocomplete": 1.0}

    def _plan(self, text):
        return Plan(())  # titles while typing: the engine's order

    def _expression(self, text) -> str:
        typed = [fold(w) for w in words(text)][:8]
        if not typed:
            return ""
        parts = [_quote_fts(w) for w in typed[:-1]] + [_quote_fts(typed[-1]) + "*"]
        return "autocomplete : (" + " AND ".join(parts) + ")"
