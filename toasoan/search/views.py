"""The search page (/tim-kiem/), its JSON API and title suggestions."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import require_GET
from wagtail.api.utils import get_full_url

from . import registry, service
from .ranking import title_ranker

PAGE_PARAMS = {
    "type": "loai",
    "section": "chuyen-muc",
    "from": "tu",
    "to": "den",
    "sort": "sap-xep",
    "page": "trang",
}
API_PARAMS = {k: k for k in PAGE_PARAMS}


def snippet_html(pieces):
    return mark_safe(
        "".join(
            f"<mark>{escape(text)}</mark>" if matched else escape(text)
            for text, matched in pieces
        )
    )


def run_page(request, types=None):
    """A search page's work: filters, outcome, results with HTML snippets.

    `types` restricts the search to those content types (and drops the
    section filter), for a page that searches one kind of content.
    Returns (status, context); a bad parameter is a 400 with its message.
    """
    status, error, outcome, filters = 200, None, None, None
    try:
        filters = service.Filters.from_params(request.GET, PAGE_PARAMS)
        if types is not None:
            filters.types, filters.section = list(types), ""
        outcome = service.run(filters, request)
    except ValidationError as exc:
        status, error = 400, exc.messages[0]
    results = []
    if outcome:
        for result in outcome.results:
            result.snippet_html = snippet_html(result.snippet)
            results.append(result)
    params = request.GET.copy()
    params.pop("trang", None)
    return status, {
        "query": request.GET.get("q", "")[:200],
        "filters": filters,
        "outcome": outcome,
        "results": results,
        "error": error,
        "base_query": params.urlencode(),
    }


@require_GET
def search_page(request):
    status, context = run_page(request)
    return render(
        request,
        "search/search.html",
        {
            **context,
            "types": registry.types(),
            "sections": registry.sections(),
            "selected_types": request.GET.getlist("loai"),
            "selected_section": request.GET.get("chuyen-muc", ""),
            "value_from": request.GET.get("tu", "")[:20],
            "value_to": request.GET.get("den", "")[:20],
            "selected_sort": request.GET.get("sap-xep", ""),
            "filters_open": any(
                request.GET.get(k)
                for k in ("loai", "chuyen-muc", "tu", "den", "sap-xep")
            ),
        },
        status=status,
    )


@require_GET
def search_api(request):
    try:
        filters = service.Filters.from_params(request.GET, API_PARAMS)
        outcome = service.run(filters, request)
    except ValidationError as exc:
        return JsonResponse({"error": exc.messages[0]}, status=400)
    return JsonResponse(
        {
            "query": filters.query,
            "count": outcome.count,
            "count_capped": outcome.capped,
            "page": outcome.page,
            "pages": outcome.pages,
            "results": [
                {
                    "title": r.title,
                    # On the Site's base (BASE_URL), as /api/v2/ writes links.
                    "url": get_full_url(request, r.url),
                    "type": r.type,
                    "type_label": r.type_label,
                    "section": r.section,
                    "snippet": str(snippet_html(r.snippet)),
                    "published": localtime(r.published).isoformat()
                    if r.published
                    else None,
                    "score": round(r.score, 6),
                    "page_number": r.page_number,
                    "thumbnail": r.thumbnail or None,
                }
                for r in outcome.results
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def suggest_api(request):
    query = (request.GET.get("q") or "")[:100]
    titles = []
    ranker = title_ranker(query)
    articles = registry.suggestion_source()
    if ranker.expression and articles is not None:
        hits = [pk for pk, _ in ranker.top(articles, 8)]
        loaded = articles.only("id", "title", "url_path", "path", "depth").in_bulk(hits)
        titles = [
            {"title": loaded[pk].title, "url": loaded[pk].url}
            for pk in hits
            if pk in loaded
        ]
    return JsonResponse(
        {"query": query, "suggestions": titles},
        json_dumps_params={"ensure_ascii": False},
    )
