from django.urls import path

from . import views

app_name = "reach"

urlpatterns = [
    path("api/v1/views/<int:article_id>/", views.count_view, name="view"),
]
