"""Print-edition boxes for other pages: `{% print_box %}`, `{% printed_in %}`.

Both cost a fixed, small number of queries (see tests/test_tags.py).
"""

from django import template

from toasoan.news.queries import public
from toasoan.pagecache import tags as pagecache_tags

from ..models import IssueContentItem, PrintArchivePage, PrintIssuePage, PrintPage

register = template.Library()

COVER_RENDITION = "fill-240x340"


def latest_issue():
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions(COVER_RENDITION)
    from django.db.models import Prefetch

    issue = (
        public(PrintIssuePage.objects.live())
        .prefetch_related(Prefetch("cover", queryset=images))
        .order_by("-published_on", "-sort_number", "-pk")
        .first()
    )
    if issue is not None and not issue.cover_id:
        issue.first_page = (
            PrintPage.objects.filter(issue=issue, number=1)
            .only("issue_id", "thumbnail", "updated_at")
            .first()
        )
    return issue


@register.inclusion_tag("print_edition/tags/print_box.html", takes_context=True)
def print_box(context):
    """ "Giới thiệu tạp chí in": the latest issue's cover, number and link."""
    request = context.get("request")
    pagecache_tags.add(request, pagecache_tags.PRINT)
    issue = latest_issue()
    archive = None
    if issue is None:
        archive = public(PrintArchivePage.objects.live()).first()
    return {
        "request": request,
        "issue": issue,
        "archive_url": (
            archive.get_url(request) if archive else _archive_url(issue, request)
        ),
    }


def _archive_url(issue, request):
    if issue is None:
        return ""
    url = issue.get_url(request) or ""
    return url.rstrip("/").rsplit("/", 1)[0] + "/" if url else ""


@register.inclusion_tag("print_edition/tags/printed_in.html", takes_context=True)
def printed_in(context, article):
    """ "Đăng trên Tạp chí in số 5-2022, trang 12", linking to that page."""
    request = context.get("request")
    pagecache_tags.add(request, pagecache_tags.PRINT)
    item = None
    if article is not None and getattr(article, "pk", None):
        issues = public(PrintIssuePage.objects.live()).values("pk")
        item = (
            IssueContentItem.objects.filter(article_id=article.pk, issue__in=issues)
            .select_related("issue")
            .order_by("-issue__published_on", "page")
            .first()
        )
    url = ""
    if item is not None:
        issue = item.issue
        url = (
            issue.page_url(item.page, request) if item.page else issue.get_url(request)
        )
    return {"item": item, "url": url}
