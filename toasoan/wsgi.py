"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE itself.

Page-cache hits are answered by the wrapper before Django sets up a request
(toasoan.pagecache.wsgi); everything else goes to Django. PAGE_CACHE_WSGI=0
leaves the wrapper out: the middleware then answers the hits.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.production")

from django.conf import settings  # noqa: E402 (after the settings module is set)

from toasoan.pagecache.wsgi import CachedApplication  # noqa: E402 (needs settings)

application = get_wsgi_application()
if settings.PAGE_CACHE_WSGI:
    application = CachedApplication(application)
