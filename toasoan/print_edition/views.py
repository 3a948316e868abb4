"""Reader views of the print edition, served by the archive and issue pages.

Each takes the page it serves and reaches the rest through it (its issues,
pages, contents and jobs): models.py imports this module for its routes.
"""

import re

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from toasoan.search.text import parse_query
from toasoan.search.views import run_page
from toasoan.seo import jsonld

from . import parsers
from .forms import label_key

LATEST_COUNT = 12
OLD_ARCHIVE_YEAR = 2010  # "Tra cứu tạp chí in trước năm 2010"


def lookup_context(request):
    return {
        "lookup_year": (request.GET.get("nam") or "")[:10],
        "lookup_number": (request.GET.get("so") or "")[:30],
    }


def archive_index(archive, request):
    years = archive.year_counts()
    return archive.render(
        request,
        context_overrides={
            "issues": archive.attach_first_pages(archive.live_issues()[:LATEST_COUNT]),
            "years": years,
            "old_years": [y for y in years if y["year"] < OLD_ARCHIVE_YEAR],
            "old_archive_year": OLD_ARCHIVE_YEAR,
            "old_archive_to": f"31/12/{OLD_ARCHIVE_YEAR - 1}",
            **lookup_context(request),
        },
        template="print_edition/print_archive_page.html",
    )


def archive_year(archive, request, year):
    issues = archive.attach_first_pages(archive.live_issues().filter(year=year))
    if not issues:
        raise Http404(_("There are no print issues of this year."))
    return archive.render(
        request,
        context_overrides={
            "year": year,
            "issues": issues,
            "years": archive.year_counts(),
            **lookup_context(request),
        },
        template="print_edition/archive_year.html",
    )


def find_issue(archive, year, number):
    """The issue of `year` whose label is `number`: "tet" finds "Tết", "1"
    finds the combined "1+2"."""
    wanted = label_key(number)
    candidates = list(archive.live_issues().filter(year=year))
    for issue in candidates:
        if label_key(issue.number_label) == wanted:
            return issue
    if wanted.isdigit():
        for issue in candidates:
            if int(wanted) in issue.numbers():
                return issue
    return None


def lookup(archive, request):
    """The "Tra cứu tạp chí in" form: by year, and number if given."""
    year_text = (request.GET.get("nam") or "").strip()
    number = (request.GET.get("so") or "").strip()[:30]
    error, status = None, 200
    if not year_text and not number:
        error, status = _("Choose a year, and a number if you know it."), 400
    elif not re.fullmatch(r"[0-9]{4}", year_text) or not 1900 <= int(year_text) <= 2200:
        error, status = _("The year is written with four digits, e.g. 2022."), 400
    else:
        year = int(year_text)
        if not number:
            if archive.live_issues().filter(year=year).exists():
                return redirect(archive.url + archive.reverse_subpage("year", [year]))
            error, status = (
                _("There are no print issues of %(year)s.") % {"year": year},
                404,
            )
        else:
            issue = find_issue(archive, year, number)
            if issue is not None:
                return redirect(issue.get_url(request))
            error = _("Issue %(number)s of %(year)s was not found.") % {
                "number": number,
                "year": year,
            }
            status = 404
    response = archive.render(
        request,
        context_overrides={
            "error": error,
            "years": archive.year_counts(),
            **lookup_context(request),
        },
        template="print_edition/lookup.html",
    )
    response.status_code = status
    return response


def print_search(archive, request):
    """Search inside the print archive only, with the site's search page."""
    status, context = run_page(request, types=[archive.search_type])
    response = archive.render(
        request,
        context_overrides={
            **context,
            "value_from": (request.GET.get("tu") or "")[:20],
            "value_to": (request.GET.get("den") or "")[:20],
        },
        template="print_edition/search.html",
    )
    response.status_code = status
    return response


def issue_jsonld(issue, request, first_page):
    """schema.org: the issue as a PublicationIssue of the magazine."""
    image = None
    if first_page is not None and first_page.thumbnail:
        image = jsonld.absolute(request, first_page.thumbnail.url)
    return jsonld.node(
        "PublicationIssue",
        name=issue.title,
        issueNumber=issue.number_label,
        datePublished=jsonld.iso_date(issue.published_on),
        url=jsonld.absolute(request, issue.get_url(request)),
        image=image,
        inLanguage="vi",
        isPartOf=jsonld.node(
            "Periodical",
            name=settings.WAGTAIL_SITE_NAME,
            publisher=jsonld.publisher(request),
            inLanguage="vi",
        ),
    )


def issue_context(issue, request):
    pages = list(
        issue.print_pages.only(
            "issue_id", "number", "thumbnail", "width", "height", "updated_at"
        )
    )
    contents = list(issue.contents.select_related("article").order_by("sort_order"))
    job = issue.processing_jobs.only("status", "issue_id").first()
    first = pages[0] if pages and pages[0].number == 1 else None
    return {
        "structured_data": issue_jsonld(issue, request, first),
        "archive": issue.get_parent(),
        "print_pages": pages,
        "first_page": pages[0] if pages and pages[0].number == 1 else None,
        "contents": contents,
        "processing": job is not None and job.status in (job.QUEUED, job.RUNNING),
    }


def page_viewer(issue, request, number):
    """A page image, zoomable, with the searched words marked on it."""
    page = issue.print_pages.filter(number=number).first()
    if page is None:
        raise Http404(_("This page of the issue does not exist."))
    total = issue.print_pages.count()
    query = (request.GET.get("q") or "")[:200]
    parsed = parse_query(query)
    boxes = [
        {
            "left": x0 / 100,
            "top": y0 / 100,
            "width": max(0.2, (x1 - x0) / 100),
            "height": max(0.2, (y1 - y0) / 100),
        }
        for x0, y0, x1, y1 in parsers.matching_boxes(page.words, parsed.folded_words())
    ]
    on_this_page = [
        item
        for item in issue.contents.select_related("article").order_by("sort_order")
        if item.page == number
    ]
    suffix = f"?{request.GET.urlencode()}" if query else ""
    return TemplateResponse(
        request,
        "print_edition/page_viewer.html",
        {
            "page": issue,
            "self": issue,
            "archive": issue.get_parent(),
            "print_page": page,
            "total": total,
            "previous_url": (
                issue.page_url(number - 1, request) + suffix if number > 1 else ""
            ),
            "next_url": (
                issue.page_url(number + 1, request) + suffix if number < total else ""
            ),
            "query": query,
            "boxes": boxes,
            "on_this_page": on_this_page,
            "paragraphs": [p for p in page.text.split("\n\n") if p.strip()],
        },
    )
