"""Admin wiring: start processing on save, status and "process again" URLs."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .models import PrintIssuePage
from .processing import request_processing


@hooks.register("register_admin_urls")
def urls():
    return [
        path(
            "tap-chi-in/xu-ly/",
            admin_views.job_list,
            name="print_edition_jobs",
        ),
        path(
            "tap-chi-in/xu-ly/<int:issue_id>/trang-thai/",
            admin_views.job_status,
            name="print_edition_job_status",
        ),
        path(
            "tap-chi-in/xu-ly/<int:issue_id>/xu-ly-lai/",
            admin_views.reprocess,
            name="print_edition_reprocess",
        ),
    ]


def _start(request, page):
    page = page.specific
    if isinstance(page, PrintIssuePage) and page.pdf_id:
        request_processing(page)


hooks.register("after_create_page", _start)
hooks.register("after_edit_page", _start)


class JobsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.user_may_process(request.user)


@hooks.register("register_admin_menu_item")
def jobs_menu_item():
    return JobsMenuItem(
        _("Print processing"),
        reverse("print_edition_jobs"),
        icon_name="doc-full",
        order=260,
    )
