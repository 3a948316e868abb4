"""WSGI entry point; production sets DJANGO_SETTINGS_MODULE itself."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.production")

application = get_wsgi_application()
