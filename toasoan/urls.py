from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("binh-luan/", include("toasoan.comments.urls")),
    path("", include("toasoan.search.urls")),
    path("video/", include("toasoan.videos.urls")),
    path("", include("toasoan.feeds.urls")),
    path("", include("toasoan.reach.urls")),
    path("api/v2/", include("toasoan.readapi.urls")),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    from toasoan.videos.media import media_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    # Media with HTTP Range (206/416) so that video seeking works in development.
    urlpatterns += media_urlpatterns()

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "toasoan.core.views.page_not_found"
handler500 = "toasoan.core.views.server_error"
