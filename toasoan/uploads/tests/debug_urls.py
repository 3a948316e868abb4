"""The site's URLs with media served by Django, as under DEBUG (`make run`);
the media root is read at each request, so each test's own folder is used."""

from django.urls import re_path

from toasoan.urls import urlpatterns as site_urlpatterns
from toasoan.videos.media import serve_media

urlpatterns = [re_path(r"^media/(?P<path>.*)$", serve_media), *site_urlpatterns]
