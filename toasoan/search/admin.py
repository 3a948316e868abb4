"""Admin search for models kept out of the search index.

Some models are searched by moderators but not by readers (reader comments,
the comment word list): indexing them would cost every save a trip through
the search engine. Such a model keeps its searchable text folded in one
column (`folded_text` below, refreshed in its `save()`), and its admin views
take `FoldedColumnSearch`, which folds the query the same way. So "cờ bạc",
"co bac", "CỜ BẠC", NFD input and either tone style find the same rows, as
the indexed models' admin searches do through the backend (`backend.py`).
"""

from django.db.models import Q

from toasoan.vietnamese import fold

from .text import MAX_TERMS, words


def folded_text(*values) -> str:
    """The values' words folded, with a space at each end for whole-word
    lookups.

    >>> folded_text("Cờ bạc", "ĐÀ NẴNG")
    ' co bac da nang '
    """
    folded = " ".join(fold(w) for value in values for w in words(value or ""))
    return f" {folded} "


def folded_lookup(query: str, field: str = "search_text") -> Q | None:
    """Rows whose folded column holds every word of `query`: whole words,
    except the last, which may be the start of a word (it is being typed).
    None when the query has no word.

    >>> folded_lookup("cờ b")
    <Q: (AND: ('search_text__contains', ' co '), ('search_text__contains', ' b'))>
    """
    wanted = [fold(w) for w in words(query)][:MAX_TERMS]
    if not wanted:
        return None
    patterns = [f" {w} " for w in wanted[:-1]] + [f" {wanted[-1]}"]
    return Q(*[(f"{field}__contains", p) for p in patterns])


class FoldedColumnSearch:
    """For a Wagtail listing or chooser view of a model with a folded column."""

    folded_field = "search_text"

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        lookup = folded_lookup(self.search_query, self.folded_field)
        return queryset if lookup is None else queryset.filter(lookup)
