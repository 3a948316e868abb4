"""Development: DEBUG on, a throwaway key, e-mail printed to the console."""

from toasoan.core.env import env, env_list

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-not-secret-7c1f0e4b2a9d")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
