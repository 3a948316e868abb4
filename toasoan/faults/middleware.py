"""A Vietnamese 503 page, not a 500, when the database cannot be reached."""

import logging

from django.conf import settings
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER = 30  # seconds, sent to browsers, crawlers and the load balancer


def unavailable_response():
    """The 503 page, rendered with no request context: no query at all.

    Context processors (the section menu, Wagtail settings, the user) read the
    database, which is the thing that failed, so the template is standalone
    and gets only the site's name from the settings.
    """
    html = loader.get_template("503.html").render(
        {"site_name": settings.WAGTAIL_SITE_NAME, "retry_after": RETRY_AFTER}
    )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database failure raised by a view or a template into a 503.

    OperationalError covers a refused or dropped connection, a PostgreSQL
    that is restarting and SQLite's "database is locked" after its timeout;
    InterfaceError a connection that was already closed under us. Anything
    else keeps going to the 500 handler.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable while serving %s: %s",
            request.path,
            exception,
            exc_info=exception,
        )
        return unavailable_response()
