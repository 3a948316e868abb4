"""Which requests the page cache answers, and the address it files them under.

Works on a WSGI environ or a Django request's META alike, so that the WSGI
fast path (wsgi.py) and the middleware always agree on the address.
"""

from functools import lru_cache
from urllib.parse import parse_qsl, urlencode

from django.conf import settings

MAX_QUERY_VALUE = 12


@lru_cache(maxsize=1)
def _rules():
    return (
        settings.SESSION_COOKIE_NAME,
        tuple(settings.PAGE_CACHE_SKIP_COOKIES),
        tuple(settings.PAGE_CACHE_SKIP_PREFIXES),
        frozenset(settings.PAGE_CACHE_QUERY_PARAMS),
        getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
    )


def address(meta):
    """ "scheme://host/path?query" for a cacheable request, else None.

    Cacheable: GET or HEAD, from a reader without a session (no editor, no
    pending message), for a reader address with no query other than the
    listed ones (page numbers, years), each short.
    """
    if settings.PAGE_CACHE_SECONDS <= 0:
        return None
    if meta.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    session_cookie, skip_cookies, skip_prefixes, params, proxy_ssl = _rules()
    cookies = meta.get("HTTP_COOKIE", "")
    if cookies and (
        session_cookie in cookies or any(name in cookies for name in skip_cookies)
    ):
        return None
    path = meta.get("PATH_INFO", "")
    if path.startswith(skip_prefixes):
        return None
    query = meta.get("QUERY_STRING", "")
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if not pairs or any(
            key not in params or len(value) > MAX_QUERY_VALUE or not value.isalnum()
            for key, value in pairs
        ):
            return None
        query = "?" + urlencode(sorted(pairs))
    host = meta.get("HTTP_HOST") or meta.get("SERVER_NAME", "")
    scheme = meta.get("wsgi.url_scheme", "http")
    if proxy_ssl and meta.get(proxy_ssl[0]) == proxy_ssl[1]:
        scheme = "https"
    return f"{scheme}://{host.lower()}{path}{query}"
