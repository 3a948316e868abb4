"""admin-dates.js and what it reads, on every admin page."""

from django.templatetags.static import static
from django.utils.html import format_html, json_script
from wagtail import hooks

from .fields import picker_config

CONFIG_ID = "toasoan-date-input"


@hooks.register("insert_global_admin_js")
def date_picker_guard():
    # Before the page's content, whose inline scripts create the pickers.
    return format_html(
        '{}<script src="{}"></script>',
        json_script(picker_config(), CONFIG_ID),
        static("dateinput/admin-dates.js"),
    )
