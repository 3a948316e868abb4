"""/api/v2/: the index and every endpoint the apps registered."""

from django.urls import path

from .api import api_index, api_router

urlpatterns = [
    path("", api_index, name="api-index"),
    path("", api_router.urls),
]
