from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "toasoan.comments"
    label = "comments"
    verbose_name = _("Reader comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from toasoan.news.models import ArticlePage

        from . import cache_rules, views

        cache_rules.register()
        # A reader's comment is posted to the article's own address.
        ArticlePage.answer_posts_with(views.post_comment)
