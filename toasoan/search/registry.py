"""Content types register here to be found by the site-wide search.

Each type says how to list its searchable objects (with filters) and how to
turn one object into a result; the search page and the API merge them.
"""

from collections.abc import Callable
from dataclasses import dataclass

_TYPES: dict[str, "SearchType"] = {}
_SECTIONS: list[Callable] = []


@dataclass(frozen=True)
class SearchType:
    key: str  # URL value, e.g. "bai-viet"
    label: str  # shown to readers
    queryset: Callable  # (filters) -> queryset of live, public objects
    # (pks, parsed_query, request) -> {pk: Result} for the objects still there
    results: Callable
    order: int = 0
    date_field: str = "published_at"  # for "newest first"
    # () -> queryset of live, public objects whose titles are suggested while
    # the reader types (the first type that has one answers)
    suggestions: Callable | None = None


@dataclass
class Result:
    title: str
    url: str
    type: str
    type_label: str
    snippet: list  # (text, matched) pairs from text.highlight
    published: object = None
    section: str = ""
    thumbnail: str = ""
    score: float = 0.0
    page_number: int | None = None


def register(search_type: SearchType):
    _TYPES[search_type.key] = search_type
    return search_type


def register_sections(source: Callable):
    """`source()` gives the sections readers may narrow a search to (each with
    `slug` and `title`), in menu order: the app that owns sections sets it."""
    _SECTIONS[:] = [source]


def sections():
    return list(_SECTIONS[0]()) if _SECTIONS else []


def suggestion_source():
    """The queryset whose titles are suggested while typing, or None."""
    for search_type in types():
        if search_type.suggestions is not None:
            return search_type.suggestions()
    return None


def types():
    return sorted(_TYPES.values(), key=lambda t: t.order)


def get(key):
    return _TYPES.get(key)
