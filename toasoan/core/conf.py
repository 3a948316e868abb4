"""Core's settings and their defaults, read from the environment (README,
"Settings"); `toasoan.settings` imports them."""

from toasoan.core.env import env_bool

# Behind nginx: take the reader's address from X-Forwarded-For
# (`toasoan.core.http.client_ip`: the comments and the admin sign-in lockout).
COMMENTS_TRUST_X_FORWARDED_FOR = env_bool("COMMENTS_TRUST_X_FORWARDED_FOR", False)

# Content-Security-Policy (`toasoan.core.headers`, docs/security.md): reader
# pages run only first-party static scripts, so script-src has no
# 'unsafe-inline'; style attributes stay allowed (style-src-attr) for the print
# viewer's computed search marks, but no <style> element or foreign stylesheet.
CSP_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [CSP_SELF, "data:"],
        "media-src": [CSP_SELF],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": ["'none'"],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail and Django admins use inline scripts and styles, show previews in
# a same-origin frame, gravatars and embed thumbnails: a looser policy there.
CSP_ADMIN_URL_PREFIXES = ["/admin/", "/django-admin/"]
CSP_ADMIN_DIRECTIVES = {
    "default-src": [CSP_SELF],
    "script-src": [CSP_SELF, "'unsafe-inline'"],
    "style-src": [CSP_SELF, "'unsafe-inline'"],
    "img-src": [CSP_SELF, "data:", "blob:", "https:"],
    "media-src": [CSP_SELF, "blob:"],
    "font-src": [CSP_SELF, "data:"],
    "connect-src": [CSP_SELF],
    "frame-src": [CSP_SELF, "https:"],
    "object-src": ["'none'"],
    "base-uri": [CSP_SELF],
    "form-action": [CSP_SELF],
    "frame-ancestors": [CSP_SELF],
}
