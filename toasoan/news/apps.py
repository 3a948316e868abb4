from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "toasoan.news"
    label = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import init_new_page, post_page_move

        from toasoan.readapi.api import api_router, public_images

        from . import api, authors, cache_rules, queries, search

        search.register()
        api.register(api_router, public_images)
        cache_rules.register()
        for signal in (post_save, post_delete):
            signal.connect(queries.forget_restrictions, sender=PageViewRestriction)
        post_page_move.connect(queries.forget_restrictions)
        init_new_page.connect(authors.preselect_byline)
