"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE itself.

Page-cache hits are answered by the wrapper before Django sets up a request
(toasoan.pagecache.wsgi); everything else goes to Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.production")

from toasoan.pagecache.wsgi import CachedApplication  # noqa: E402 (needs settings)

application = CachedApplication(get_wsgi_application())
