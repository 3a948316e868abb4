"""Keep the cached 'Đọc nhiều' lists honest when an article leaves the site."""

from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from toasoan.news.models import ArticlePage

from . import mostread


@receiver(page_unpublished)
@receiver(post_delete, sender="news.ArticlePage")
def forget_most_read(sender, **kwargs):
    mostread.invalidate()


@receiver(page_published)
def forget_most_read_on_move(sender, instance, **kwargs):
    """A republished article may have a new title or address."""
    if isinstance(instance, ArticlePage):
        mostread.invalidate()
