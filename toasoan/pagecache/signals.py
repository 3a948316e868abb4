"""What purges what: the signal handlers wired in apps.ready."""

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import fragments, tags
from .purge import article_tags, purge_tags

LISTED_STATE = "_pagecache_listed_before"


def _remember_listing(sender, instance, raw=False, **kwargs):
    """Before an article is saved: was it live, and with which date?"""
    if raw or not instance.pk:
        return
    before = (
        sender.objects.filter(pk=instance.pk).values_list("live", "published_at")
    ).first()
    setattr(instance, LISTED_STATE, before)


def _page_published(sender, instance, **kwargs):
    from toasoan.news.models import ArticlePage
    from toasoan.print_edition.models import PrintIssuePage

    if isinstance(instance, ArticlePage):
        before = getattr(instance, LISTED_STATE, None)
        listed_again = (
            before is None or not before[0] or before[1] != instance.published_at
        )
        purge_tags(*article_tags(instance, listed_again))
    elif isinstance(instance, PrintIssuePage):
        purge_tags(tags.PRINT, tags.page(instance.pk))
    else:  # home, sections, the print archive: in the menu or every page
        purge_tags(tags.SITE)


def _page_gone(sender, instance, **kwargs):
    from toasoan.news.models import ArticlePage
    from toasoan.print_edition.models import PrintIssuePage

    if isinstance(instance, ArticlePage):
        section_cards = fragments.cards(instance.path[: -instance.steplen])
        purge_tags(tags.page(instance.pk), tags.comments(instance.pk), section_cards)
    elif isinstance(instance, PrintIssuePage):
        purge_tags(tags.PRINT, tags.page(instance.pk))
    else:
        purge_tags(tags.SITE)


def _page_moved(sender, instance, **kwargs):
    purge_tags(tags.SITE)  # addresses changed: every list may hold the old one


def _video_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge_tags(tags.VIDEOS)


def _print_job_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.status == instance.DONE:
        purge_tags(tags.PRINT)


def _comment_changed(sender, instance, raw=False, created=False, **kwargs):
    """A reader's new comment waits for moderation: no page changes yet."""
    if raw or (created and instance.status != instance.Status.APPROVED):
        return
    purge_tags(tags.comments(instance.article_id))


def _author_changed(sender, instance, raw=False, created=False, **kwargs):
    """A byline renamed, moved or removed: its page and every article showing
    it (a new author is on no page yet). Before a removal, while the
    article links are still there."""
    from toasoan.news.models import ArticleAuthor

    if raw or created:
        return
    shown = ArticleAuthor.objects.filter(author_id=instance.pk).values_list(
        "page_id", flat=True
    )
    purge_tags(tags.listing("author", instance.pk), *map(tags.page, shown))


def _image_changed(sender, instance, raw=False, created=False, **kwargs):
    """An image edited (a new file, focal point or alt text) or removed: the
    pages showing it hold rendition addresses Wagtail may have deleted. Who
    shows it comes from Wagtail's reference index: pages (and the cards of
    articles), authors' pages, the print box, the video corner."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    from toasoan.news.models import Author
    from toasoan.print_edition.models import PrintIssuePage
    from toasoan.videos.models import Video

    if raw or created:
        return
    names = set()
    found = ReferenceIndex.get_references_to(instance).values_list(
        "content_type_id", "object_id"
    )
    for type_id, object_id in set(found):
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        if issubclass(model, Page):
            names.add(tags.page(object_id))
            if issubclass(model, PrintIssuePage):
                names.add(tags.PRINT)
        elif issubclass(model, Author):
            names.add(tags.listing("author", object_id))
        elif issubclass(model, Video):
            names.add(tags.VIDEOS)
    purge_tags(*names)


def _setting_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge_tags(tags.SITE)


def connect():
    from toasoan.comments.models import Comment, CommentSettings
    from toasoan.news.models import ArticlePage, Author
    from toasoan.print_edition.models import ProcessingJob
    from toasoan.videos.models import Video

    pre_save.connect(_remember_listing, sender=ArticlePage)
    for model in _page_models():
        page_published.connect(_page_published, sender=model)
        page_unpublished.connect(_page_gone, sender=model)
        post_delete.connect(_page_gone, sender=model)
    post_page_move.connect(_page_moved)
    for signal in (post_save, post_delete):
        signal.connect(_video_changed, sender=Video)
        signal.connect(_comment_changed, sender=Comment)
        signal.connect(_setting_changed, sender=CommentSettings)
    post_save.connect(_print_job_changed, sender=ProcessingJob)
    post_save.connect(_author_changed, sender=Author)
    pre_delete.connect(_author_changed, sender=Author)
    post_save.connect(_image_changed, sender=get_image_model())
    pre_delete.connect(_image_changed, sender=get_image_model())
    for signal in (post_save, post_delete):
        signal.connect(_setting_changed, sender=Site)


def _page_models():
    from django.apps import apps

    return [m for m in apps.get_models() if issubclass(m, Page)]
