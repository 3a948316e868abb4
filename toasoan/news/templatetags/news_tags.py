"""Template filters for the Vietnamese way of writing times."""

from django import template

from toasoan.vietnamese import format_date, format_datetime

register = template.Library()


@register.filter
def vn_datetime(value):
    """18:31' 12/1/2022, in Asia/Ho_Chi_Minh."""
    return format_datetime(value) if value else ""


@register.filter
def vn_date(value):
    return format_date(value) if value else ""
