"""Dates typed in the admin, in a real browser: Wagtail's date picker keeps
what the editor typed (in its own display form) or marks it refused; it never
writes another date over it (it used to write today's)."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.wait import WebDriverWait

from toasoan.dateinput.fields import INVALID, PLACEHOLDER
from toasoan.news.tests import factories
from toasoan.print_edition.models import PrintIssuePage
from toasoan.roles import definitions as roles
from toasoan.vietnamese import TIMEZONE

PASSWORD = "mat-khau-dai-1"


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user(
        "bientap", "bientap@example.vn", PASSWORD
    )
    user.groups.add(Group.objects.get(name=roles.EDITOR))
    return user


@pytest.fixture
def editing(browser, live_server, editor, settings):
    """The browser, signed in as the editor, with no request of its own in the
    background: no autosave (the test saves), no editing-session pings, and
    no "release" beacon when the test leaves the edit view, none of which may
    reach the server while the test's data is flushed."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 3_600_000
    browser.get(live_server.url + "/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(editor.username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda d: "/admin/login/" not in d.current_url)
    yield browser
    browser.execute_script(
        "document.querySelectorAll('form.w-editing-sessions')"
        ".forEach(function (form) { form.remove(); })"
    )


def type_and_leave(driver, field_id, text):
    """Type into a date field as an editor does, then Tab out of it."""
    field = WebDriverWait(driver, 20).until(
        EC.presence_of_element_located((By.ID, field_id))
    )
    driver.execute_script(
        "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", field
    )
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys(Keys.DELETE)
    field.send_keys(text)
    field.send_keys(Keys.TAB)
    return field


def save_draft(driver):
    """Press "Save draft" (from script: the sticky footer may cover it) and
    wait for the edit view that follows."""
    button = driver.find_element(By.CSS_SELECTOR, "footer button.action-save")
    driver.execute_script("arguments[0].click()", button)
    WebDriverWait(driver, 20).until(EC.staleness_of(button))
    WebDriverWait(driver, 20).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )


@pytest.mark.parametrize("typed", ["2023-07-15", "15/7/2023", "15-07-2023"])
def test_a_typed_release_date_is_kept_and_saved(
    editing, live_server, make_issue, typed
):
    issue = make_issue("7", 2023, published_on=date(2023, 1, 10))
    editing.get(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    field = type_and_leave(editing, "id_published_on", typed)

    assert field.get_attribute("value") == "15/07/2023"
    assert field.get_attribute("aria-invalid") is None
    save_draft(editing)
    draft = PrintIssuePage.objects.get(pk=issue.pk).get_latest_revision_as_object()
    assert draft.published_on == date(2023, 7, 15)


def test_a_date_that_cannot_be_read_is_left_as_typed_and_refused(
    editing, live_server, make_issue
):
    issue = make_issue("7", 2023, published_on=date(2023, 1, 10))
    editing.get(f"{live_server.url}/admin/pages/{issue.pk}/edit/")
    field = type_and_leave(editing, "id_published_on", "15/7/23")

    with translation.override("vi"):
        message = str(INVALID["date"])
    assert field.get_attribute("value") == "15/7/23"
    assert field.get_attribute("aria-invalid") == "true"
    note = editing.find_element(By.ID, "id_published_on-date-error")
    assert note.text == message
    assert note.get_attribute("id") in field.get_attribute("aria-describedby")

    type_and_leave(editing, "id_published_on", "15/7/2023")
    assert field.get_attribute("aria-invalid") is None
    assert not editing.find_elements(By.ID, "id_published_on-date-error")


def test_a_typed_date_and_time_is_kept(editing, live_server):
    section = factories.make_section(factories.home(), "Thời sự")
    article = factories.make_article(section, "Bài có giờ đăng")
    editing.get(f"{live_server.url}/admin/pages/{article.pk}/edit/")
    field = editing.find_element(By.ID, "id_published_at")
    with translation.override("vi"):
        assert field.get_attribute("placeholder") == str(PLACEHOLDER["datetime"])
    field = type_and_leave(editing, "id_published_at", "2023-07-15 14:30")

    assert field.get_attribute("value") == "15/07/2023 14:30"
    save_draft(editing)
    draft = type(article).objects.get(pk=article.pk).get_latest_revision_as_object()
    assert draft.published_at == datetime(2023, 7, 15, 14, 30, tzinfo=TIMEZONE)
