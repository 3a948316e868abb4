"""One search across every registered content type, with filters and paging."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from toasoan.pagecache import fragments
from toasoan.pagecache.memo import Memo
from toasoan.vietnamese import TIMEZONE

from . import ranking, registry
from .ranking import CAP
from .text import parse_query

PER_PAGE = 10
MAX_PAGE = 100
# Kept until any content changes: every purge moves the "search" generation.
OUTCOMES = Memo("search-outcome", fragments.seconds, follows=(fragments.SEARCH,))


# Dates a reader may filter on. Year 1 in Vietnam time is before year 1 in
# UTC, which the database adapters cannot convert (OverflowError, a 500;
# found by fuzzing); no content is older than the first of these years.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def parse_date(value, end_of_day=False):
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            day = datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationError(
                _("Choose a date between 1/1/%(first)d and 31/12/%(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        moment = time.max if end_of_day else time.min
        return datetime.combine(day, moment, tzinfo=TIMEZONE)
    raise ValidationError(_("Dates are written day/month/year, for example 12/1/2022."))


@dataclass
class Filters:
    query: str = ""
    types: list = field(default_factory=list)
    section: str = ""
    date_from: datetime | None = None
    date_to: datetime | None = None
    sort: str = "relevance"  # or "date"
    page: int = 1

    @classmethod
    def from_params(cls, params, names):
        """Read filters from GET parameters; bad values raise ValidationError."""
        known = {t.key for t in registry.types()}
        wanted = [t for t in params.getlist(names["type"]) if t]
        unknown = [t for t in wanted if t not in known]
        if unknown:
            raise ValidationError(_("Unknown content type: %s") % unknown[0])
        try:
            page = int(params.get(names["page"]) or 1)
        except ValueError:
            raise ValidationError(_("The page number must be a number.")) from None
        if not 1 <= page <= MAX_PAGE:
            raise ValidationError(_("This page of results does not exist."))
        sort = params.get(names["sort"]) or "relevance"
        sort = {"lien-quan": "relevance", "moi-nhat": "date"}.get(sort, sort)
        if sort not in ("relevance", "date"):
            raise ValidationError(_("Sort by relevance or by date."))
        filters = cls(
            query=(params.get("q") or "")[:10000],
            types=wanted or sorted(known),
            # No NUL: PostgreSQL refuses it in a query (a 500; SQLite does not).
            section=(params.get(names["section"]) or "")
            .replace("\x00", "")
            .strip()[:100],
            date_from=parse_date(params.get(names["from"])),
            date_to=parse_date(params.get(names["to"]), end_of_day=True),
            sort=sort,
            page=page,
        )
        if (
            filters.date_from
            and filters.date_to
            and filters.date_from > filters.date_to
        ):
            raise ValidationError(_("The start date is after the end date."))
        return filters


@dataclass
class Outcome:
    results: list
    count: int
    page: int
    pages: int
    parsed: object
    capped: bool = False  # more than `count` results exist


def run(filters: Filters, request=None) -> Outcome:
    """The outcome of a search, kept in the process until any content changes.

    Every purge (a publication, an edit, a removal, a video, a processed
    print issue) moves the "search" generation (toasoan.pagecache.fragments),
    read with the page's others; a kept outcome is the one `search()` would
    give now. PAGE_FRAGMENT_SECONDS=0 searches every time.
    """
    host = request.get_host() if request is not None else ""
    return OUTCOMES.get_or_make(
        lambda: search(filters, request), host, get_language(), repr(filters)
    )


def search(filters: Filters, request=None) -> Outcome:
    """Rank each registered type in the index, then merge one page of results.

    Every type contributes its best `page * PER_PAGE` (by score or by date),
    so merging them gives the exact page; counts stop at `ranking.CAP`.
    """
    parsed = parse_query(filters.query)
    if parsed.empty:
        return Outcome([], 0, 1, 0, parsed)
    ranker = ranking.ranker(parsed)
    wanted = filters.page * PER_PAGE
    merged, total, capped = [], 0, False
    for search_type in registry.types():
        if search_type.key not in filters.types:
            continue
        queryset = search_type.queryset(filters)
        if filters.sort == "date":
            found = ranker.count(queryset)
            hits = (
                ranker.newest(queryset, wanted, search_type.date_field) if found else []
            )
        else:
            found, hits = ranker.search(queryset, wanted)
        if found > CAP:
            capped, found = True, CAP
        total += found
        if not found:
            continue
        # Each type loads its page; what was deleted since is left out.
        results = search_type.results([pk for pk, _ in hits], parsed, request)
        for pk, score in hits:
            if pk in results:
                results[pk].score = score
                merged.append(results[pk])
    if filters.sort == "date":
        oldest = datetime.min.replace(tzinfo=TIMEZONE)
        merged.sort(key=lambda r: r.published or oldest, reverse=True)
    else:
        merged.sort(key=lambda r: r.score, reverse=True)
    start = (filters.page - 1) * PER_PAGE
    total = min(total, CAP)
    pages = min((total + PER_PAGE - 1) // PER_PAGE, MAX_PAGE)
    return Outcome(
        merged[start : start + PER_PAGE], total, filters.page, pages, parsed, capped
    )
