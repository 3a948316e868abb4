"""schema.org JSON-LD, built as dicts and written safely into a page.

Reusable by any app: build a node with the helpers below and render it with
`{% jsonld node %}` (toasoan.seo.templatetags.seo_tags) or `render(node)`.
For example a print issue page (PublicationIssue inside a Periodical) does::

    from toasoan.seo import jsonld
    node = jsonld.node(
        "PublicationIssue",
        issueNumber=str(issue.number),
        datePublished=jsonld.iso_date(issue.date),
        url=jsonld.absolute(request, issue.url),
        image=jsonld.absolute(request, cover.url),
        isPartOf=jsonld.node("Periodical", name=site_name,
                             publisher=jsonld.publisher(request), inLanguage="vi"),
    )

and writes `{% jsonld node %}` in its template's `extra_head` block.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from toasoan.vietnamese import TIMEZONE

CONTEXT = "https://schema.org"

# As django.utils.html.json_script: nothing in the data can close the element.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def node(type_, **fields):
    """A schema.org node without its empty fields."""
    data = {"@type": type_}
    data.update({k: v for k, v in fields.items() if v not in (None, "", [], {})})
    return data


def render(*nodes):
    """<script type="application/ld+json"> for one node or a @graph of several."""
    nodes = [n for n in nodes if n]
    if not nodes:
        return ""
    if len(nodes) == 1:
        data = {"@context": CONTEXT, **nodes[0]}
    else:
        data = {"@context": CONTEXT, "@graph": nodes}
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_ESCAPES)),  # noqa: S308 - escaped above
    )


def absolute(request, url):
    """An absolute URL (https behind nginx thanks to SECURE_PROXY_SSL_HEADER)."""
    if not url:
        return ""
    if request is None:
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return request.build_absolute_uri(url)


def iso(moment):
    """2022-01-12T18:31:00+07:00: Vietnam time with its offset, no microseconds."""
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, TIMEZONE)
    return moment.astimezone(TIMEZONE).replace(microsecond=0).isoformat()


def iso_date(day):
    return day.isoformat() if day else None


def iso_duration(seconds):
    """PT1M5S (ISO 8601), as schema.org's VideoObject.duration wants."""
    if seconds is None:
        return None
    total = int(round(float(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + f"{minutes}M{secs}S"


def logo_url(request):
    return absolute(request, static(settings.REACH_PUBLISHER_LOGO))


def publisher(request):
    """The magazine as a NewsMediaOrganization (a schema.org Organization)."""
    return node(
        "NewsMediaOrganization",
        name=settings.WAGTAIL_SITE_NAME,
        url=absolute(request, "/"),
        logo=node(
            "ImageObject",
            url=logo_url(request),
            width=settings.REACH_PUBLISHER_LOGO_SIZE[0],
            height=settings.REACH_PUBLISHER_LOGO_SIZE[1],
        ),
    )


def breadcrumbs(request, crumbs):
    """BreadcrumbList from [(name, url), ...], home first."""
    return node(
        "BreadcrumbList",
        itemListElement=[
            node("ListItem", position=i, name=name, item=absolute(request, url))
            for i, (name, url) in enumerate(crumbs, start=1)
        ],
    )


def website(request):
    """The home page: the site and its search box."""
    return node(
        "WebSite",
        name=settings.WAGTAIL_SITE_NAME,
        url=absolute(request, "/"),
        inLanguage="vi",
        potentialAction=node(
            "SearchAction",
            target=absolute(request, "/tim-kiem/") + "?q={search_term_string}",
            **{"query-input": "required name=search_term_string"},
        ),
        publisher=publisher(request),
    )
