"""Security headers: a strict Content-Security-Policy for reader pages and a
looser one for the two admins.

django-csp builds and sends the header; this subclass only picks the admin
policy for /admin/ and /django-admin/, whose Wagtail and Django screens still
use inline scripts and styles (django-csp alone can only exclude a prefix,
which would leave the admin with no policy at all), and lets Wagtail's preview
panel frame a page preview.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings

SELF = "'self'"


def _is_admin(path):
    return path.startswith(tuple(settings.CSP_ADMIN_URL_PREFIXES))


class SiteCSPMiddleware(CSPMiddleware):
    """CONTENT_SECURITY_POLICY everywhere, CSP_ADMIN_DIRECTIVES in the admins."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None  # a view's own @csp(...) still wins
            and _is_admin(request.path_info)
        ):
            return PolicyParts(
                config=default_config(settings.CSP_ADMIN_DIRECTIVES),
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        if getattr(request, "is_preview", False):
            # Wagtail runs a preview through the middleware as a request for
            # the page's own address: keep the reader policy (so editors see
            # what readers get) but let the admin's preview panel frame it.
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
