"""The list of processing jobs refreshes its running rows as the issue's panel
does: each such row polls its own job's status."""

import re

import pytest

from toasoan.print_edition.models import ProcessingJob


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bt", "bt@example.vn", "x" * 12)
    client.force_login(user)
    return client


def rows(html):
    """{job file name: the attributes of its <tr>}."""
    found = {}
    for attributes, body in re.findall(r"<tr([^>]*)>(.*?)</tr>", html, re.S):
        name = re.search(r'data-print-field="file">([^<]*)<', body)
        if name:
            found[name.group(1)] = attributes
    return found


def status_url(attributes):
    return re.search(r'data-print-status-url="([^"]+)"', attributes).group(1)


def test_running_rows_poll_their_own_jobs_status(admin_client, make_issue):
    issue, other = make_issue("5"), make_issue("6")
    running = ProcessingJob.objects.create(
        issue=issue, file_name="cu.pdf", status=ProcessingJob.RUNNING, pages_total=8
    )
    ProcessingJob.objects.create(issue=issue, file_name="moi.pdf")  # queued, newer
    ProcessingJob.objects.create(
        issue=other, file_name="xong.pdf", status=ProcessingJob.DONE
    )
    html = admin_client.get("/admin/tap-chi-in/xu-ly/").content.decode()
    listed = rows(html)
    assert "print_edition/admin-status.js" in html
    assert (
        "data-print-polling" in listed["cu.pdf"]
        and "data-print-polling" in listed["moi.pdf"]
    )
    assert "data-print-polling" not in listed["xong.pdf"]

    # The older job's row follows that job, not the issue's newest one.
    running.pages_done = 3
    running.save()
    data = admin_client.get(status_url(listed["cu.pdf"])).json()
    assert (data["status"], data["done"], data["total"]) == ("running", 3, 8)
    assert data["file"] == "cu.pdf"
    for field in ("status_label", "done", "total", "message", "file"):
        assert f'data-print-field="{field}"' in html
    assert admin_client.get(status_url(listed["moi.pdf"])).json()["status"] == "queued"


def test_a_row_reads_only_a_job_of_its_own_issue(admin_client, make_issue):
    issue, other = make_issue("5"), make_issue("6")
    ProcessingJob.objects.create(issue=issue, file_name="a.pdf")
    elsewhere = ProcessingJob.objects.create(issue=other, file_name="b.pdf")
    url = f"/admin/tap-chi-in/xu-ly/{issue.pk}/trang-thai/"
    assert admin_client.get(f"{url}?job={elsewhere.pk}").json() == {"status": None}
    assert admin_client.get(f"{url}?job=x").json() == {"status": None}
    assert admin_client.get(url).json()["file"] == "a.pdf"
