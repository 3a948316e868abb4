from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedsConfig(AppConfig):
    """RSS feeds, sitemaps (with Google News') and robots.txt."""

    name = "toasoan.feeds"
    label = "feeds"
    verbose_name = _("Feeds and sitemaps")
