"""The page views the newsroom changes, through Wagtail's PageViewSet.

One viewset for every page type (registered for ``Page``, replacing Wagtail's
default one):

- the page-type list ("Add child page") and the parent chooser of a page type
  offer only the types the user may create (toasoan.roles.page_types);
- a workflow action (approve, request changes) run outside the editor — from
  the dashboard's "Awaiting your review" panel or the workflow history — says
  what it did. Wagtail's own view runs the task's action and redirects without
  a word (only the editor, which saves the page too, adds a message).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.pages.choose_parent import GenericChooseParentView
from wagtail.admin.views.pages.create import AddSubpageView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, TaskState, WorkflowState

from toasoan.vietnamese import format_datetime

from .page_types import creatable_subpage_models, may_create


class NewsroomAddSubpageView(AddSubpageView):
    """The page types offered under a page: those the user may create."""

    def dispatch(self, request, parent_page_id, *args, **kwargs):
        self.parent_page = get_object_or_404(Page, id=parent_page_id).specific
        if not self.parent_page.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        self.page_types = sorted(
            (
                (
                    model.get_verbose_name(),
                    model._meta.app_label,
                    model._meta.model_name,
                    model.get_page_description(),
                )
                for model in creatable_subpage_models(request.user, self.parent_page)
            ),
            key=lambda page_type: page_type[0].lower(),
        )
        if len(self.page_types) == 1:
            # One type only: straight to its form, as Wagtail does.
            _name, app_label, model_name, _description = self.page_types[0]
            return redirect(
                "wagtailadmin_pages:add", app_label, model_name, self.parent_page.id
            )
        # Wagtail's dispatch would list every type again: skip to the view's.
        return TemplateView.dispatch(self, request, parent_page_id, *args, **kwargs)


class NewsroomChooseParentView(GenericChooseParentView):
    """The parent chooser of a page type: only for those who may create it."""

    def get(self, request, *args, **kwargs):
        self.refuse_unless_creatable()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.refuse_unless_creatable()
        return super().post(request, *args, **kwargs)

    def refuse_unless_creatable(self):
        if self.model is None or not may_create(self.request.user, self.model):
            raise PermissionDenied


class ReportingWorkflowActionView(WorkflowActionView):
    """Wagtail's workflow action, followed by a message saying what it did."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        # Still in progress: the form was refused and is shown again.
        if self.task_state.status != TaskState.STATUS_IN_PROGRESS:
            report_workflow_action(request, self.object, self.task_state)
        return response


def report_workflow_action(request, page, task_state):
    """One message: approved and published / scheduled / sent to the next
    step, or changes requested."""
    page = Page.objects.get(pk=page.pk).specific
    title = get_latest_str(page)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    buttons = [messages.button(edit_url, _("Edit"))]
    if task_state.status == TaskState.STATUS_REJECTED:
        text = _("Changes requested on “%(title)s”; it is back with its writer.")
        messages.success(request, text % {"title": title}, buttons=buttons)
        return
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    values = {"title": title, "task": task_state.task.name}
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        values["next"] = workflow_state.current_task_state.task.name
        text = _("“%(title)s” is approved at “%(task)s”; it now awaits “%(next)s”.")
    elif page.scheduled_revision:
        values["time"] = format_datetime(page.scheduled_revision.approved_go_live_at)
        text = _("“%(title)s” is approved; it will be published at %(time)s.")
    elif page.live:
        text = _("“%(title)s” is approved and published.")
        if live_url := page.get_url(request):
            buttons.append(messages.button(live_url, _("View live"), new_window=True))
    else:
        text = _("“%(title)s” is approved.")
    messages.success(request, text % values, buttons=buttons)


class NewsroomPageViewSet(PageViewSet):
    add_subpage_view_class = NewsroomAddSubpageView
    choose_parent_view_class = NewsroomChooseParentView
    workflow_action_view_class = ReportingWorkflowActionView


page_viewset = NewsroomPageViewSet(name="newsroom_pages")
