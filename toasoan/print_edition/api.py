"""Print issues in the public API (/api/v2/print-issues/)."""

from django.db.models import Prefetch
from rest_framework.fields import Field
from wagtail.api import APIField
from wagtail.api.v2.views import PagesAPIViewSet

from toasoan.readapi.api import VietnameseErrorsMixin, api_url

from .models import IssueContentItem, PrintIssuePage


class ContentsField(Field):
    """The table of contents: [{"title", "authors", "page", "article_url"}]."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, items):
        request = self.context.get("request")
        rows = []
        for item in items.all():
            article = item.article if item.article and item.article.live else None
            rows.append(
                {
                    "title": item.title,
                    "authors": item.authors,
                    "page": item.page,
                    "article_url": api_url(request, article.get_url(request))
                    if article
                    else None,
                }
            )
        return rows


class PdfField(Field):
    """Absolute address of the whole-issue PDF, or null."""

    def __init__(self, **kwargs):
        super().__init__(source="pdf", read_only=True, **kwargs)

    def to_representation(self, document):
        if document is None:
            return None
        return api_url(self.context.get("request"), document.url)


class PrintIssuesAPIViewSet(VietnameseErrorsMixin, PagesAPIViewSet):
    """Print issues, newest first, with their contents and PDF."""

    name = "print-issues"
    body_fields = PagesAPIViewSet.body_fields + [
        "number_label",
        "year",
        "published_on",
        APIField("pdf_url", serializer=PdfField()),
        APIField("contents", serializer=ContentsField()),
    ]
    listing_default_fields = PagesAPIViewSet.listing_default_fields + [
        "number_label",
        "year",
        "published_on",
        "pdf_url",
    ]
    model = PrintIssuePage

    def get_queryset(self):
        contents = IssueContentItem.objects.select_related("article").order_by(
            "sort_order"
        )
        queryset = super().get_queryset()
        if "order" not in self.request.GET:
            queryset = queryset.order_by("-published_on", "-id")
        return queryset.select_related("pdf").prefetch_related(
            Prefetch("contents", queryset=contents)
        )
