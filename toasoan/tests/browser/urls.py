"""The site's addresses plus its media files, for the browser tests.

Under DEBUG=False (the test settings) nothing serves /media/, so a page's
images and the print pages would be broken pictures in the browser; the live
server gets this URLconf instead (conftest.py) and serves them like `make run`.
"""

from toasoan.urls import urlpatterns as site_urlpatterns
from toasoan.videos.media import media_urlpatterns

urlpatterns = media_urlpatterns() + site_urlpatterns
handler404 = "toasoan.core.views.page_not_found"
handler500 = "toasoan.core.views.server_error"
