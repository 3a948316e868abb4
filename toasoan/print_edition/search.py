"""Print pages in the site-wide search ("trang-tap-chi"), one result a page."""

from urllib.parse import urlencode

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from toasoan.search import registry
from toasoan.search.text import highlight

from .models import PrintArchivePage, PrintIssuePage, PrintPage

KEY = PrintArchivePage.search_type


def page_queryset(filters):
    """Pages of live, public issues; print pages belong to no section."""
    if filters.section:
        # Not .none(): the search engine cannot compile an empty WHERE
        # (EmptyResultSet); pages are numbered from 1, so this is empty.
        return PrintPage.objects.filter(number=0)
    issues = PrintIssuePage.objects.live().public().values("pk")
    queryset = PrintPage.objects.filter(issue__in=issues)
    if filters.date_from:
        queryset = queryset.filter(published_at__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(published_at__lte=filters.date_to)
    return queryset


def page_results(ids, parsed, request):
    """Results for a page of hits in a fixed number of queries."""
    loaded = {
        p.pk: p
        for p in PrintPage.objects.filter(pk__in=ids)
        .select_related("issue")
        .defer("words")
    }
    query = (request.GET.get("q") or "")[:200] if request is not None else ""
    suffix = f"?{urlencode({'q': query})}" if query else ""
    results = {}
    for pk, page in loaded.items():
        issue = page.issue
        results[pk] = registry.Result(
            title=gettext("%(issue)s, page %(n)s")
            % {"issue": issue.title, "n": page.number},
            url=issue.page_url(page.number, request) + suffix,
            type=KEY,
            type_label=str(_("print page")),
            snippet=highlight(page.text, parsed),
            published=issue.published_at,
            thumbnail=page.thumbnail.url if page.thumbnail else "",
            page_number=page.number,
        )
    return results


def register():
    registry.register(
        registry.SearchType(
            key=KEY,
            label=_("Print pages"),
            queryset=page_queryset,
            results=page_results,
            order=20,
        )
    )
