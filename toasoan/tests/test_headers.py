"""Security headers on every kind of reader page, documents and the admin.

The CSP only protects if the pages obey it: besides the header, each page's
HTML is checked for inline executable scripts and on*= handlers, which the
strict policy would block in the browser.
"""

from html.parser import HTMLParser

import pytest

from toasoan.news.tests.factories import make_article, make_section
from toasoan.print_edition.tests.conftest import media  # noqa: F401 - autouse
from toasoan.videos.tests.factories import make_video

pytestmark = pytest.mark.django_db


def parse_csp(value):
    """{"script-src": ["'self'"], ...} from a Content-Security-Policy value."""
    policy = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            policy[words[0].lower()] = words[1:]
    return policy


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block."""

    EXECUTABLE = {"", "text/javascript", "module", "application/javascript"}

    def __init__(self):
        super().__init__()
        self.problems = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
        if tag == "script":
            self.scripts += 1
            kind = (attrs.get("type") or "").strip().lower()
            if "src" not in attrs and kind in self.EXECUTABLE:
                self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        for name in ("href", "src", "action"):
            if (attrs.get(name) or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")


def inline_code(html):
    parser = InlineCode()
    parser.feed(html)
    return parser


@pytest.fixture
def site(home, processed_issue):
    """One page of each reader type; returns their addresses."""
    section = make_section(home, "Thời sự")
    article = make_article(section, "Hội nghị bàn về báo chí")
    video = make_video("Hội thảo báo chí", section=section)
    return {
        "home": "/",
        "section": section.url,
        "article": article.url,
        "search": "/tim-kiem/?q=hoi",
        "video list": "/video/",
        "video": f"/video/{video.slug}/",
        "print archive": "/tap-chi-in/",
        "print issue": "/tap-chi-in/so-5-2022/",
        "print page": "/tap-chi-in/so-5-2022/trang-1/?q=Đảng",
    }


PAGES = [
    "home",
    "section",
    "article",
    "search",
    "video list",
    "video",
    "print archive",
    "print issue",
    "print page",
]


@pytest.mark.parametrize("kind", PAGES)
def test_reader_page_headers_and_no_inline_code(client, site, kind):
    response = client.get(site[kind])
    assert response.status_code == 200, kind
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["media-src"] == ["'self'"]
    assert not any(
        "unsafe" in s for k, v in policy.items() if k != "style-src-attr" for s in v
    )
    page = inline_code(response.content.decode())
    assert page.problems == [], kind
    assert page.scripts > 0  # the page does load its (static) scripts


def test_print_page_marks_use_style_attributes_only(client, site):
    """Why style-src-attr allows 'unsafe-inline': the search marks' positions."""
    response = client.get(site["print page"])
    html = response.content.decode()
    assert 'class="viewer__hit" style="left:' in html
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["style-src-attr"] == ["'unsafe-inline'"]


@pytest.mark.parametrize(
    "html, problems",
    [
        ('<script src="/static/a.js" defer></script>', []),
        ('<script type="application/ld+json">{"a": 1}</script>', []),
        ("<script>alert(1)</script>", ["inline <script>"]),
        ('<script type="module">x()</script>', ["inline <script>"]),
        ('<a href="#" onclick="x()">', ["<a onclick=…>"]),
        ('<a href="javascript:x()">', ["<a href=javascript:…>"]),
        ("<style>p{}</style>", ["<style> element"]),
    ],
)
def test_inline_code_finder(html, problems):
    """The checker above can fail: each kind of inline code is caught."""
    assert inline_code(html).problems == problems


def test_not_found_and_error_pages_obey_the_policy(client, home):
    from django.template.loader import render_to_string

    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Content-Security-Policy" in response
    assert inline_code(response.content.decode()).problems == []
    assert inline_code(render_to_string("500.html")).problems == []


def test_document_downloads_as_attachment(client, processed_issue):
    response = client.get(processed_issue.pdf.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    # Wagtail's own policy for the file is kept, not replaced by the page one.
    assert response["Content-Security-Policy"] == "default-src 'none'"


@pytest.mark.parametrize("path", ["/admin/login/", "/django-admin/login/"])
def test_admin_login_renders_under_its_own_policy(client, home, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = parse_csp(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_view_override_beats_the_admin_policy(rf, settings):
    """@csp on an admin view is kept, not replaced by the admin policy."""
    from csp.decorators import csp
    from django.http import HttpResponse

    from toasoan.core.headers import SiteCSPMiddleware

    @csp({"default-src": ["'none'"]})
    def view(request):
        return HttpResponse("x")

    middleware = SiteCSPMiddleware(view)
    response = middleware(rf.get("/admin/x/"))
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_page_preview_keeps_reader_policy_but_can_be_framed_by_the_admin(home):
    """Wagtail's preview panel frames the preview; readers' pages stay 'none'."""
    article = make_article(make_section(home, "Văn hóa"), "Bài xem trước")
    response = article.make_preview_request()
    assert response.status_code == 200
    policy = parse_csp(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
