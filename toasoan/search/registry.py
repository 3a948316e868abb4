"""Content types register here to be found by the site-wide search.

Each type says how to list its searchable objects (with filters) and how to
turn one object into a result; the search page and the API merge them.
"""

from collections.abc import Callable
from dataclasses import dataclass

_TYPES: dict[str, "SearchType"] = {}


@dataclass(frozen=True)
class SearchType:
    key: str  # URL value, e.g. "bai-viet"
    label: str  # shown to readers
    queryset: Callable  # (filters) -> queryset of live, public objects
    # (pks, parsed_query, request) -> {pk: Result} for the objects still there
    results: Callable
    order: int = 0
    date_field: str = "published_at"  # for "newest first"


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


def types():
    return sorted(_TYPES.values(), key=lambda t: t.order)


def get(key):
    return _TYPES.get(key)
