"""The admin's date, time and date-time form fields: what they accept, and say."""

from django.db import models
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

# What a field says when it cannot read what was typed; the date picker shows
# the same at once (admin-dates.js).
INVALID = {
    "date": _("Enter a date as day/month/year, for example 15/7/2023 (or 2023-07-15)."),
    "datetime": _(
        "Enter a date and time as day/month/year hour:minute, for example "
        "15/7/2023 14:30 (or 2023-07-15 14:30)."
    ),
    "time": _("Enter a time as hour:minute, for example 14:30."),
}
# Shown in an empty field.
PLACEHOLDER = {
    "date": _("day/month/year"),
    "datetime": _("day/month/year hour:minute"),
    "time": _("hour:minute"),
}
# Wagtail's own widgets for each kind of model field (DateTimeField, a
# subclass of DateField, is looked up first).
WIDGETS = {
    "date": (models.DateField, AdminDateInput),
    "datetime": (models.DateTimeField, AdminDateTimeInput),
    "time": (models.TimeField, AdminTimeInput),
}


def register():
    """Every WagtailAdminModelForm: Wagtail's widget, our message."""
    for kind, (model_field, widget) in WIDGETS.items():
        register_form_field_override(
            model_field,
            override={"widget": widget, "error_messages": {"invalid": INVALID[kind]}},
        )


def input_formats():
    """The strptime formats the server reads, by kind, in the order it tries
    them (a date-time field also takes a date alone, as Django's does)."""
    dates = list(get_format("DATE_INPUT_FORMATS"))
    return {
        "date": dates,
        "datetime": list(get_format("DATETIME_INPUT_FORMATS")) + dates,
        "time": list(get_format("TIME_INPUT_FORMATS")),
    }


def picker_config():
    """What admin-dates.js needs, for each kind of picker."""
    return {
        kind: {
            "formats": formats,
            "invalid": INVALID[kind],
            "placeholder": PLACEHOLDER[kind],
        }
        for kind, formats in input_formats().items()
    }
