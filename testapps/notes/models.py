from django.db import models
from wagtail.models import Page

from toasoan.pagecache import tags
from toasoan.roles.definitions import WRITER
from toasoan.roles.page_types import TypeGate


class NotePage(TypeGate, Page):
    """A short note; each note's page lists the other live notes."""

    text = models.TextField(blank=True)

    creatable_by = (WRITER,)  # and the administrators, as every gated type
    is_creatable = False  # not offered in the admin
    template = "notes/note_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        notes = list(NotePage.objects.live().exclude(pk=self.pk).order_by("pk"))
        tags.add_pages(request, notes)
        context["notes"] = notes
        return context

    def seo_head(self, request, context):
        return {
            "og_type": "article",
            "title": f"Ghi chú: {self.title}",
            "description": self.text,
        }
