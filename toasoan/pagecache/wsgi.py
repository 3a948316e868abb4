"""A WSGI wrapper that answers page-cache hits before Django starts a request.

Misses go to Django, whose PageCacheMiddleware stores them; both use the same
address (keys.address), so what one stores the other finds. Skipping
Django's request set-up (and its database connection checks) is what makes a
warm cache several times faster than the middleware alone; the pages found
last are kept in the process until a purge is announced (local.py).
"""

from http import HTTPStatus

from . import local, store
from .keys import address as address_of
from .middleware import HIT_HEADER


class CachedApplication:
    def __init__(self, application):
        self.application = application
        self.local = local.from_settings()

    def __call__(self, environ, start_response):
        address = address_of(environ)
        if address is not None:
            entry = self.local.get(address) if self.local else None
            if entry is None:
                version = self.local.version() if self.local else None
                entry, _ = store.lookup(address)
                if entry is not None and self.local:
                    self.local.put(address, entry, version)
            if entry is not None:
                status = HTTPStatus(entry.status)
                start_response(
                    f"{status.value} {status.phrase}",
                    [*entry.headers, (HIT_HEADER, "hit")],
                )
                return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [entry.body]
        return self.application(environ, start_response)
