"""Dates typed in the admin's forms are read as meant, in every language, or
refused with a message naming the accepted forms."""

import json
import re
from datetime import date, datetime

import pytest
from django import forms
from django.conf import settings
from django.utils import translation
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from toasoan.dateinput.fields import INVALID, input_formats
from toasoan.news.models import ArticlePage
from toasoan.print_edition.models import PrintIssuePage
from toasoan.videos.models import Video
from toasoan.vietnamese import TIMEZONE

LANGUAGES = [code for code, _name in settings.LANGUAGES]
JULY_15 = ["2023-07-15", "15/7/2023", "15/07/2023", "15-07-2023", "15.7.2023"]
AT_14_30 = [
    "2023-07-15 14:30",
    "2023-07-15T14:30",
    "15/7/2023 14:30",
    "15-07-2023 14:30:00",
    "15.7.2023 14:30",
    "14:30 15/7/2023",
    "14:30' 15/7/2023",
]
REFUSED = ["07/15/2023", "15/7/23", "2023/07/15", "31/2/2023", "hôm qua", "15/7"]


def admin_form_field(model, name):
    """The field of `name` in the admin's own form of `model`."""
    if hasattr(model, "get_edit_handler"):
        form_class = model.get_edit_handler().get_form_class()
    else:
        from wagtail.admin.forms.models import WagtailAdminModelForm

        form_class = forms.modelform_factory(
            model, form=WagtailAdminModelForm, fields=[name]
        )
    return form_class.base_fields[name]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", JULY_15)
def test_dates_are_read_day_first_in_every_language(language, typed):
    field = forms.DateField(widget=AdminDateInput())
    with translation.override(language):
        assert field.clean(typed) == date(2023, 7, 15)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_shown_in_a_field_is_read_back_as_the_same_date(language):
    """The picker writes 05/11/2026 (WAGTAIL_DATE_FORMAT) in every language;
    the English admin used to read it back as May 11 on every save."""

    class Form(forms.Form):
        day = forms.DateField(widget=AdminDateInput())
        at = forms.DateTimeField(widget=AdminDateTimeInput())

    moment = datetime(2026, 11, 5, 9, 5, tzinfo=TIMEZONE)
    with translation.override(language):
        shown = Form(initial={"day": date(2026, 11, 5), "at": moment})
        values = {
            name: re.search(r'value="([^"]*)"', str(shown[name])).group(1)
            for name in ("day", "at")
        }
        form = Form(values)
        assert values == {"day": "05/11/2026", "at": "05/11/2026 09:05"}
        assert form.is_valid(), form.errors
    assert form.cleaned_data == {"day": date(2026, 11, 5), "at": moment}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", AT_14_30)
def test_date_times_are_read_day_first_in_every_language(language, typed):
    field = forms.DateTimeField(widget=AdminDateTimeInput())
    with translation.override(language):
        assert field.clean(typed) == datetime(2023, 7, 15, 14, 30, tzinfo=TIMEZONE)


@pytest.mark.parametrize(
    "model, name, kind",
    [
        (PrintIssuePage, "published_on", "date"),
        (ArticlePage, "published_at", "datetime"),
        (ArticlePage, "go_live_at", "datetime"),
        (ArticlePage, "expire_at", "datetime"),
        (Video, "published_at", "datetime"),
    ],
)
@pytest.mark.parametrize("typed", REFUSED)
def test_admin_date_fields_refuse_with_the_accepted_forms(model, name, kind, typed):
    field = admin_form_field(model, name)
    with translation.override("vi"), pytest.raises(forms.ValidationError) as error:
        field.clean(typed)
    message = error.value.messages[0]
    assert message == str(INVALID[kind])
    assert "15/7/2023" in message and "2023-07-15" in message


@pytest.mark.parametrize(
    "model, name, typed, expected",
    [
        (PrintIssuePage, "published_on", "2023-07-15", date(2023, 7, 15)),
        (PrintIssuePage, "published_on", "15/7/2023", date(2023, 7, 15)),
        (ArticlePage, "go_live_at", "15-07-2023 14:30", (2023, 7, 15, 14, 30)),
        (ArticlePage, "published_at", "2023-07-15 14:30", (2023, 7, 15, 14, 30)),
        (Video, "published_at", "14:30 15/7/2023", (2023, 7, 15, 14, 30)),
    ],
)
def test_admin_date_fields_keep_wagtails_picker_and_read_what_is_typed(
    model, name, typed, expected
):
    field = admin_form_field(model, name)
    assert isinstance(field.widget, (AdminDateInput, AdminDateTimeInput))
    if isinstance(expected, tuple):
        expected = datetime(*expected, tzinfo=TIMEZONE)
    with translation.override("vi"):
        assert field.clean(typed) == expected


def test_every_admin_page_carries_the_picker_guard_with_the_servers_formats(
    admin_client,
):
    html = admin_client.get("/admin/").content.decode()
    assert "dateinput/admin-dates.js" in html
    found = re.search(
        r'<script id="toasoan-date-input" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    config = json.loads(found.group(1))
    with translation.override("vi"):
        formats = input_formats()
    assert {kind: value["formats"] for kind, value in config.items()} == formats
    assert "%Y-%m-%d" in formats["date"] and "%d/%m/%Y" in formats["date"]
    assert config["date"]["placeholder"] and config["datetime"]["invalid"]
    # Before the page's own scripts, which make the pickers.
    assert html.index("dateinput/admin-dates.js") < html.index('id="main"')


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("bt", "bt@example.vn", "x" * 12)
    client.force_login(user)
    return client
