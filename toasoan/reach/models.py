"""Article views per hour, flushed in batches from the cache (see views_count)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ArticleViewCount(models.Model):
    """How many readers opened an article in one hour (Vietnam time is irrelevant:
    hours are UTC buckets). No reader data: only the article, the hour, a count.
    """

    article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="view_counts",
    )
    hour = models.DateTimeField(_("hour"), db_index=True)
    count = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article views in an hour")
        verbose_name_plural = _("article views per hour")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "hour"], name="reach_view_count_article_hour"
            )
        ]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}:00 = {self.count}"
