"""The writer's dashboard panel: their own pages and where each one stands.

"Their own": pages they created (Wagtail's owner) and pages they submitted for
review. Each row says the page's review state — draft, in review at a step,
changes requested, scheduled, published — and links to its editor.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Revision, WorkflowState

from toasoan.vietnamese import format_datetime

LIMIT = 15


class OwnPagesPanel(Component):
    name = "own_pages"
    order = 140  # above Wagtail's workflow and recent-edits panels
    template_name = "roles/dashboard/own_pages.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"rows": own_pages(self.user)}


def own_pages(user, limit=LIMIT):
    """The user's most recently changed pages, each with its review state."""
    page_type = ContentType.objects.get_for_model(Page)
    submitted = WorkflowState.objects.active().filter(
        base_content_type=page_type, requested_by=user
    )
    submitted_ids = [int(pk) for pk in submitted.values_list("object_id", flat=True)]
    pages = list(
        Page.objects.filter(Q(owner=user) | Q(pk__in=submitted_ids)).order_by(
            "-latest_revision_created_at", "-pk"
        )[:limit]
    )
    keys = [str(page.pk) for page in pages]
    reviews = {
        state.object_id: state
        for state in WorkflowState.objects.active()
        .filter(base_content_type=page_type, object_id__in=keys)
        .select_related("current_task_state__task")
    }
    schedules = dict(
        Revision.page_revisions.filter(
            object_id__in=keys, approved_go_live_at__isnull=False
        ).values_list("object_id", "approved_go_live_at")
    )
    return [
        {
            "title": page.get_admin_display_title(),
            "type": page.specific_class.get_verbose_name(),
            "edit_url": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            "changed_at": page.latest_revision_created_at,
            **review_state(
                page, reviews.get(str(page.pk)), schedules.get(str(page.pk))
            ),
        }
        for page in pages
    ]


def review_state(page, review, go_live_at):
    """{"state", "label", "note"} of one page.

    `review` is its active workflow state (in progress or needing changes),
    `go_live_at` the time of its scheduled revision, each or None.
    """
    note = ""
    if review and review.status == WorkflowState.STATUS_IN_PROGRESS:
        step = review.current_task_state.task.name
        state, label = "review", _("In review at “%(step)s”") % {"step": step}
    elif review:
        state, label = "changes", _("Changes requested")
        note = review.current_task_state.comment
    elif go_live_at:
        time = format_datetime(go_live_at)
        state, label = "scheduled", _("Scheduled for %(time)s") % {"time": time}
    elif page.live and page.has_unpublished_changes:
        state, label = "published", _("Published; newer changes not yet submitted")
    elif page.live:
        state, label = "published", _("Published")
    else:
        state, label = "draft", _("Draft")
    return {"state": state, "label": label, "note": note}
