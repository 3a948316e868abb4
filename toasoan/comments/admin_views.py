"""The moderators' tools in the Wagtail admin."""

import django_filters
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from toasoan.news.models import ArticlePage
from toasoan.roles.choosers import GuardedSnippetChooserViewSet
from toasoan.search.admin import FoldedColumnSearch

from .models import Comment, ModerationEvent, WordRule
from .services import moderate


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=Comment.Status.choices, empty_label=_("All")
    )
    article = django_filters.ModelChoiceFilter(
        label=_("article"),
        queryset=lambda request: ArticlePage.objects.filter(
            comments__isnull=False
        ).distinct(),
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("sent at"), widget=DateRangePickerWidget
    )
    flagged = django_filters.BooleanFilter(label=_("flagged"), method="filter_flagged")

    class Meta:
        model = Comment
        fields = ["status", "article", "created_at"]

    def filter_flagged(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.exclude(hold_reason="")
            if value
            else queryset.filter(hold_reason="")
        )


class StatusColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<span class="w-status w-status--{}">{}</span>',
            "primary" if instance.status == Comment.Status.APPROVED else "label",
            instance.get_status_display(),
        )


class CommentEditView(EditView):
    """Editing a comment records status changes and the newsroom's reply."""

    def save_instance(self):
        previous = Comment.objects.get(pk=self.object.pk)
        instance = super().save_instance()
        user = self.request.user
        if instance.reply and instance.reply != previous.reply:
            Comment.objects.filter(pk=instance.pk).update(
                reply_by=user, reply_at=timezone.now()
            )
            ModerationEvent.objects.create(comment=instance, action="reply", user=user)
        if instance.body != previous.body:
            ModerationEvent.objects.create(comment=instance, action="edit", user=user)
        if instance.status != previous.status:
            moderate(instance, instance.status, user)
        return instance


class FoldedIndexView(FoldedColumnSearch, IndexView):
    """Comments and word rules: searched on their folded column."""


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    menu_label = _("Reader comments")
    menu_order = 260
    add_to_admin_menu = True
    edit_view_class = CommentEditView
    index_view_class = FoldedIndexView
    chooser_viewset_class = GuardedSnippetChooserViewSet
    filterset_class = CommentFilterSet
    search_fields = ["body", "name", "email"]
    list_per_page = 50
    ordering = ["-created_at"]
    inspect_view_enabled = True
    list_display = [
        "__str__",
        Column("article", label=_("article")),
        StatusColumn("status", label=_("status")),
        Column("hold_reason", label=_("flagged because")),
        DateColumn("created_at", label=_("sent at")),
    ]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("address", read_only=True),
                FieldPanel("ip_address", read_only=True),
                FieldPanel("article", read_only=True),
                FieldPanel("hold_reason", read_only=True),
            ],
            heading=_("Reader"),
        ),
        FieldPanel("body"),
        FieldPanel("status"),
        FieldPanel("reply"),
    ]

    def get_queryset(self, request):
        return Comment.objects.select_related("article")


class WordRuleViewSet(SnippetViewSet):
    model = WordRule
    icon = "warning"
    menu_label = _("Word list")
    index_view_class = FoldedIndexView
    chooser_viewset_class = GuardedSnippetChooserViewSet
    list_display = ["phrase", "action"]
    search_fields = ["phrase"]
