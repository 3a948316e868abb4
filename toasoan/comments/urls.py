from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("ma-bao-ve/moi/", views.captcha_new, name="captcha_new"),
    path("ma-bao-ve/<str:token>.png", views.captcha_image, name="captcha_image"),
    path("ma-bao-ve/thu-thach/", views.captcha_pow, name="captcha_pow"),
]
