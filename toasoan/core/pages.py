"""What every page type of the site shares: NFC text, the Vietnamese slug in
the admin form and the promote tab, and the listings' pagination."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from toasoan.vietnamese import nfc

from .slugs import VietnameseSlugFormMixin, vietnamese_slug_widget


def promote_panels():
    return [
        MultiFieldPanel(
            [
                FieldPanel("slug", widget=vietnamese_slug_widget()),
                "seo_title",
                "search_description",
            ],
            heading=_("For search engines"),
        ),
        MultiFieldPanel(["show_in_menus"], heading=_("For site menus")),
    ]


def paginate(request, items, per_page):
    """Return a page of items; a bad or too-large page number is a 404."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("trang", "1")
    try:
        return paginator.page(number)
    except (PageNotAnInteger, EmptyPage):
        raise Http404(_("This page of the listing does not exist.")) from None


class PageForm(VietnameseSlugFormMixin, WagtailAdminPageForm):
    """The admin form of every page type: a blank slug is made from the title."""


class NFCMixin:
    """Store every text the writer typed in NFC; display it as typed."""

    nfc_fields = ("title", "seo_title", "search_description")

    def clean(self):
        for name in self.nfc_fields:
            value = getattr(self, name, None)
            if isinstance(value, str):
                setattr(self, name, nfc(value))
        super().clean()
