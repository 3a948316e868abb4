"""The signal plumbing, wired in apps.ready: a change, through the rules the
content apps registered (rules.py), to the tags it purges."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import rules, tags
from .purge import purge_tags

REMEMBERED = "_pagecache_before_save"


def _remember(sender, instance, raw=False, **kwargs):
    """Before a page is saved: what its rules want to compare after."""
    remember = rules.for_page(sender).remember
    if raw or not instance.pk or remember is None:
        return
    setattr(instance, REMEMBERED, remember(instance))


def _page_published(sender, instance, **kwargs):
    found = rules.for_page(type(instance))
    purge_tags(*found.published(instance, getattr(instance, REMEMBERED, None)))


def _page_gone(sender, instance, **kwargs):
    purge_tags(*rules.for_page(type(instance)).gone(instance))


def _page_moved(sender, instance, **kwargs):
    purge_tags(tags.SITE)  # addresses changed: every list may hold the old one


def _model_changed(sender, instance, signal, raw=False, created=False, **kwargs):
    found = rules.changed_model(sender)
    if raw or found is None or signal not in found.signals:
        return
    purge_tags(*found.changed(instance, created))


def _image_changed(sender, instance, raw=False, created=False, **kwargs):
    """An image edited (a new file, focal point or alt text) or removed: the
    pages showing it hold rendition addresses Wagtail may have deleted. Who
    shows it comes from Wagtail's reference index; each showing model's
    rules say what to purge (a page: its own tag, and more if it says so)."""
    if raw or created:
        return
    names = set()
    found = ReferenceIndex.get_references_to(instance).values_list(
        "content_type_id", "object_id"
    )
    for type_id, object_id in set(found):
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is not None:
            names.update(rules.image_tags(model, object_id, issubclass(model, Page)))
    purge_tags(*names)


def _site_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        purge_tags(tags.SITE)


def _connect_model(model, found):
    for signal in found.signals:
        signal.connect(_model_changed, sender=model)


def connect():
    for model in _page_models():
        pre_save.connect(_remember, sender=model)
        page_published.connect(_page_published, sender=model)
        page_unpublished.connect(_page_gone, sender=model)
        post_delete.connect(_page_gone, sender=model)
    post_page_move.connect(_page_moved)
    rules.on_register(_connect_model)
    post_save.connect(_image_changed, sender=get_image_model())
    pre_delete.connect(_image_changed, sender=get_image_model())
    for signal in (post_save, post_delete):
        signal.connect(_site_changed, sender=Site)


def _page_models():
    return [m for m in apps.get_models() if issubclass(m, Page)]
