"""Print edition: the archive page, issues (pages of the site), their PDF pages
and the processing jobs that turn a PDF into searchable page images.

Reader views live in `views.py`; PDF work in `loader.py` / `processing.py`.
"""

import re
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from toasoan.core.pages import NFCMixin, PageForm, promote_panels
from toasoan.core.slugs import VietnameseSlugMixin
from toasoan.news.models import ReaderPageMixin
from toasoan.roles.definitions import EDITOR, WRITER
from toasoan.roles.page_types import TypeGate
from toasoan.search import fields as search
from toasoan.vietnamese import TIMEZONE, nfc, slugify

from . import views
from .forms import PrintIssueForm, issue_title, label_key
from .jobs import ProcessingJob, ProcessingUnit  # noqa: F401 (models of this app)
from .panels import ProcessingPanel

_DIGITS = re.compile(r"\d+")


class PrintArchivePage(
    TypeGate, ReaderPageMixin, VietnameseSlugMixin, NFCMixin, RoutablePageMixin, Page
):
    """Tạp chí in: the archive by year, the look-up form and the print search.

    One per site, under the home page, at /tap-chi-in/.
    """

    base_form_class = PageForm

    intro = models.TextField(_("introduction"), blank=True)

    max_count = 1
    parent_page_types = ["news.HomePage"]
    subpage_types = ["print_edition.PrintIssuePage"]
    content_panels = [FieldPanel("title"), FieldPanel("intro")]
    promote_panels = promote_panels()
    nfc_fields = NFCMixin.nfc_fields + ("intro",)
    search_fields = search.page_search_fields(Page, search.SearchField("intro"))

    # Print pages' type in the site-wide search (search.py signs it up), the
    # only one the archive's own search shows.
    search_type = "trang-tap-chi"

    class Meta:
        verbose_name = _("print archive")

    def live_issues(self):
        """The archive's live, public issues, newest first."""
        return (
            PrintIssuePage.objects.child_of(self)
            .live()
            .public()
            .select_related("cover")
            .order_by("-published_on", "-sort_number", "-pk")
        )

    def year_counts(self):
        """[{"year": …, "count": …}] of the live, public issues, newest first."""
        return list(
            PrintIssuePage.objects.child_of(self)
            .live()
            .public()
            .values("year")
            .annotate(count=models.Count("pk"))
            .order_by("-year")
        )

    @staticmethod
    def attach_first_pages(issues):
        """`issue.first_page` (for issues without a cover) in one query."""
        issues = list(issues)
        wanted = [i.pk for i in issues if not i.cover_id]
        first = {}
        if wanted:
            for page in PrintPage.objects.filter(issue_id__in=wanted, number=1).only(
                "issue_id", "thumbnail", "image", "updated_at"
            ):
                first[page.issue_id] = page
        for issue in issues:
            issue.first_page = first.get(issue.pk)
        return issues

    @path("", name="index")
    def index_view(self, request):
        return views.archive_index(self, request)

    @path("nam-<int:year>/", name="year")
    def year_view(self, request, year):
        return views.archive_year(self, request, year)

    @path("tra-cuu/", name="lookup")
    def lookup_view(self, request):
        return views.lookup(self, request)

    @path("tim-kiem/", name="search")
    def search_view(self, request):
        return views.print_search(self, request)


