"""Editors: create an issue in the admin, follow its processing, run it again."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from toasoan.print_edition.models import PrintIssuePage, ProcessingJob

from .conftest import make_document


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bt", "bt@example.vn", "x" * 12)
    client.force_login(user)
    return client


def test_create_issue_in_admin_titles_it_and_processes_the_pdf(
    tools, admin_client, archive, text_pdf, django_capture_on_commit_callbacks
):
    document = make_document(text_pdf)
    data = nested_form_data(
        {
            "title": "",
            "slug": "",
            "number_label": "1+2",
            "year": "2023",
            "published_on": "2023-02-01",
            "pdf": document.pk,
            "intro": "",
            "contents": inline_formset(
                [{"title": "Xây dựng Đảng", "authors": "Ngô Khiêm", "page": "2"}]
            ),
            "action-publish": "publish",
        }
    )
    url = f"/admin/pages/add/print_edition/printissuepage/{archive.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = PrintIssuePage.objects.get()
    assert issue.title == "Số 1+2 - 2023" and issue.slug == "so-1-2-2023"
    assert issue.live and issue.contents.get().page == 2
    job = issue.processing_jobs.get()
    assert job.status == ProcessingJob.DONE and issue.print_pages.count() == 3

    edit = admin_client.get(f"/admin/pages/{issue.pk}/edit/")
    html = edit.content.decode()
    assert edit.status_code == 200
    assert "print-processing" in html and job.message in html

    status = admin_client.get(f"/admin/tap-chi-in/xu-ly/{issue.pk}/trang-thai/")
    assert status.json()["status"] == "done" and status.json()["percent"] == 100


def test_process_again(admin_client, make_issue, text_pdf, tools):
    issue = make_issue(pdf=text_pdf)
    url = f"/admin/tap-chi-in/xu-ly/{issue.pk}/xu-ly-lai/"
    assert admin_client.get(url).status_code == 200
    before = ProcessingJob.objects.count()
    response = admin_client.post(url)
    assert response.status_code == 302
    assert ProcessingJob.objects.count() == before + 1
    assert admin_client.get("/admin/tap-chi-in/xu-ly/").status_code == 200


def test_a_failed_job_shows_its_reason_in_the_edit_view(admin_client, make_issue):
    issue = make_issue(pdf=b"this is not a PDF")
    from toasoan.print_edition.processing import request_processing

    job = request_processing(issue, inline=True)
    html = admin_client.get(f"/admin/pages/{issue.pk}/edit/").content.decode()
    assert job.status == ProcessingJob.FAILED
    assert job.message in html and "help-critical" in html


def test_users_who_cannot_edit_are_turned_away(client, django_user_model, make_issue):
    user = django_user_model.objects.create_user("kd", "kd@example.vn", "x" * 12)
    group = Group.objects.create(name="Chỉ vào admin")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    issue = make_issue()
    for path in ("trang-thai/", "xu-ly-lai/"):
        # Wagtail answers PermissionDenied with its "no permission" redirect.
        response = client.get(f"/admin/tap-chi-in/xu-ly/{issue.pk}/{path}")
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    client.post(f"/admin/tap-chi-in/xu-ly/{issue.pk}/xu-ly-lai/")
    assert not ProcessingJob.objects.filter(issue=issue).exists()
    client.logout()
    response = client.get(f"/admin/tap-chi-in/xu-ly/{issue.pk}/trang-thai/")
    assert response["Location"].startswith("/admin/login/")
