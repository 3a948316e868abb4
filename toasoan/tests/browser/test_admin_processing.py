"""The list of print-processing jobs follows a running job by itself, as the
issue's own panel does (print_edition/admin-status.js)."""

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from toasoan.print_edition.models import ProcessingJob
from toasoan.roles import definitions as roles

PASSWORD = "mat-khau-dai-1"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "bientap", "bientap@example.vn", PASSWORD
    )
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    return user


def test_a_running_row_of_the_list_refreshes_itself(
    browser, live_server, editor, make_issue
):
    job = ProcessingJob.objects.create(
        issue=make_issue("7", 2023),
        file_name="so-7-2023.pdf",
        status=ProcessingJob.RUNNING,
        pages_total=3,
        pages_done=1,
    )
    browser.get(live_server.url + "/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(editor.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda d: "/admin/login/" not in d.current_url)
    browser.get(live_server.url + "/admin/tap-chi-in/xu-ly/")
    row = browser.find_element(By.CSS_SELECTOR, "tr[data-print-polling]")

    def field(name):
        return row.find_element(By.CSS_SELECTOR, f'[data-print-field="{name}"]').text

    assert field("done") == "1"
    job.status, job.pages_done = ProcessingJob.DONE, 3
    job.save()
    with translation.override("vi"):
        done = str(dict(ProcessingJob.STATUSES)[ProcessingJob.DONE])
    WebDriverWait(browser, 15).until(lambda d: field("status_label") == done)
    assert field("done") == "3"
    browser.get("about:blank")  # no poll in flight when the data is flushed
