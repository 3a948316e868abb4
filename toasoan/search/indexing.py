"""Deferring search and reference indexing during bulk work.

Saving a page normally queues a search-index task and a reference-index task;
an import of thousands of pages would queue tens of thousands of them. Inside
`deferred_indexing()` nothing is queued, and the caller indexes what it
changed in bulk with `index_now()`.
"""

from contextlib import ExitStack, contextmanager

from django.db.models.signals import post_save
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_indexing(*models):
    with ExitStack() as stack:
        stack.enter_context(disable_reference_index_auto_update())
        for model in models:
            post_save.disconnect(post_save_signal_handler, sender=model)
            stack.callback(post_save.connect, post_save_signal_handler, sender=model)
        yield


def index_now(model, objects):
    """Add or update `objects` in every search index and the reference index."""
    objects = list(objects)
    if not objects:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
    for obj in objects:
        ReferenceIndex.create_or_update_for_object(obj)
