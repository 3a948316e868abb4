"""{% most_read %}: the 'Đọc nhiều' box."""

from django import template

from .. import mostread

register = template.Library()


@register.inclusion_tag("reach/includes/most_read.html", takes_context=True)
def most_read(context, section=None, count=None):
    """'Đọc nhiều': 24 hours and 7 days, site-wide or for one section.

    Cached: no query on most requests, at most five when the cache is cold.
    """
    data = mostread.most_read(section, count)
    return {"section": section, "day": data["day"], "week": data["week"]}
