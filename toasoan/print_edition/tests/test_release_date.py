"""An issue's release date, as editors type it in the admin."""

from datetime import date

import pytest
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from toasoan.print_edition.models import PrintIssuePage


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bt", "bt@example.vn", "x" * 12)
    client.force_login(user)
    return client


def add_issue(client, archive, published_on, year="2023"):
    data = nested_form_data(
        {
            "title": "",
            "slug": "",
            "number_label": "7",
            "year": year,
            "published_on": published_on,
            "intro": "",
            "contents": inline_formset([]),
            "action-publish": "publish",
        }
    )
    url = f"/admin/pages/add/print_edition/printissuepage/{archive.pk}/"
    return client.post(url, data)


@pytest.mark.parametrize(
    "typed", ["2023-07-15", "15/7/2023", "15-07-2023", "15/07/2023", "15.7.2023"]
)
def test_the_release_date_is_stored_as_typed(admin_client, archive, typed):
    response = add_issue(admin_client, archive, typed)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PrintIssuePage.objects.get().published_on == date(2023, 7, 15)


@pytest.mark.parametrize("typed", ["07/15/2023", "15/7/23", "hôm nay"])
def test_a_date_that_cannot_be_read_is_refused_with_the_forms_it_takes(
    admin_client, archive, typed
):
    response = add_issue(admin_client, archive, typed)
    html = response.content.decode()
    assert response.status_code == 200 and not PrintIssuePage.objects.exists()
    assert "15/7/2023" in html and "2023-07-15" in html


def test_a_release_date_far_from_the_year_is_refused(admin_client, archive):
    """What the date picker used to make of 2023-07-15: today's date."""
    with translation.override("vi"):
        response = add_issue(admin_client, archive, "06/12/2026", year="2023")
    assert response.status_code == 200 and not PrintIssuePage.objects.exists()
    form = response.context["form"]
    message = form.errors["published_on"][0]
    assert "6/12/2026" in message and "2023" in message


@pytest.mark.parametrize(
    "typed, refused",
    [
        ("20/12/2022", False),  # a Tết issue, out before the new year
        ("1/2/2024", False),  # a late one
        ("31/12/2021", True),
        ("1/1/2025", True),
    ],
)
def test_the_date_may_be_a_year_off_and_no_more(admin_client, archive, typed, refused):
    response = add_issue(admin_client, archive, typed, year="2023")
    assert PrintIssuePage.objects.exists() is not refused
    assert response.status_code == (200 if refused else 302)
