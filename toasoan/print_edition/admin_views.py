"""Admin views: a job's status as JSON, "process again", the list of jobs."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page
from wagtail.permissions import policy_registry

from toasoan.vietnamese import format_datetime

from . import loader
from .models import PrintIssuePage, ProcessingJob
from .processing import request_processing


def user_may_process(user):
    """Whoever may add or edit pages may follow the processing of issues
    (a moderator, who may not, does not see even their titles)."""
    return policy_registry.get_by_type(Page).user_has_any_permission(
        user, {"add", "change", "publish"}
    )


def editable_issues(user):
    """The print issues `user` may edit (or publish): whose jobs they may see."""
    pages = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    return PrintIssuePage.objects.filter(pk__in=pages.values("pk"))


def _issue_for(request, issue_id):
    issue = get_object_or_404(PrintIssuePage, pk=issue_id)
    if not issue.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return issue


def job_data(job):
    if job is None:
        return {"status": None}
    return {
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "stalled": job.stalled,
        "done": job.pages_done,
        "total": job.pages_total,
        "ocr": job.ocr_pages,
        "percent": job.percent,
        "pace": job.pace,
        "message": job.message,
        "file": job.file_name,
        "created": format_datetime(job.created_at),
        "finished": format_datetime(job.finished_at) if job.finished_at else "",
    }


@require_GET
def job_status(request, issue_id):
    """The issue's latest job (its panel), or `?job=` one of its jobs (a row
    of the list of jobs, which may be an older one)."""
    issue = _issue_for(request, issue_id)
    jobs = ProcessingJob.objects.filter(issue=issue)
    if "job" in request.GET:
        wanted = request.GET["job"]
        job = jobs.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    else:
        job = jobs.first()
    return JsonResponse(job_data(job), json_dumps_params={"ensure_ascii": False})


@require_http_methods(["GET", "POST"])
def reprocess(request, issue_id):
    issue = _issue_for(request, issue_id)
    edit_url = reverse("wagtailadmin_pages:edit", args=[issue.pk])
    if request.method == "POST":
        if issue.pdf is None:
            messages.error(request, _("This issue has no PDF to process."))
        else:
            request_processing(issue, force=True)
            messages.success(
                request,
                _("The PDF of “%(title)s” will be processed again.")
                % {"title": issue.title},
            )
        return redirect(edit_url)
    return TemplateResponse(
        request,
        "print_edition/admin/reprocess_confirm.html",
        {"issue": issue, "edit_url": edit_url},
    )


@require_GET
def job_list(request):
    """The latest jobs, of the issues this user may edit; nobody else's."""
    if not user_may_process(request.user):
        raise PermissionDenied
    jobs = ProcessingJob.objects.filter(
        issue__in=editable_issues(request.user)
    ).select_related("issue")[:100]
    return TemplateResponse(
        request,
        "print_edition/admin/jobs.html",
        {"jobs": jobs, "missing_tools": loader.missing_tools()},
    )
