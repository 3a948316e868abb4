"""The processing status panel in an issue's edit view."""

from django.apps import apps
from django.urls import reverse
from wagtail.admin.panels import Panel

from . import loader


class ProcessingPanel(Panel):
    """Progress, result or failure of the PDF processing, with "process again"."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "print_edition/admin/processing_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            issue = self.instance
            job = None
            if issue.pk:
                Job = apps.get_model("print_edition", "ProcessingJob")
                job = Job.objects.filter(issue_id=issue.pk).first()
            context.update(
                {
                    "issue": issue,
                    "job": job,
                    "missing_tools": loader.missing_tools(),
                    "status_url": reverse("print_edition_job_status", args=[issue.pk])
                    if issue.pk
                    else "",
                    "reprocess_url": reverse("print_edition_reprocess", args=[issue.pk])
                    if issue.pk
                    else "",
                }
            )
            return context