class PrintIssuePage(
    TypeGate, ReaderPageMixin, VietnameseSlugMixin, NFCMixin, RoutablePageMixin, Page
):
    """One print issue: number (5, 1+2, Tết…), year, date, cover, PDF, contents."""

    base_form_class = PrintIssueForm

    number_label = models.CharField(
        _("number"),
        max_length=30,
        help_text=_("As printed on the cover: 5, 1+2, Tết, Đặc biệt…"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2200)]
    )
    published_on = models.DateField(_("publication date"))
    sort_number = models.PositiveIntegerField(default=0, editable=False)
    intro = models.TextField(_("introduction"), blank=True)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the first page of the PDF is shown."),
    )
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("PDF of the whole issue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Pages are made from it in the background, with OCR for scanned pages."
        ),
    )

    creatable_by = (WRITER, EDITOR)  # writers upload issues too
    parent_page_types = ["print_edition.PrintArchivePage"]
    subpage_types = []
    content_panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [
                FieldPanel("number_label"),
                FieldPanel("year"),
                FieldPanel("published_on"),
            ],
            heading=_("Issue"),
        ),
        FieldPanel("cover"),
        FieldPanel("pdf"),
        ProcessingPanel(heading=_("Processing of the PDF")),
        FieldPanel("intro"),
        InlinePanel("contents", heading=_("Table of contents"), label=_("item")),
    ]
    promote_panels = promote_panels()
    nfc_fields = NFCMixin.nfc_fields + ("number_label", "intro")
    search_fields = search.page_search_fields(
        Page,
        search.SearchField("number_label"),
        search.SearchField("intro"),
        index.FilterField("year"),
    )

    class Meta:
        verbose_name = _("print issue")
        verbose_name_plural = _("print issues")

    def __str__(self):
        return self.title

    @property
    def short_label(self):
        """ "5-2022", as in "Đăng trên Tạp chí in số 5-2022"."""
        return f"{self.number_label}-{self.year}"

    @property
    def published_at(self):
        return datetime.combine(self.published_on, time(0, 0), tzinfo=TIMEZONE)

    def clean(self):
        self.number_label = nfc(self.number_label or "").strip()
        if self.number_label and self.year and not (self.title or "").strip():
            self.title = issue_title(self.number_label, self.year)
        # Before Page.clean: a second "Tết" would otherwise be reported as a
        # clash of slugs, which an editor would not understand.
        if self.number_label and self.year:
            clash = PrintIssuePage.objects.filter(year=self.year).exclude(pk=self.pk)
            wanted = label_key(self.number_label)
            for other in clash.only("number_label"):
                if label_key(other.number_label) == wanted:
                    raise ValidationError(
                        {
                            "number_label": _(
                                "Issue %(label)s of %(year)s already exists."
                            )
                            % {"label": self.number_label, "year": self.year}
                        }
                    )
        self._check_pdf()
        super().clean()

    def _check_pdf(self):
        """The chosen document must be a PDF within PRINT_MAX_PDF_BYTES (its
        content was checked when it was uploaded, toasoan.uploads)."""
        document = self.pdf
        if document is None:
            return
        if document.file_extension.lower() != "pdf":
            raise ValidationError(
                {
                    "pdf": _("Choose a PDF document: “%(name)s” is not a PDF.")
                    % {"name": document.filename}
                }
            )
        limit = settings.PRINT_MAX_PDF_BYTES
        if document.file_size and document.file_size > limit:
            raise ValidationError(
                {
                    "pdf": _("The PDF is larger than the limit of %(size)s.")
                    % {"size": filesizeformat(limit)}
                }
            )

    # Wagtail's, private: toasoan.core.internals.OVERRIDDEN.
    def _set_core_field_defaults(self):
        if not self.slug and self.number_label and self.year:
            self.slug = slugify(f"so {self.number_label} {self.year}")
        super()._set_core_field_defaults()

    def save(self, *args, **kwargs):
        self.number_label = nfc(self.number_label or "").strip()
        if not (self.title or "").strip() and self.number_label:
            self.title = issue_title(self.number_label, self.year)
        match = _DIGITS.search(self.number_label)
        self.sort_number = int(match.group()) if match else 0
        super().save(*args, **kwargs)
        if self.published_on:
            self.print_pages.exclude(published_at=self.published_at).update(
                published_at=self.published_at
            )

    def numbers(self):
        """The plain numbers a label stands for: "1+2" → {1, 2}."""
        return {int(n) for n in _DIGITS.findall(self.number_label)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(views.issue_context(self, request))
        return context

    @path("", name="issue")
    def issue_view(self, request):
        return self.render(request)

    @path("trang-<int:number>/", name="page")
    def page_view(self, request, number):
        return views.page_viewer(self, request, number)

    def page_url(self, number, request=None):
        return f"{self.get_url(request)}trang-{number}/"


class IssueContentItem(Orderable):
    """A line of the table of contents: title, authors, page, web article."""

    issue = ParentalKey(
        PrintIssuePage, related_name="contents", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=300)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("online article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="print_appearances",
        help_text=_("The web article, if this piece was also published online."),
    )

    panels = ["title", "authors", "page", "article"]

    class Meta(Orderable.Meta):
        verbose_name = _("contents item")
        verbose_name_plural = _("table of contents")

    def save(self, *args, **kwargs):
        self.title = nfc(self.title or "").strip()
        self.authors = nfc(self.authors or "").strip()
        super().save(*args, **kwargs)


def _page_file(instance, filename):
    return f"tap-chi-in/{instance.issue_id}/{filename}"


class PrintPage(index.Indexed, models.Model):
    """One page of an issue's PDF: its image, thumbnail, text and word boxes."""

    TEXT_LAYER = "text"
    OCR = "ocr"
    SOURCES = [(TEXT_LAYER, _("text layer")), (OCR, _("OCR"))]

    issue = models.ForeignKey(
        PrintIssuePage, related_name="print_pages", on_delete=models.CASCADE
    )
    number = models.PositiveIntegerField(_("page"))
    image = models.FileField(_("page image"), upload_to=_page_file, max_length=255)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_page_file, max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    text = models.TextField(_("text"), blank=True)
    words = models.JSONField(_("word boxes"), default=dict, blank=True)
    source = models.CharField(_("text from"), max_length=8, choices=SOURCES)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        search.SearchField("text"),
        index.FilterField("issue"),
        index.FilterField("number"),
        index.FilterField("published_at"),
    ]

    class Meta:
        ordering = ["issue", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "number"], name="print_page_unique_number"
            )
        ]
        verbose_name = _("print page")
        verbose_name_plural = _("print pages")

    def __str__(self):
        return f"{self.issue_id} / {self.number}"
