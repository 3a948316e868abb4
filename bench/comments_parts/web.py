"""Fetching pages as a reader does, and reading their forms."""

import html
import re
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'([\w-]+)="([^"]*)"')
# each error of the form's summary (comments/form.html), linked to its field
# or not (refusals of the whole form)
SUMMARY = re.compile(r'class="error-summary__list">(.*?)</ul>', re.S)
REASON = re.compile(r'<li>(?:<a href="#[\w-]+">)?([^<]+)<')
CAPTCHA_IMAGE = re.compile(r'data-captcha-image src="[^"]*/([^/"]+)\.png"')


class NoRedirect(HTTPRedirectHandler):
    """Report a 303 instead of following it."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def fetch(opener, request: Request, timeout: float) -> tuple[int, str]:
    """(status, body) for any status; OSError for transport failures."""
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except HTTPError as error:
        with error:
            return error.code, error.read().decode("utf-8", "replace")


def form_fields(page: str) -> dict:
    """The hidden inputs of the page (CSRF token, captcha token)."""
    fields = {}
    for tag in INPUT.findall(page):
        attrs = dict(ATTR.findall(tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
    return fields


def refusal(status: int, page: str) -> str:
    summary = SUMMARY.search(page)
    found = REASON.findall(summary.group(1)) if summary else []
    reasons = [html.unescape(r).strip() for r in found]
    return "; ".join(r for r in reasons if r) or f"HTTP {status}"
