from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeoConfig(AppConfig):
    """What a reader page announces in its <head> (canonical, OpenGraph,
    feeds, JSON-LD), the share tools and the reader scripts. An engine: it
    knows no page type; each page says what it announces (`seo_head`)."""

    name = "toasoan.seo"
    label = "seo"
    verbose_name = _("Search engines and sharing")
